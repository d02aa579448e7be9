package dev.vigil.server.tsdb.wal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.server.model.Labels;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The WAL's counters agree with what it did and with the files on disk. */
class WalMetricsTest {
  @TempDir
  Path dir;

  /** What Prometheus's size metric measures: every regular file under the WAL directory. */
  private long dirSize() throws IOException {
    try (Stream<Path> files = Files.walk(dir)) {
      return files.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
    }
  }

  /** Batch {@code i}: a new series record, then 20 samples; two records. */
  private static void log(Wal wal, WalBatch b, long i) throws IOException {
    b.series(i, Labels.of("__name__", "m", "i", Long.toString(i)));
    for (int k = 0; k < 20; k++) {
      b.sample(i, i * 1000 + k, k);
    }
    wal.log(b);
  }

  @Test
  void sizeFollowsWritesRolloversAndCheckpoints() throws IOException {
    WalBatch b = new WalBatch();
    AtomicLong observed = new AtomicLong();
    try (Wal wal = Wal.open(dir, new Wal.Options(4 << 10, Duration.ZERO))) {
      WalMetrics m = wal.metrics();
      wal.onFsync(nanos -> observed.incrementAndGet());
      assertThat(m.sizeBytes()).isZero();
      int first = m.segmentCurrent();
      for (long i = 1; i <= 100; i++) {
        log(wal, b, i);
        assertThat(m.sizeBytes()).as("after batch %d", i).isEqualTo(dirSize());
      }
      assertThat(m.segmentCurrent()).as("rolled over").isGreaterThan(first + 3)
          .isEqualTo(wal.currentSegment());
      assertThat(m.recordsWritten()).isEqualTo(200);
      // Nothing was deleted yet: every byte written is in the directory.
      assertThat(m.bytesWritten()).isEqualTo(dirSize());
      // Fsync per commit, plus one per rollover.
      assertThat(m.fsyncs()).isEqualTo(100 + m.segmentCurrent() - first);
      assertThat(observed.get()).isEqualTo(m.fsyncs());
      assertThat(m.fsyncSeconds()).isPositive();

      int upTo = wal.cutSegment();
      assertThat(m.sizeBytes()).isEqualTo(dirSize());
      long beforeCheckpoint = m.sizeBytes();
      // Keep half the series and the newer half of the samples: the checkpoint is smaller.
      wal.checkpoint(upTo, ref -> ref % 2 == 0, (ref, t) -> t >= 50_000);
      assertThat(m.sizeBytes()).isEqualTo(dirSize()).isLessThan(beforeCheckpoint / 2);
      assertThat(m.truncations()).isEqualTo(1);
      assertThat(m.checkpointCreations()).isEqualTo(1);
      assertThat(m.truncateSeconds()).isPositive();
      assertThat(m.truncationsFailed()).isZero();

      // Writes go on after the checkpoint; a second checkpoint folds in the first.
      for (long i = 101; i <= 150; i++) {
        log(wal, b, i);
      }
      wal.checkpoint(wal.cutSegment(), ref -> true, (ref, t) -> t >= 120_000);
      assertThat(m.sizeBytes()).isEqualTo(dirSize());
      assertThat(m.checkpointCreations()).isEqualTo(2);

      // The same checkpoint again is refused: counted as a failed attempt, size unchanged.
      int again = wal.currentSegment() - 1;
      assertThatThrownBy(() -> wal.checkpoint(again, ref -> true, (ref, t) -> true))
          .isInstanceOf(IllegalArgumentException.class);
      assertThat(m.truncations()).isEqualTo(3);
      assertThat(m.truncationsFailed()).isEqualTo(1);
      assertThat(m.checkpointCreationsFailed()).isEqualTo(1);
      assertThat(m.sizeBytes()).isEqualTo(dirSize());
      assertThat(m.writesFailed()).isZero();
    }
    // A new writer sizes what is there once, at open.
    try (Wal wal = Wal.open(dir, new Wal.Options(4 << 10, Duration.ZERO))) {
      assertThat(wal.metrics().sizeBytes()).isEqualTo(dirSize()).isPositive();
      assertThat(wal.metrics().fsyncs()).isZero();
    }
  }

  @Test
  void failedWritesAreCounted() throws IOException {
    WalBatch b = new WalBatch();
    Wal wal = Wal.open(dir, new Wal.Options(4 << 10, null));
    log(wal, b, 1);
    assertThat(wal.metrics().fsyncs()).as("no fsync policy").isZero();
    wal.close();
    assertThat(wal.metrics().fsyncs()).as("close fsyncs").isEqualTo(1);
    b.reset();
    assertThatThrownBy(() -> log(wal, b, 2)).isInstanceOf(IOException.class)
        .hasMessageContaining("closed");
    assertThat(wal.metrics().writesFailed()).isEqualTo(1);
    assertThat(wal.metrics().recordsWritten()).isEqualTo(2);
    assertThat(wal.metrics().sizeBytes()).isEqualTo(dirSize());
  }

  @Test
  void backgroundFsyncsAreTimedToo() throws Exception {
    WalBatch b = new WalBatch();
    try (Wal wal = Wal.open(dir, new Wal.Options(1 << 20, Duration.ofMillis(10)))) {
      log(wal, b, 1);
      long deadline = System.nanoTime() + 5_000_000_000L;
      while (wal.metrics().fsyncs() == 0 && System.nanoTime() < deadline) {
        Thread.sleep(5);
      }
      assertThat(wal.metrics().fsyncs()).isEqualTo(1);
      assertThat(wal.unsyncedBytes()).isZero();
    }
  }
}
