package dev.vigil.server.remote;

import com.sun.net.httpserver.HttpServer;
import dev.vigil.server.model.Labels;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.xerial.snappy.Snappy;

/**
 * A remote write receiver for tests that remembers how often each (series, timestamp) arrived,
 * so a test can tell "every sample, none twice" apart from "every sample". It can be stopped
 * and started again on the same port to play an outage. Answers 204, or whatever status
 * {@link #answer} is set to.
 */
final class CountingReceiver implements AutoCloseable {
  record Key(Labels labels, long t, double v) {}

  final Map<Key, AtomicInteger> seen = new ConcurrentHashMap<>();
  final AtomicLong requests = new AtomicLong();
  final List<String> problems = new ArrayList<>();
  volatile int answer = 204;
  private final int port;
  private HttpServer server;

  CountingReceiver(int port) throws IOException {
    this.port = port;
    start();
  }

  String url() {
    return "http://127.0.0.1:" + port + "/api/v1/write";
  }

  synchronized void start() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 50);
    server.createContext("/api/v1/write", ex -> {
      try (InputStream in = ex.getRequestBody()) {
        byte[] body = in.readAllBytes();
        String problem = null;
        if (!"snappy".equals(ex.getRequestHeaders().getFirst("Content-Encoding"))
            || !"application/x-protobuf".equals(ex.getRequestHeaders().getFirst("Content-Type"))
            || !"0.1.0".equals(ex.getRequestHeaders()
                .getFirst("X-Prometheus-Remote-Write-Version"))
            || ex.getRequestHeaders().getFirst("User-Agent") == null) {
          problem = "missing or wrong headers: " + ex.getRequestHeaders().entrySet();
        }
        int status = answer;
        if (problem == null && status == 204) {
          byte[] raw = Snappy.uncompress(body);
          for (Prompb.Series s : Prompb.decodeWriteRequest(raw, raw.length).series()) {
            for (int i = 0; i < s.timestamps().length; i++) {
              seen.computeIfAbsent(new Key(s.labels(), s.timestamps()[i], s.values()[i]),
                  k -> new AtomicInteger()).incrementAndGet();
            }
          }
        }
        if (problem != null) {
          synchronized (problems) {
            problems.add(problem);
          }
          status = 400;
        }
        requests.incrementAndGet();
        ex.sendResponseHeaders(status, -1);
      } finally {
        ex.close();
      }
    });
    server.start();
  }

  /**
   * Stops listening, letting requests being handled finish first: a request counted here whose
   * answer never reached the sender would be resent, rightly (the sender cannot know it
   * arrived), and would look like a duplicate the sender made.
   */
  synchronized void stop() {
    server.stop(2);
  }

  long samples() {
    return seen.size();
  }

  @Override
  public void close() {
    stop();
  }
}
