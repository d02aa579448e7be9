package dev.vigil.examples.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.Iterator;
import java.util.Map;

/**
 * A webhook receiver that prints each notification it gets from the alert handling: one line
 * per alert with its status and labels. Stands in for Slack or a pager in the local stack.
 *
 * <p>Run: {@code java -cp examples/target/vigil-example-app.jar
 * dev.vigil.examples.webhook.WebhookPrinter [--port 5001]}.
 */
public final class WebhookPrinter {
  private static final ObjectMapper JSON = new ObjectMapper();

  private WebhookPrinter() {}

  public static void main(String[] args) throws IOException {
    int port = args.length == 2 && args[0].equals("--port") ? Integer.parseInt(args[1]) : 5001;
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
    server.createContext("/", ex -> {
      try (InputStream in = ex.getRequestBody()) {
        System.out.print(describe(JSON.readTree(in.readNBytes(1 << 20))));
        System.out.flush();
      } catch (IOException | RuntimeException e) {
        System.out.println("unreadable notification: " + e.getMessage());
      }
      ex.sendResponseHeaders(200, -1);
      ex.close();
    });
    server.start();
    System.out.println("Webhook receiver printing notifications from http://127.0.0.1:" + port + "/");
  }

  /** One header line per notification and one line per alert. */
  public static String describe(JsonNode n) {
    StringBuilder sb = new StringBuilder();
    sb.append(Instant.now()).append(" notification to ").append(n.path("receiver").asText())
        .append(": ").append(n.path("status").asText().toUpperCase())
        .append(" (").append(n.path("alerts").size()).append(" alert(s))\n");
    for (JsonNode a : n.path("alerts")) {
      sb.append("  ").append(a.path("status").asText()).append(' ');
      Iterator<Map.Entry<String, JsonNode>> labels = a.path("labels").fields();
      StringBuilder ls = new StringBuilder();
      while (labels.hasNext()) {
        Map.Entry<String, JsonNode> l = labels.next();
        ls.append(ls.length() == 0 ? "" : ", ").append(l.getKey()).append('=')
            .append(l.getValue().asText());
      }
      sb.append('{').append(ls).append('}');
      String summary = a.path("annotations").path("summary").asText("");
      if (!summary.isEmpty()) {
        sb.append(" - ").append(summary);
      }
      sb.append('\n');
    }
    return sb.toString();
  }
}
