package dev.vigil.client.httpserver;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import dev.vigil.client.exposition.ExpositionWriter;
import dev.vigil.client.exposition.MetricsResponder;
import dev.vigil.client.exposition.Scrape;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;

/** Routes {@code /metrics}, {@code /} and {@code /-/healthy}; everything else is a 404. */
final class MetricsHandler implements HttpHandler {
  /**
   * Looked up only when a scrape fails: creating a Logger initialises java.util.logging, which the
   * Java agent (which serves its endpoint with this class) must never do behind an application's
   * back (application servers such as WildFly install their own LogManager later).
   */
  private static final class Log {
    static final Logger LOG = Logger.getLogger(HTTPServer.class.getName());
  }
  private static final String PLAIN = "text/plain; charset=utf-8";
  private static final int MAX_MESSAGE = 200;

  private final MetricsResponder responder;
  /** Mounted in someone else's server: every path under the context is the scrape. */
  private final boolean anyPath;

  MetricsHandler(MetricsResponder responder, boolean anyPath) {
    this.responder = responder;
    this.anyPath = anyPath;
  }

  @Override
  public void handle(HttpExchange exchange) throws IOException {
    try {
      String path = exchange.getRequestURI().getPath();
      String method = exchange.getRequestMethod();
      boolean head = "HEAD".equals(method);
      if (!head && !"GET".equals(method)) {
        exchange.getResponseHeaders().set("Allow", "GET, HEAD");
        sendText(exchange, 405, "Method Not Allowed\n", false);
      } else if (anyPath || "/metrics".equals(path) || "/".equals(path)) {
        serveMetrics(exchange, head);
      } else if ("/-/healthy".equals(path)) {
        sendText(exchange, 200, "OK\n", head);
      } else {
        sendText(exchange, 404, "Not Found\n", head);
      }
    } finally {
      exchange.close();
    }
  }

  private void serveMetrics(HttpExchange exchange, boolean head) throws IOException {
    Headers request = exchange.getRequestHeaders();
    String accept = joined(request, "Accept");
    String acceptEncoding = joined(request, "Accept-Encoding");
    Headers response = exchange.getResponseHeaders();
    response.set("Vary", MetricsResponder.VARY);
    if (head) {
      // HEAD does not collect: it answers with the headers a GET would negotiate.
      ExpositionWriter writer = responder.negotiate(accept);
      response.set("Content-Type", writer.getContentType());
      if (MetricsResponder.acceptsGzip(acceptEncoding)) {
        response.set("Content-Encoding", "gzip");
      }
      exchange.sendResponseHeaders(200, -1);
      return;
    }
    Scrape scrape;
    try {
      scrape = responder.scrape(accept, acceptEncoding, exchange.getRequestURI().getRawQuery());
    } catch (Throwable t) {
      if (t instanceof VirtualMachineError) {
        throw (VirtualMachineError) t;
      }
      // A broken collector costs this scrape, not the server.
      Log.LOG.log(Level.WARNING, "collecting metrics failed", t);
      response.remove("Vary");
      sendText(exchange, 500, "Error collecting metrics: " + describe(t) + "\n", false);
      return;
    }
    response.set("Content-Type", scrape.getContentType());
    if (scrape.getContentEncoding() != null) {
      response.set("Content-Encoding", scrape.getContentEncoding());
    }
    // Length 0 = chunked: the body streams out as it is written, never held whole in memory.
    exchange.sendResponseHeaders(200, 0);
    try (OutputStream body = exchange.getResponseBody()) {
      scrape.writeBody(body);
    }
  }

  /** Repeated headers are equivalent to one with the values comma-separated. */
  private static String joined(Headers headers, String name) {
    List<String> values = headers.get(name);
    if (values == null || values.isEmpty()) {
      return null;
    }
    return values.size() == 1 ? values.get(0) : String.join(",", values);
  }

  private static String describe(Throwable t) {
    String message = t.getMessage();
    String s = t.getClass().getName() + (message == null ? "" : ": " + message);
    s = s.replace('\n', ' ').replace('\r', ' ');
    return s.length() <= MAX_MESSAGE ? s : s.substring(0, MAX_MESSAGE) + "...";
  }

  private static void sendText(HttpExchange exchange, int status, String text, boolean head)
      throws IOException {
    exchange.getResponseHeaders().set("Content-Type", PLAIN);
    if (head) {
      exchange.sendResponseHeaders(status, -1);
      return;
    }
    byte[] body = text.getBytes(StandardCharsets.UTF_8);
    exchange.sendResponseHeaders(status, body.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(body);
    }
  }
}
