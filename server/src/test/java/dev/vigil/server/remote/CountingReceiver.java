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
  final List<String> log = new ArrayList<>();
  volatile int answer = 204;
  private volatile boolean down;
  private volatile long lastAnswerNanos;
  private final AtomicInteger inFlight = new AtomicInteger();
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
    synchronized (log) {
      log.add(System.currentTimeMillis() % 100000 + " starting");
    }
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 50);
    down = false;
    server.createContext("/api/v1/write", ex -> {
      inFlight.incrementAndGet();
      try (InputStream in = ex.getRequestBody()) {
        if (down) {
          return; // closed without an answer: the sender sees a broken connection
        }
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
          var decoded = Prompb.decodeWriteRequest(raw, raw.length).series();
          synchronized (log) {
            log.add(System.currentTimeMillis() % 100000 + " down=" + down + " first="
                + (decoded.isEmpty() ? "-" : decoded.get(0).values()[0]) + " n="
                + decoded.size());
          }
          for (Prompb.Series s : decoded) {
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
        lastAnswerNanos = System.nanoTime();
        inFlight.decrementAndGet();
      }
    });
    server.start();
  }

  /**
   * Goes down the way a receiver that loses nothing does: requests being handled finish and
   * their answers get out, later ones are cut off unanswered (and not counted). A request counted
   * whose answer never reached the sender would be resent, rightly (the sender cannot know it
   * arrived), and would look like a duplicate the sender made.
   */
  synchronized void stop() {
    synchronized (log) {
      log.add(System.currentTimeMillis() % 100000 + " stopping");
    }
    down = true;
    long until = System.currentTimeMillis() + 5_000;
    while (inFlight.get() > 0 && System.currentTimeMillis() < until) {
      Thread.onSpinWait();
    }
    try {
      Thread.sleep(200); // answers already written reach the sender before sockets close
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    server.stop(0);
  }

  /** Waits until nothing is in flight and nothing was answered for {@code idleMillis}. */
  void awaitIdle(long idleMillis) throws InterruptedException {
    long deadline = System.nanoTime() + 30_000_000_000L;
    while (System.nanoTime() < deadline) {
      if (inFlight.get() == 0 && System.nanoTime() - lastAnswerNanos >= idleMillis * 1_000_000) {
        return;
      }
      Thread.sleep(5);
    }
    throw new AssertionError("the sender did not go idle in 30 s");
  }

  long samples() {
    return seen.size();
  }

  @Override
  public void close() {
    stop();
  }
}
