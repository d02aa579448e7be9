package dev.vigil.server.scrape;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;

/** A real HTTP target whose response a test changes at will: body, content type, delay. */
final class TestTarget implements AutoCloseable {
  private final HttpServer server;
  volatile String body = "";
  volatile String contentType = "text/plain; version=0.0.4";
  volatile int status = 200;
  volatile long delayMillis;
  volatile int requests;
  volatile String lastAuthorization;
  volatile boolean gzip;

  TestTarget() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.setExecutor(Executors.newCachedThreadPool(r -> {
      Thread t = new Thread(r, "test-target");
      t.setDaemon(true);
      return t;
    }));
    server.createContext("/metrics", ex -> {
      requests++;
      lastAuthorization = ex.getRequestHeaders().getFirst("Authorization");
      try {
        Thread.sleep(delayMillis);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      byte[] b = body.getBytes(StandardCharsets.UTF_8);
      ex.getResponseHeaders().set("Content-Type", contentType);
      String accepts = ex.getRequestHeaders().getFirst("Accept-Encoding");
      if (gzip && accepts != null && accepts.contains("gzip")) {
        java.io.ByteArrayOutputStream z = new java.io.ByteArrayOutputStream();
        try (java.util.zip.GZIPOutputStream g = new java.util.zip.GZIPOutputStream(z)) {
          g.write(b);
        }
        b = z.toByteArray();
        ex.getResponseHeaders().set("Content-Encoding", "gzip");
      }
      try {
        ex.sendResponseHeaders(status, b.length == 0 ? -1 : b.length);
        try (OutputStream out = ex.getResponseBody()) {
          out.write(b);
        }
      } catch (IOException e) {
        // The scraper gave up (timeout): fine.
      }
    });
    server.start();
  }

  String address() {
    return "127.0.0.1:" + server.getAddress().getPort();
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
