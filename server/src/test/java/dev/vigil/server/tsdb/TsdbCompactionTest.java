package dev.vigil.server.tsdb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.server.model.Labels;
import dev.vigil.server.model.Matcher;
import dev.vigil.server.storage.Appender;
import dev.vigil.server.storage.Querier;
import dev.vigil.server.storage.SampleIterator;
import dev.vigil.server.storage.SeriesSet;
import dev.vigil.server.tsdb.block.BlockMeta;
import dev.vigil.server.tsdb.block.BlockReader;
import dev.vigil.server.tsdb.block.BlockWriter;
import dev.vigil.server.tsdb.block.MemBlockSource;
import dev.vigil.server.tsdb.chunkenc.XorChunk;
import dev.vigil.server.tsdb.compact.Compactor;
import dev.vigil.server.tsdb.wal.Wal;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Tsdb.compactIfDue: merged blocks answer as their sources did; the swap survives crashes. */
class TsdbCompactionTest {
  private static final long MIN = 60_000L;
  private static final long HOUR = 60 * MIN;

  @TempDir
  Path dir;

  private static Tsdb open(Path d) throws Exception {
    return Tsdb.open(d, Wal.Options.defaults(), Duration.ofHours(1));
  }

  /** One sample a minute for three series in minutes [0, minutes), cutting blocks as it goes. */
  private static void fill(Tsdb t, long minutes) throws Exception {
    for (long m = 0; m < minutes; m++) {
      Appender a = t.appender();
      for (int s = 0; s < 3; s++) {
        if (s == 2 && m > 150 && m < 400) {
          continue; // a series missing from some blocks
        }
        a.append(0, Labels.of("__name__", "m", "s", Integer.toString(s)), m * MIN, m + s);
      }
      a.commit();
      t.cutBlockIfDue();
    }
  }

  private static List<String> read(Querier q) {
    List<String> out = new ArrayList<>();
    SeriesSet set = q.select(true, Matcher.regex("__name__", ".+"));
    while (set.next()) {
      SampleIterator it = set.iterator();
      while (it.next()) {
        out.add(set.labels() + " " + it.atT() + " " + it.atV());
      }
    }
    return out;
  }

  private static List<String> read(Tsdb t, long mint, long maxt) {
    try (Querier q = t.querier(mint, maxt)) {
      return read(q);
    }
  }

  private static List<Path> blockDirs(Path d) throws Exception {
    try (Stream<Path> s = Files.list(d)) {
      return s.filter(p -> !p.getFileName().toString().equals("wal")).sorted().toList();
    }
  }

  @Test
  void compactionKeepsEveryAnswerAndLeavesFewerBlocks() throws Exception {
    try (Tsdb t = open(dir)) {
      fill(t, 10 * 60);
      // Blocks [0h,1h) .. [8h,9h); the head holds the rest.
      assertThat(t.blocks()).hasSize(9);
      List<String> all = read(t, 0, 10 * HOUR);
      List<List<String>> windows = new ArrayList<>();
      for (long a = 0; a < 10 * HOUR; a += 37 * MIN) {
        windows.add(read(t, a, a + 95 * MIN));
      }
      assertThat(all).hasSize(3 * 600 - 249);
      int ran = t.compactIfDue();
      assertThat(ran).isGreaterThanOrEqualTo(2);
      assertThat(t.compactions()).isEqualTo(ran);
      assertThat(t.compactionsFailed()).isZero();
      assertThat(t.compactionTime()).isPositive();
      assertThat(t.blocks().size()).isLessThan(9);
      assertThat(blockDirs(dir)).hasSize(t.blocks().size());
      BlockMeta first = t.blocks().get(0).meta();
      assertThat(first.minTime()).isZero();
      assertThat(first.compaction().level()).isGreaterThanOrEqualTo(2);
      assertThat(first.compaction().sources()).hasSizeGreaterThanOrEqualTo(3);
      for (int i = 1; i < t.blocks().size(); i++) {
        assertThat(t.blocks().get(i).meta().minTime())
            .isGreaterThanOrEqualTo(t.blocks().get(i - 1).meta().maxTime());
      }
      assertThat(read(t, 0, 10 * HOUR)).isEqualTo(all);
      int w = 0;
      for (long a = 0; a < 10 * HOUR; a += 37 * MIN) {
        assertThat(read(t, a, a + 95 * MIN)).as("window at %d", a).isEqualTo(windows.get(w++));
      }
      assertThat(t.compactIfDue()).isZero();
    }
    try (Tsdb t = open(dir)) {
      assertThat(read(t, 0, 10 * HOUR)).hasSize(3 * 600 - 249);
    }
  }

