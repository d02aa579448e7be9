package dev.vigil.server.cli;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import okhttp3.FormBody;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.ResponseBody;

/**
 * A small client for a Prometheus-compatible {@code /api/v1}: sends a request, checks the
 * envelope, and returns {@code data} as a JSON tree whose numbers keep their text (timestamps
 * such as {@code 1700000000.5} print back unchanged).
 */
final class QueryClient {
  static final ObjectMapper JSON = new ObjectMapper()
      .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
      .setNodeFactory(JsonNodeFactory.withExactBigDecimals(true))
      .enable(com.fasterxml.jackson.core.JsonGenerator.Feature.WRITE_BIGDECIMAL_AS_PLAIN);

  /** A failed request, worded as Prometheus's Go client words it ({@code type: message}). */
  static final class QueryError extends Exception {
    QueryError(String message) {
      super(message, null, false, false);
    }
  }

  /** The answer's data and the warnings that came with it. */
  record Answer(JsonNode data, List<String> warnings) {}

  private final HttpUrl base;
  private final Map<String, String> headers;
  private final OkHttpClient http = new OkHttpClient.Builder()
      .callTimeout(Duration.ofMinutes(5)).readTimeout(Duration.ofMinutes(5)).build();

  /** @throws IllegalArgumentException when {@code server} is not an http(s) URL */
  QueryClient(String server, Map<String, String> headers) {
    HttpUrl url = HttpUrl.parse(server);
    if (url == null) {
      throw new IllegalArgumentException("invalid server URL " + server
          + " (expected http://host:port)");
    }
    this.base = url;
    this.headers = headers;
  }

  /** POSTs {@code form} (name, value pairs; names may repeat) to {@code path} under the URL. */
  Answer post(String path, List<String[]> form) throws IOException, QueryError {
    FormBody.Builder body = new FormBody.Builder(StandardCharsets.UTF_8);
    for (String[] p : form) {
      body.add(p[0], p[1]);
    }
    return send(request(path).post(body.build()));
  }

  /** GETs {@code path} (already escaped) with {@code query} parameters. */
  Answer get(String path, List<String[]> query) throws IOException, QueryError {
    Request.Builder b = request(path);
    HttpUrl.Builder url = b.build().url().newBuilder();
    for (String[] p : query) {
      url.addQueryParameter(p[0], p[1]);
    }
    return send(b.url(url.build()).get());
  }

  /** A label name as a path segment. */
  static String segment(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
  }

  private Request.Builder request(String path) {
    String prefix = base.encodedPath().endsWith("/") ? base.encodedPath()
        : base.encodedPath() + "/";
    Request.Builder b = new Request.Builder()
        .url(base.newBuilder().encodedPath(prefix + path).build());
    headers.forEach(b::header);
    return b;
  }

  private Answer send(Request.Builder b) throws IOException, QueryError {
    try (Response r = http.newCall(b.build()).execute()) {
      ResponseBody body = r.body();
      String text = body == null ? "" : body.string();
      JsonNode root;
      try {
        root = JSON.readTree(text);
      } catch (IOException e) {
        throw new QueryError("server_error: server returned HTTP status " + r.code()
            + " " + r.message());
      }
      if (root == null || !root.isObject()) {
        throw new QueryError("bad_response: server returned HTTP status " + r.code()
            + " without a JSON object");
      }
      if ("error".equals(root.path("status").asText())) {
        throw new QueryError(root.path("errorType").asText() + ": "
            + root.path("error").asText());
      }
      if (r.code() / 100 != 2) {
        throw new QueryError("server_error: server returned HTTP status " + r.code()
            + " " + r.message());
      }
      List<String> warnings = new java.util.ArrayList<>();
      root.path("warnings").forEach(w -> warnings.add(w.asText()));
      return new Answer(shortest(root.path("data")), warnings);
    }
  }

  /**
   * Numbers (timestamps) as their shortest decimal, as Go's client re-prints them: servers send
   * vector points as {@code 1700000000.500}.
   */
  static JsonNode shortest(JsonNode n) {
    if (n.isContainerNode()) {
      if (n instanceof com.fasterxml.jackson.databind.node.ArrayNode a) {
        for (int i = 0; i < a.size(); i++) {
          a.set(i, shortest(a.get(i)));
        }
      } else {
        n.fields().forEachRemaining(e -> e.setValue(shortest(e.getValue())));
      }
      return n;
    }
    return n.isBigDecimal()
        ? com.fasterxml.jackson.databind.node.DecimalNode.valueOf(
            n.decimalValue().stripTrailingZeros())
        : n;
  }
}
