import com.sun.net.httpserver.HttpServer;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;

/**
 * The benchmark's application: a JDK HttpServer on 127.0.0.1:PORT (args[0]) with 4 worker
 * threads. {@code /hello} answers a small body; {@code /users/<n>} one that depends on n, so the
 * agents see more than one route.
 */
public final class HelloServer {
  public static void main(String[] args) throws Exception {
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1",
        Integer.parseInt(args[0])), 1024);
    server.setExecutor(Executors.newFixedThreadPool(4));
    server.createContext("/", ex -> {
      String path = ex.getRequestURI().getPath();
      byte[] body = (path.startsWith("/users/") ? "user " + path.substring(7) : "hello")
          .getBytes(StandardCharsets.UTF_8);
      ex.getResponseHeaders().set("Content-Type", "text/plain");
      ex.sendResponseHeaders(200, body.length);
      try (OutputStream out = ex.getResponseBody()) {
        out.write(body);
      }
    });
    server.start();
  }
}