  @Test
  void aQueryOpenDuringTheSwapKeepsReadingTheReplacedBlocks() throws Exception {
    try (Tsdb t = open(dir)) {
      fill(t, 5 * 60);
      List<String> expected = read(t, 0, 5 * HOUR);
      try (Querier q = t.querier(0, 5 * HOUR)) {
        assertThat(t.compactIfDue()).isEqualTo(1);
        // The querier's blocks are gone from disk, yet their mappings still answer.
        assertThat(read(q)).isEqualTo(expected);
      }
      assertThat(read(t, 0, 5 * HOUR)).isEqualTo(expected);
    }
  }

  @Test
  void queriesRunningAlongsideCompactionsAlwaysSeeEverySampleOnce() throws Exception {
    try (Tsdb t = open(dir)) {
      fill(t, 10 * 60);
      List<String> expected = read(t, 0, 10 * HOUR);
      AtomicBoolean stop = new AtomicBoolean();
      AtomicInteger reads = new AtomicInteger();
      CompletableFuture<Void> reader = CompletableFuture.runAsync(() -> {
        // Bounded: stops when the compactions are done, or after 10 000 reads.
        do {
          assertThat(read(t, 0, 10 * HOUR)).isEqualTo(expected);
        } while (reads.incrementAndGet() < 10_000 && !stop.get());
      });
      try {
        assertThat(t.compactIfDue()).isGreaterThanOrEqualTo(2);
      } finally {
        stop.set(true);
      }
      reader.get(60, TimeUnit.SECONDS);
      assertThat(reads.get()).isPositive();
      assertThat(read(t, 0, 10 * HOUR)).isEqualTo(expected);
    }
  }

  @Test
  void aCrashBetweenWritingTheResultAndDeletingItsSourcesIsRepairedOnOpen() throws Exception {
    List<String> expected;
    List<String> sourceIds;
    try (Tsdb t = open(dir)) {
      fill(t, 5 * 60);
      expected = read(t, 0, 5 * HOUR);
      // What compactIfDue does, stopped before the swap: result and sources both on disk.
      List<BlockReader> sources = t.blocks().subList(0, 3);
      sourceIds = sources.stream().map(b -> b.meta().id()).toList();
      Compactor.compact(dir, sources);
      assertThat(blockDirs(dir)).hasSize(5);
    }
    // One source half deleted, as a crash in the middle of removing it would leave it.
    Path half = dir.resolve(sourceIds.get(1));
    Files.delete(half.resolve("index"));
    try (Tsdb t = open(dir)) {
      assertThat(t.blocks()).hasSize(2);
      assertThat(t.blocks().get(0).meta().compaction().parents()).isEqualTo(sourceIds);
      for (String id : sourceIds) {
        assertThat(dir.resolve(id)).doesNotExist();
      }
      assertThat(read(t, 0, 5 * HOUR)).isEqualTo(expected);
    }
  }

  @Test
  void aDamagedResultDoesNotCostItsSources() throws Exception {
    List<String> sourceIds;
    Path result;
    try (Tsdb t = open(dir)) {
      fill(t, 5 * 60);
      List<BlockReader> sources = t.blocks().subList(0, 3);
      sourceIds = sources.stream().map(b -> b.meta().id()).toList();
      result = dir.resolve(Compactor.compact(dir, sources).id());
    }
    Files.write(result.resolve("index"), new byte[] {1, 2, 3});
    assertThatThrownBy(() -> open(dir)).hasMessageContaining("index");
    for (String id : sourceIds) {
      assertThat(dir.resolve(id).resolve("index")).exists();
    }
  }

