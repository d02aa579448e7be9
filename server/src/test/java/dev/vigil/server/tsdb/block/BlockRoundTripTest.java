package dev.vigil.server.tsdb.block;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.server.model.Labels;
import dev.vigil.server.storage.Querier;
import dev.vigil.server.storage.SampleIterator;
import dev.vigil.server.storage.SeriesSet;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BlockRoundTripTest {
  @TempDir
  Path dir;

  @Test
  void everySampleReadsBackAcrossSeveralChunkSegments() throws Exception {
    BlockTestData data = new BlockTestData(42, 300);
    BlockMeta meta = BlockWriter.write(dir, BlockTestData.MINT, BlockTestData.MAXT, data.source,
        64 << 10);
    Path block = dir.resolve(meta.id());
    try (Stream<Path> s = Files.list(block.resolve("chunks"))) {
      assertThat(s.count()).isGreaterThan(3);
    }
    try (BlockReader r = BlockReader.open(block)) {
      assertThat(r.meta()).isEqualTo(meta);
      assertRange(r, data, BlockTestData.MINT, BlockTestData.MAXT);
      Random rnd = new Random(7);
      for (int i = 0; i < 20; i++) {
        long a = BlockTestData.MINT + rnd.nextInt(7200_000);
        long b = a + rnd.nextInt(3600_000);
        assertRange(r, data, a, b);
      }
    }
  }

  /** Reads every series in [mint, maxt] and compares it, sample by sample, with the input. */
  private static void assertRange(BlockReader r, BlockTestData data, long mint, long maxt) {
    try (Querier q = r.querier(mint, maxt)) {
      SeriesSet set = q.select(true);
      int seen = 0;
      for (Map.Entry<Labels, BlockTestData.Samples> e : data.expected.entrySet()) {
        long[] t = e.getValue().t();
        long[] bits = e.getValue().bits();
        int from = 0;
        while (from < t.length && t[from] < mint) {
          from++;
        }
        if (from == t.length || t[from] > maxt) {
          continue; // no samples in range: the block leaves the series out
        }
        assertThat(set.next()).as("series %s", e.getKey()).isTrue();
        assertThat(set.labels()).isEqualTo(e.getKey());
        SampleIterator it = set.iterator();
        for (int i = from; i < t.length && t[i] <= maxt; i++) {
          assertThat(it.next()).isTrue();
          assertThat(it.atT()).isEqualTo(t[i]);
          assertThat(Double.doubleToRawLongBits(it.atV())).isEqualTo(bits[i]);
        }
        assertThat(it.next()).isFalse();
        seen++;
      }
      assertThat(set.next()).isFalse();
      assertThat(seen).isPositive();
    }
  }

  @Test
  void seekFindsTheFirstSampleAtOrAfterTheTarget() throws Exception {
    BlockTestData data = new BlockTestData(3, 40);
    BlockMeta meta = BlockWriter.write(dir, BlockTestData.MINT, BlockTestData.MAXT, data.source);
    Random rnd = new Random(11);
    try (BlockReader r = BlockReader.open(dir.resolve(meta.id()))) {
      long mint = BlockTestData.MINT + 600_000;
      long maxt = BlockTestData.MAXT - 600_000;
      SeriesSet set = r.querier(mint, maxt).select(false);
      while (set.next()) {
        long[] t = data.expected.get(set.labels()).t();
        SampleIterator it = set.iterator();
        long target = mint - 1000;
        while (true) {
          target += rnd.nextInt(400_000);
          int i = 0;
          while (i < t.length && t[i] < Math.max(target, mint)) {
            i++;
          }
          boolean exists = i < t.length && t[i] <= maxt;
          assertThat(it.seek(target)).isEqualTo(exists);
          if (!exists) {
            break;
          }
          assertThat(it.atT()).isEqualTo(t[i]);
        }
      }
    }
  }

  @Test
  void emptySourceMakesAValidEmptyBlock() throws Exception {
    BlockMeta meta = BlockWriter.write(dir, 0, 1000, new MemBlockSource());
    try (BlockReader r = BlockReader.open(dir.resolve(meta.id()))) {
      assertThat(r.querier(0, 1000).select(true).next()).isFalse();
      assertThat(r.labelNames()).isEmpty();
      assertThat(meta.stats()).isEqualTo(new BlockMeta.Stats(0, 0, 0));
    }
  }
}
