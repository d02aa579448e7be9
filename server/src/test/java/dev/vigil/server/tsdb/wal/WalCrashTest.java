package dev.vigil.server.tsdb.wal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A real kill -9 of a writing JVM: every batch it reported as committed must replay. */
class WalCrashTest {
  @TempDir Path dir;

  @Test
  void everyReportedCommitSurvivesKill9() throws Exception {
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    Process p = new ProcessBuilder(java.toString(), "-Xshare:auto", "-XX:TieredStopAtLevel=1",
        "-cp", System.getProperty("java.class.path"), WalCrashChildMain.class.getName(),
        dir.toString())
        .redirectError(ProcessBuilder.Redirect.INHERIT)
        .start();
    // A reader thread, because destroying the process closes its streams under a reader.
    AtomicLong reported = new AtomicLong();
    Thread reader = new Thread(() -> {
      try (BufferedReader in = new BufferedReader(
          new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
        String line;
        while ((line = in.readLine()) != null) {
          if (line.startsWith("committed ")) {
            reported.set(Long.parseLong(line.substring("committed ".length())));
          }
        }
      } catch (IOException e) {
        // the stream was closed by the kill; what was read so far is what counts
      }
    });
    reader.start();
    try {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
      while (reported.get() < 2000 && System.nanoTime() < deadline && p.isAlive()) {
        Thread.sleep(5);
      }
      p.destroyForcibly(); // SIGKILL on Unix: no shutdown hooks, no close()
      p.waitFor(10, TimeUnit.SECONDS);
      reader.join(10_000);
    } finally {
      p.destroyForcibly();
    }
    // Every line read was printed after its commit returned.
    long lastReported = reported.get();
    assertThat(lastReported).as("the child reported commits").isGreaterThan(0);

    Recorded r = new Recorded();
    ReplayStats stats = WalReader.replay(dir, r);

    // Killing the child also closes our end of its stdout, so lines still in the pipe are lost:
    // the WAL may hold more batches than were reported, but never fewer, and never a gap.
    long lastInWal = r.series.keySet().stream().mapToLong(Long::longValue).max().orElse(0);
    assertThat(lastInWal).isGreaterThanOrEqualTo(lastReported);
    for (long i = 1; i <= lastInWal; i++) {
      assertThat(r.series).as("series of batch %d", i).containsKey(i);
      Map<Long, Double> expected = new TreeMap<>();
      for (int k = 0; k < WalCrashChildMain.SAMPLES_PER_BATCH; k++) {
        expected.put(i * 1000 + k, (double) k);
      }
      assertThat(r.samples.get(i)).as("samples of batch %d", i).isEqualTo(expected);
    }
    assertThat(stats.corruptions()).isLessThanOrEqualTo(1);
    if (stats.corruptions() == 0) {
      assertThat(stats.truncatedBytes()).isZero();
    }
    System.out.println("kill -9 after " + lastReported + " reported commits: " + stats);
  }
}