  @Test
  void aCrashWhileWritingTheResultLeavesTheSources() throws Exception {
    List<String> expected;
    try (Tsdb t = open(dir)) {
      fill(t, 5 * 60);
      expected = read(t, 0, 5 * HOUR);
    }
    // A result directory that never got its rename: only the sources count.
    Path tmp = dir.resolve("01ARZ3NDEKTSV4RRFFQ69G5FAV.tmp");
    Files.createDirectories(tmp.resolve("chunks"));
    Files.writeString(tmp.resolve("meta.json"), "{");
    try (Tsdb t = open(dir)) {
      assertThat(tmp).doesNotExist();
      assertThat(t.blocks()).hasSize(4);
      assertThat(read(t, 0, 5 * HOUR)).isEqualTo(expected);
    }
  }

  @Test
  void overlappingBlocksFromABackfillAreReadMergedThenCompacted() throws Exception {
    try (Tsdb t = open(dir)) {
      fill(t, 3 * 60);
    }
    // A backfilled block over [30m, 90m): series 0 at half minutes, and a new series.
    XorChunk half = new XorChunk();
    XorChunk other = new XorChunk();
    for (long m = 30; m < 90; m++) {
      half.append(m * MIN + 30_000, -m);
      other.append(m * MIN, m);
    }
    BlockWriter.write(dir, 30 * MIN, 90 * MIN, new MemBlockSource()
        .add(Labels.of("__name__", "m", "s", "0"), List.of(half))
        .add(Labels.of("__name__", "m", "s", "backfill"), List.of(other)));
    try (Tsdb t = open(dir)) {
      List<String> merged = read(t, 0, 3 * HOUR);
      List<String> s0 = merged.stream().filter(l -> l.contains("s=\"0\"")).toList();
      // 180 minutes (head included) plus 60 half-minute samples, in time order.
      assertThat(s0).hasSize(180 + 60);
      assertThat(s0.get(31)).endsWith(" " + (30 * MIN + 30_000) + " -30.0");
      assertThat(merged.stream().filter(l -> l.contains("backfill"))).hasSize(60);
      // The backfill overlaps both blocks [0h,1h) and [1h,2h): the three become one.
      assertThat(t.compactIfDue()).isEqualTo(1);
      assertThat(t.blocks()).hasSize(1);
      assertThat(t.blocks().get(0).meta().compaction().parents()).hasSize(3);
      assertThat(t.blocks().get(0).meta().minTime()).isZero();
      assertThat(t.blocks().get(0).meta().maxTime()).isEqualTo(2 * HOUR);
      assertThat(read(t, 0, 3 * HOUR)).isEqualTo(merged);
    }
  }

  @Test
  void aFailedCompactionIsCountedAndItsBlocksStayInUse() throws Exception {
    try (Tsdb t = open(dir)) {
      fill(t, 5 * 60);
      BlockReader first = t.blocks().get(0);
      // Damage a chunk of the first block (the mapping sees the change): the merge reads it.
      Path seg = first.dir().resolve("chunks").resolve("000001");
      try (RandomAccessFile f = new RandomAccessFile(seg.toFile(), "rw")) {
        f.seek(20);
        int b = f.read();
        f.seek(20);
        f.write(b ^ 0xFF);
      }
      List<String> ids = t.blocks().stream().map(b -> b.meta().id()).toList();
      List<Double> seconds = new ArrayList<>();
      t.onCompaction(seconds::add);
      assertThat(t.compactIfDue()).isZero();
      assertThat(t.compactionsFailed()).isEqualTo(1);
      assertThat(seconds).hasSize(1);
      assertThat(t.blocks().stream().map(b -> b.meta().id()).toList()).isEqualTo(ids);
      assertThat(blockDirs(dir)).hasSize(4);
      // Not tried again and again: the planner passes those blocks over.
      assertThat(t.compactIfDue()).isZero();
      assertThat(t.compactionsFailed()).isEqualTo(1);
    }
  }
}
