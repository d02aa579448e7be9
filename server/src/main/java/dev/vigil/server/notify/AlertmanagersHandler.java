package dev.vigil.server.notify;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.List;

/**
 * {@code GET /api/v1/alertmanagers}: the Alertmanagers alerts are sent to, and the discovered
 * ones relabelling dropped, in Prometheus's JSON shape. Stateless; safe on an IO thread (it
 * only reads two lists).
 */
public final class AlertmanagersHandler implements HttpHandler {
  private static final JsonFactory JSON = new JsonFactory();
  private final AlertmanagerSender sender;

  public AlertmanagersHandler(AlertmanagerSender sender) {
    this.sender = sender;
  }

  @Override
  public void handleRequest(HttpServerExchange exchange) throws IOException {
    exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "application/json");
    exchange.getResponseSender().send(ByteBuffer.wrap(body(sender.activeAlertmanagers(),
        sender.droppedAlertmanagers())));
  }

  static byte[] body(List<String> active, List<String> dropped) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (JsonGenerator g = JSON.createGenerator(out)) {
      g.writeStartObject();
      g.writeStringField("status", "success");
      g.writeObjectFieldStart("data");
      list(g, "activeAlertmanagers", active);
      list(g, "droppedAlertmanagers", dropped);
      g.writeEndObject();
      g.writeEndObject();
    }
    return out.toByteArray();
  }

  private static void list(JsonGenerator g, String field, List<String> urls) throws IOException {
    g.writeArrayFieldStart(field);
    for (String u : urls) {
      g.writeStartObject();
      g.writeStringField("url", u);
      g.writeEndObject();
    }
    g.writeEndArray();
  }
}
