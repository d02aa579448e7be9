package dev.vigil.examples.batch;

import dev.vigil.client.core.Gauge;
import dev.vigil.client.exposition.PrometheusTextWriter;
import dev.vigil.client.model.Registry;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A batch job that is not running when the server scrapes, so it leaves its metrics in a file
 * for the host exporter's textfile collector ({@code --collector.textfile.directory}), the usual
 * way for cron jobs: when it last succeeded, how long it took, how much it did. An alert on
 * {@code time() - vigil_example_batch_last_success_timestamp_seconds} catches a job that stopped
 * succeeding.
 *
 * <p>Run once: {@code java -cp examples/target/vigil-example-app.jar
 * dev.vigil.examples.batch.BatchJob --textfile-dir DIR}; {@code --every SECONDS} repeats it,
 * {@code --fail} makes each run fail.
 */
public final class BatchJob {
  private final Path file;
  private final Registry registry = new Registry();
  private final Gauge lastSuccess;
  private final Gauge lastRun;
  private final Gauge duration;
  private final Gauge records;
  private final Gauge lastFailed;

  public BatchJob(Path textfileDir) {
    this.file = textfileDir.resolve("vigil_example_batch.prom");
    lastSuccess = gauge("vigil_example_batch_last_success_timestamp_seconds",
        "When the job last finished without error, in seconds since the epoch.");
    lastRun = gauge("vigil_example_batch_last_run_timestamp_seconds",
        "When the job last ran, in seconds since the epoch.");
    duration = gauge("vigil_example_batch_duration_seconds", "How long the last run took.");
    records = gauge("vigil_example_batch_records_processed",
        "Records the last successful run processed.");
    lastFailed = gauge("vigil_example_batch_last_run_failed", "1 if the last run failed.");
  }

  private Gauge gauge(String name, String help) {
    return Gauge.builder().name(name).help(help).register(registry);
  }

  /** One run: does the work (or fails), then rewrites the file atomically. */
  public void runOnce(boolean fail) throws IOException {
    long start = System.nanoTime();
    int done = 0;
    boolean ok = !fail;
    if (ok) {
      done = 1_000 + ThreadLocalRandom.current().nextInt(9_000);
    }
    double now = System.currentTimeMillis() / 1000.0;
    lastRun.set(now);
    duration.set((System.nanoTime() - start) / 1e9);
    lastFailed.set(ok ? 0 : 1);
    if (ok) {
      lastSuccess.set(now);
      records.set(done);
    }
    write();
  }

  /** Writes to a temporary file and renames it, so the collector never reads half a file. */
  private void write() throws IOException {
    Files.createDirectories(file.getParent());
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    try (OutputStream out = Files.newOutputStream(tmp)) {
      new PrometheusTextWriter().write(out, registry.scrape());
    }
    Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  public static void main(String[] args) throws Exception {
    Path dir = null;
    long every = 0;
    boolean fail = false;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--textfile-dir" -> dir = Path.of(args[++i]);
        case "--every" -> every = Long.parseLong(args[++i]);
        case "--fail" -> fail = true;
        default -> {
          System.err.println("usage: BatchJob --textfile-dir DIR [--every SECONDS] [--fail]");
          System.exit(2);
        }
      }
    }
    if (dir == null) {
      System.err.println("usage: BatchJob --textfile-dir DIR [--every SECONDS] [--fail]");
      System.exit(2);
    }
    BatchJob job = new BatchJob(dir);
    do {
      job.runOnce(fail);
      if (every > 0) {
        Thread.sleep(every * 1000);
      }
    } while (every > 0);
  }
}
