package dev.vigil.server.tsdb.wal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.server.model.Labels;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WalReplayTest {
  @TempDir Path dir;

  /** Batch i: series i (first time only when {@code withSeries}), and samples (i, i*10+k, k). */
  static WalBatch batch(WalBatch b, long i, boolean withSeries) {
    b.reset();
    if (withSeries) {
      b.series(i, Labels.of("__name__", "m", "batch", Long.toString(i)));
    }
    for (int k = 0; k < 3; k++) {
      b.sample(i, i * 10 + k, k);
    }
    return b;
  }

  private void logBatches(Wal wal, int from, int to) throws IOException {
    WalBatch b = new WalBatch();
    for (int i = from; i < to; i++) {
      wal.log(batch(b, i, true));
    }
  }

  private static List<String> expectedEvents(int from, int to) {
    List<String> out = new ArrayList<>();
    for (int i = from; i < to; i++) {
      out.addAll(Recorded.decode(batch(new WalBatch(), i, true)).events);
    }
    return out;
  }

  private Path lastSegment() throws IOException {
    List<Integer> segs = Segments.list(dir);
    return dir.resolve(Segments.segmentName(segs.get(segs.size() - 1)));
  }

  @Test
  void replaysEverythingAfterReopening() throws IOException {
    try (Wal wal = Wal.open(dir)) {
      logBatches(wal, 0, 3);
    }
    try (Wal wal = Wal.open(dir, new Wal.Options(1 << 20, Duration.ZERO))) {
      assertThat(wal.currentSegment()).isEqualTo(2); // a writer always starts a fresh segment
      logBatches(wal, 3, 5);
    }
    Recorded r = new Recorded();
    ReplayStats stats = WalReader.replay(dir, r);

    assertThat(r.events).isEqualTo(expectedEvents(0, 5));
    assertThat(stats.segments()).isEqualTo(2);
    assertThat(stats.series()).isEqualTo(5);
    assertThat(stats.samples()).isEqualTo(15);
    assertThat(stats.corruptions()).isZero();
    assertThat(stats.warnings()).isEmpty();
  }

  @Test
  void rollsOverToNewSegmentsAndGivesOversizedBatchesTheirOwn() throws IOException {
    try (Wal wal = Wal.open(dir, new Wal.Options(300, Duration.ofMillis(5)))) {
      logBatches(wal, 0, 40);
      WalBatch big = new WalBatch();
      for (int k = 0; k < 100; k++) {
        big.sample(99, k, k);
      }
      wal.log(big);
      logBatches(wal, 40, 42);
    }
    List<Integer> segs = Segments.list(dir);
    assertThat(segs.size()).isGreaterThan(5);
    long oversized = 0;
    for (int n : segs) {
      long size = Files.size(dir.resolve(Segments.segmentName(n)));
      oversized += size > 300 ? 1 : 0;
    }
    assertThat(oversized).isEqualTo(1);
    Recorded r = new Recorded();
    ReplayStats stats = WalReader.replay(dir, r);
    assertThat(stats.corruptions()).isZero();
    assertThat(r.samples.get(99L)).hasSize(100);
    assertThat(r.series).hasSize(42);
  }

  @Test
  void tornTailIsTruncatedCountedAndLaterAppendsReplay() throws IOException {
    try (Wal wal = Wal.open(dir)) {
      logBatches(wal, 0, 4);
    }
    Path seg = lastSegment();
    long size = Files.size(seg);
    try (var ch = Files.newByteChannel(seg, StandardOpenOption.WRITE)) {
      ch.truncate(size - 5); // the crash hit while batch 3's last record was being written
    }

    Recorded r = new Recorded();
    ReplayStats stats = WalReader.replay(dir, r);

    // Batch 3 is one SERIES record then one SAMPLES record; only its samples record is torn.
    List<String> expected = expectedEvents(0, 4);
    assertThat(r.events).isEqualTo(expected.subList(0, expected.size() - 3));
    assertThat(stats.corruptions()).isEqualTo(1);
    assertThat(stats.truncatedBytes()).isGreaterThan(0);
    assertThat(Files.size(seg)).isEqualTo(size - 5 - stats.truncatedBytes());
    assertThat(stats.warnings()).singleElement().asString()
        .contains(seg.toString()).contains("offset " + Files.size(seg)).contains("truncated");

    try (Wal wal = Wal.open(dir)) {
      logBatches(wal, 10, 11);
    }
    Recorded again = new Recorded();
    ReplayStats stats2 = WalReader.replay(dir, again);
    assertThat(stats2.corruptions()).isZero();
    assertThat(again.events.subList(0, r.events.size())).isEqualTo(r.events);
    assertThat(again.events.subList(r.events.size(), again.events.size()))
        .isEqualTo(expectedEvents(10, 11));
  }

  @Test
  void flippedByteInLastRecordIsDetectedByTheChecksum() throws IOException {
    try (Wal wal = Wal.open(dir)) {
      logBatches(wal, 0, 3);
    }
    Path seg = lastSegment();
    byte[] bytes = Files.readAllBytes(seg);
    bytes[bytes.length - 3] ^= 0x10; // inside the last sample's value
    Files.write(seg, bytes);

    Recorded r = new Recorded();
    ReplayStats stats = WalReader.replay(dir, r);

    List<String> expected = expectedEvents(0, 3);
    assertThat(r.events).isEqualTo(expected.subList(0, expected.size() - 3));
    assertThat(stats.corruptions()).isEqualTo(1);
    assertThat(stats.warnings()).singleElement().asString().contains("checksum mismatch");
  }

  @Test
  void zeroFilledTailIsTruncated() throws IOException {
    try (Wal wal = Wal.open(dir)) {
      logBatches(wal, 0, 2);
    }
    Path seg = lastSegment();
    long size = Files.size(seg);
    Files.write(seg, new byte[4096], StandardOpenOption.APPEND);

    Recorded r = new Recorded();
    ReplayStats stats = WalReader.replay(dir, r);

    assertThat(r.events).isEqualTo(expectedEvents(0, 2));
    assertThat(stats.truncatedBytes()).isEqualTo(4096);
    assertThat(Files.size(seg)).isEqualTo(size);
  }

  @Test
  void damageInAnOlderSegmentSkipsOnlyTheRestOfThatSegment() throws IOException {
    int first;
    try (Wal wal = Wal.open(dir)) {
      logBatches(wal, 0, 3);
      first = wal.cutSegment();
      logBatches(wal, 3, 5);
    }
    Path seg = dir.resolve(Segments.segmentName(first));
    byte[] bytes = Files.readAllBytes(seg);
    int oneBatch = bytes.length / 3;
    bytes[oneBatch + WalBatch.HEADER_SIZE + 2] ^= 0x01; // batch 1's series record
    Files.write(seg, bytes);

    Recorded r = new Recorded();
    ReplayStats stats = WalReader.replay(dir, r);

    List<String> expected = new ArrayList<>(expectedEvents(0, 1));
    expected.addAll(expectedEvents(3, 5));
    assertThat(r.events).isEqualTo(expected);
    assertThat(stats.corruptions()).isEqualTo(1);
    assertThat(stats.truncatedBytes()).isZero();
    assertThat(stats.skippedBytes()).isEqualTo(2L * oneBatch);
    assertThat(Files.size(seg)).isEqualTo(bytes.length); // evidence kept
  }

  @Test
  void missingDirectoryReplaysNothing() throws IOException {
    ReplayStats stats = WalReader.replay(dir.resolve("nope"), new Recorded());
    assertThat(stats.records()).isZero();
  }

  @Test
  void concurrentCommitsAreNeverInterleaved() throws Exception {
    int threads = 4;
    int batches = 300;
    try (Wal wal = Wal.open(dir, new Wal.Options(8 << 10, Duration.ofMillis(2)))) {
      ExecutorService pool = Executors.newFixedThreadPool(threads);
      List<Future<?>> fs = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        long ref = t + 1;
        fs.add(pool.submit(() -> {
          WalBatch b = new WalBatch();
          for (int i = 0; i < batches; i++) {
            b.reset();
            for (int k = 0; k < 5; k++) {
              b.sample(ref, i * 5L + k, i);
            }
            wal.log(b);
          }
          return null;
        }));
      }
      for (Future<?> f : fs) {
        f.get();
      }
      pool.shutdown();
    }
    Recorded r = new Recorded();
    WalReader.replay(dir, r);

    assertThat(r.events).hasSize(threads * batches * 5);
    for (int i = 0; i < r.events.size(); i += 5) {
      // Each commit's five samples are contiguous and in order.
      String[] first = r.events.get(i).split(" ");
      for (int k = 0; k < 5; k++) {
        String[] e = r.events.get(i + k).split(" ");
        assertThat(e[1]).isEqualTo(first[1]);
        assertThat(Long.parseLong(e[2])).isEqualTo(Long.parseLong(first[2]) + k);
      }
    }
    for (long ref = 1; ref <= threads; ref++) {
      assertThat(r.samples.get(ref)).hasSize(batches * 5);
    }
  }

  @Test
  void fsyncPolicyZeroSyncsEachCommitAndPositiveSyncsInTheBackground() throws Exception {
    try (Wal wal = Wal.open(dir.resolve("zero"), new Wal.Options(1 << 20, Duration.ZERO))) {
      wal.log(batch(new WalBatch(), 1, true));
      assertThat(wal.unsyncedBytes()).isZero();
    }
    try (Wal wal = Wal.open(dir.resolve("bg"), new Wal.Options(1 << 20, Duration.ofMillis(20)))) {
      wal.log(batch(new WalBatch(), 1, true));
      long deadline = System.nanoTime() + 5_000_000_000L;
      while (wal.unsyncedBytes() > 0 && System.nanoTime() < deadline) {
        Thread.sleep(5);
      }
      assertThat(wal.unsyncedBytes()).isZero();
    }
  }

  @Test
  void callerDefinedRecordsReplayUnchanged() throws IOException {
    try (Wal wal = Wal.open(dir)) {
      WalBatch b = new WalBatch().raw((byte) 16, new byte[] {7, 8}).sample(1, 2, 3);
      wal.log(b);
      assertThat(b.isEmpty()).as("reset after a successful log").isTrue();
      wal.log(b); // logging the emptied batch again writes nothing
    }
    Recorded r = new Recorded();
    WalReader.replay(dir, r);
    assertThat(r.events).containsExactly("R 16 2", "s 1 2 3.0");
    assertThat(r.raw.get(0)).containsExactly(7, 8);
  }

  @Test
  void closedWalRefusesWrites() throws IOException {
    Wal wal = Wal.open(dir);
    wal.sync();
    wal.close();
    wal.close();
    assertThatThrownBy(() -> wal.log(batch(new WalBatch(), 1, true)))
        .isInstanceOf(IOException.class).hasMessageContaining("closed");
  }
}
