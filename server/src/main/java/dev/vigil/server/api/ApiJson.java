package dev.vigil.server.api;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import java.io.IOException;
import java.io.OutputStream;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Prometheus's response envelope, written with Jackson's streaming generator:
 * {@code {"status":"success","data":...,"warnings":[...],"infos":[...]}} (warnings and infos
 * only when there are some) and {@code {"status":"error","errorType":...,"error":...}}.
 */
public final class ApiJson {
  private static final Logger LOG = LoggerFactory.getLogger(ApiJson.class);
  /** Thread-safe and costly to make: one for the process. */
  static final JsonFactory FACTORY = new JsonFactory();

  private ApiJson() {}

  /** What an API endpoint does with a request. */
  @FunctionalInterface
  public interface Endpoint {
    ApiResponse handle(ApiRequest request) throws ApiException, IOException;
  }

  /**
   * An Undertow handler for {@code endpoint}: reads the parameters (URL and form body), runs
   * it, and writes the envelope; refusals become error bodies, anything unexpected a 500
   * {@code internal} error. Must run off the IO threads (the web server dispatches so).
   */
  public static HttpHandler handler(Endpoint endpoint) {
    return ex -> {
      ApiResponse response;
      try {
        response = endpoint.handle(ApiRequest.read(ex));
      } catch (ApiException e) {
        error(ex, e.type(), e.getMessage());
        return;
      } catch (IOException | RuntimeException e) {
        LOG.error("API request {} failed", ex.getRequestPath(), e);
        error(ex, ApiException.Type.INTERNAL, e.getMessage() == null ? e.toString()
            : e.getMessage());
        return;
      }
      success(ex, response);
    };
  }

  static void success(HttpServerExchange ex, ApiResponse r) throws IOException {
    if (r.noContent()) {
      ex.setStatusCode(204);
      ex.endExchange();
      return;
    }
    try (JsonGenerator g = start(ex, 200)) {
      g.writeStartObject();
      g.writeStringField("status", "success");
      g.writeFieldName("data");
      r.data().write(g);
      strings(g, "warnings", r.warnings());
      strings(g, "infos", r.infos());
      g.writeEndObject();
    }
  }

  /** Writes an error envelope with the type's HTTP status. */
  public static void error(HttpServerExchange ex, ApiException.Type type, String message)
      throws IOException {
    try (JsonGenerator g = start(ex, type.status())) {
      g.writeStartObject();
      g.writeStringField("status", "error");
      g.writeStringField("errorType", type.json());
      g.writeStringField("error", message);
      g.writeEndObject();
    }
  }

  private static void strings(JsonGenerator g, String field, List<String> values)
      throws IOException {
    if (values.isEmpty()) {
      return;
    }
    g.writeArrayFieldStart(field);
    for (String s : values) {
      g.writeString(s);
    }
    g.writeEndArray();
  }

  private static JsonGenerator start(HttpServerExchange ex, int status) throws IOException {
    ex.setStatusCode(status);
    ex.getResponseHeaders().put(Headers.CONTENT_TYPE, "application/json");
    if (!ex.isBlocking()) {
      ex.startBlocking();
    }
    OutputStream out = ex.getOutputStream();
    return FACTORY.createGenerator(out, JsonEncoding.UTF8);
  }

  /** Writes labels as a JSON object, names in order. */
  public static void labels(JsonGenerator g, dev.vigil.server.model.Labels l) throws IOException {
    g.writeStartObject();
    for (int i = 0; i < l.size(); i++) {
      g.writeStringField(l.name(i), l.value(i));
    }
    g.writeEndObject();
  }
}
