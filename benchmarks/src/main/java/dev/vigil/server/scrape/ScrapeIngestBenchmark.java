package dev.vigil.server.scrape;

import dev.vigil.server.model.Labels;
import dev.vigil.server.tsdb.Head;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Protocol;
import okhttp3.Response;
import okhttp3.ResponseBody;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;

/**
 * One scrape loop ingesting a 10,000-series target into an in-memory {@link Head}, without a
 * network: an OkHttp interceptor answers every request with a pre-rendered body, so the fetch
 * still goes through the Fetcher (buffer reads included) but no socket. Scores are per sample
 * ({@code @OperationsPerInvocation}), so {@code -prof gc}'s {@code gc.alloc.rate.norm} is bytes
 * allocated per sample. The Head has no WAL here: this measures the scrape path, not disk.
 *
 * <p>The body looks like {@code bench/ingest/targets.py}'s: families of 100 series, half
 * counters, half gauges, 4 labels each, HELP and TYPE per family. Four bodies with different
 * values take turns, and the clock moves one interval per scrape, as a real target would.
 *
 * <p>It lives in the scrape package because the loop is package-private. {@link #main} runs
 * the same scrapes without JMH and reports the scraping thread's own CPU time and allocation per
 * sample, which hold up better than wall time on a machine shared with other work:
 * {@code java -cp benchmarks/target/benchmarks.jar dev.vigil.server.scrape.ScrapeIngestBenchmark}.
 */
@State(Scope.Thread)
@Threads(1)
public class ScrapeIngestBenchmark {
  static final int SERIES = 10_000;
  private static final int BODIES = 4;
  private static final MediaType TEXT = MediaType.get("text/plain; version=0.0.4; charset=utf-8");

  private final byte[][] bodies = new byte[BODIES][];
  private int turn;
  private long now = 1_700_000_000_000L;
  private Head head;
  private ScrapeLoop loop;

  static byte[] body(int variant) {
    StringBuilder sb = new StringBuilder(SERIES * 90);
    String[] methods = {"GET", "POST", "PUT", "DELETE"};
    int[] codes = {200, 404, 500};
    for (int i = 0; i < SERIES; i++) {
      int fam = i / 100;
      boolean counter = fam % 2 == 0;
      String base = counter ? "bench_requests_" + fam : "bench_queue_depth_" + fam;
      if (i % 100 == 0) {
        sb.append("# HELP ").append(base).append(" Synthetic series.\n# TYPE ").append(base)
            .append(counter ? " counter\n" : " gauge\n");
      }
      sb.append(base).append(counter ? "_total" : "")
          .append("{path=\"/api/v").append(i % 100).append("\",method=\"")
          .append(methods[i % 4]).append("\",code=\"").append(codes[i % 3])
          .append("\",shard=\"0\"} ");
      if (counter) {
        sb.append(1000L * variant + i);
      } else {
        sb.append(String.format("%.3f", Math.sin(i + variant) * 50));
      }
      sb.append('\n');
    }
    return sb.toString().getBytes(StandardCharsets.UTF_8);
  }

  @Setup(Level.Trial)
  public void setUp() {
    for (int i = 0; i < BODIES; i++) {
      bodies[i] = body(i);
    }
    head = new Head();
    OkHttpClient client = new OkHttpClient.Builder()
        .addInterceptor(chain -> new Response.Builder()
            .request(chain.request())
            .protocol(Protocol.HTTP_1_1)
            .code(200)
            .message("OK")
            .header("Content-Type", TEXT.toString())
            // Streamed like a socket body, through okio's segment pool; a Buffer made from the
            // whole array would allocate fresh segments for every scrape, which a real fetch does not.
            .body(ResponseBody.create(okio.Okio.buffer(okio.Okio.source(
                new java.io.ByteArrayInputStream(bodies[turn % BODIES]))),
                TEXT, bodies[turn++ % BODIES].length))
            .build())
        .build();
    Target target = new Target("bench", Labels.of("job", "bench", "instance", "localhost:9100"),
        Labels.EMPTY, "http://localhost:9100/metrics");
    ScrapeSettings settings = new ScrapeSettings(15_000, 10_000, false, true, List.of(), Map.of(),
        0, 0, 0, 0, 0);
    loop = new ScrapeLoop(target, settings, head, new Fetcher(client, null),
        new ExpositionBodyParser(), () -> now, ScrapeMetrics.unregistered());
  }

  /** Args: warm-up scrapes (300), measured scrapes (1000), rounds (3). */
  public static void main(String[] args) {
    int warmup = args.length > 0 ? Integer.parseInt(args[0]) : 300;
    int measured = args.length > 1 ? Integer.parseInt(args[1]) : 1000;
    int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 3;
    com.sun.management.ThreadMXBean threads =
        (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
    long self = Thread.currentThread().getId();
    ScrapeIngestBenchmark b = new ScrapeIngestBenchmark();
    b.setUp();
    for (int i = 0; i < warmup; i++) {
      b.scrape();
    }
    for (int r = 0; r < rounds; r++) {
      long cpu0 = threads.getCurrentThreadCpuTime();
      long alloc0 = threads.getThreadAllocatedBytes(self);
      long wall0 = System.nanoTime();
      for (int i = 0; i < measured; i++) {
        b.scrape();
      }
      double samples = (double) measured * SERIES;
      System.out.printf("round %d: %d scrapes of %d series: %.0f ns CPU/sample, %.0f ns wall/sample,"
          + " %.1f bytes allocated/sample%n", r + 1, measured, SERIES,
          (threads.getCurrentThreadCpuTime() - cpu0) / samples,
          (System.nanoTime() - wall0) / samples,
          (threads.getThreadAllocatedBytes(self) - alloc0) / samples);
    }
  }

  @Benchmark
  @OperationsPerInvocation(SERIES)
  public void scrape() {
    now += 15_000;
    loop.scrapeOnce();
    if (!loop.target().lastError().isEmpty()) {
      throw new IllegalStateException(loop.target().lastError());
    }
  }
}
