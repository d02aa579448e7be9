package dev.vigil.exporters.redis;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.vigil.client.exposition.PrometheusTextWriter;
import dev.vigil.exporters.testing.Services;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.lang.management.ManagementFactory;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Side-by-side cost per scrape of the shared Redis: Vigil's collect + text exposition (CPU time
 * and bytes allocated by the scraping thread) and Debian's redis_exporter (process CPU from
 * /proc/pid/stat, allocation from its go_memstats_alloc_bytes_total, both including its HTTP
 * handling, so the comparison leans in the peer's favour). Not a unit test: run it with
 * {@code -Dtest=RedisScrapeBench -Dredis.bench=<scrapes>}.
 */
class RedisScrapeBench {
  @Test
  void costPerScrape() throws Exception {
    int n = Integer.getInteger("redis.bench", 0);
    assumeTrue(n > 0, "set -Dredis.bench=<scrapes> to run");
    Services.requireTcp(6379, "Redis");
    Path peerBin = Services.requireProgram("/usr/bin/prometheus-redis-exporter",
        "prometheus-redis-exporter");

    var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    long tid = Thread.currentThread().getId();
    try (RedisExporter e = new RedisExporter("redis", Duration.ofSeconds(5),
        List.of(RedisAddress.parse("redis://127.0.0.1:6379")))) {
      for (int i = 0; i < Math.min(n, 50); i++) {
        scrape(e); // warm-up: class loading and JIT are not per-scrape costs
      }
      long cpu0 = threads.getCurrentThreadCpuTime();
      long alloc0 = threads.getThreadAllocatedBytes(tid);
      for (int i = 0; i < n; i++) {
        scrape(e);
      }
      System.out.printf("vigil redis: %.3f ms CPU, %.1f KiB allocated per scrape (%d scrapes)%n",
          (threads.getCurrentThreadCpuTime() - cpu0) / 1e6 / n,
          (threads.getThreadAllocatedBytes(tid) - alloc0) / 1024.0 / n, n);
    }

    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    File log = File.createTempFile("vigil-redis-bench", ".log");
    Process peer = new ProcessBuilder(peerBin.toString(), "--redis.addr=redis://127.0.0.1:6379",
        "--web.listen-address=127.0.0.1:" + port).redirectErrorStream(true).redirectOutput(log)
        .start();
    try {
      HttpClient http = HttpClient.newHttpClient();
      String url = "http://127.0.0.1:" + port + "/metrics";
      String first = null;
      for (int i = 0; i < 100 && first == null; i++) {
        try {
          first = get(http, url);
        } catch (java.io.IOException notYet) {
          Thread.sleep(100);
        }
      }
      for (int i = 0; i < Math.min(n, 50); i++) {
        get(http, url);
      }
      long ticks0 = cpuTicks(peer.pid());
      double alloc0 = goAlloc(get(http, url));
      String last = null;
      for (int i = 0; i < n; i++) {
        last = get(http, url);
      }
      long ticks = cpuTicks(peer.pid()) - ticks0;
      System.out.printf("peer redis_exporter: %.3f ms CPU, %.1f KiB allocated per scrape%n",
          ticks * 10.0 / n, (goAlloc(last) - alloc0) / 1024.0 / n);
    } finally {
      peer.destroyForcibly();
      peer.waitFor(10, TimeUnit.SECONDS);
      log.delete();
    }
  }

  private static void scrape(RedisExporter e) throws Exception {
    new PrometheusTextWriter().write(new ByteArrayOutputStream(), e.collect());
  }

  private static String get(HttpClient http, String url) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create(url)).build(),
        HttpResponse.BodyHandlers.ofString()).body();
  }

  /** utime + stime in clock ticks (USER_HZ, 100 on Linux). */
  private static long cpuTicks(long pid) throws Exception {
    String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
    String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    return Long.parseLong(f[11]) + Long.parseLong(f[12]);
  }

  private static double goAlloc(String text) {
    for (String line : text.split("\n")) {
      if (line.startsWith("go_memstats_alloc_bytes_total ")) {
        return Double.parseDouble(line.substring(line.indexOf(' ') + 1));
      }
    }
    return Double.NaN;
  }
}
