package dev.vigil.server.tsdb.compact;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.server.model.Labels;
import dev.vigil.server.model.Matcher;
import dev.vigil.server.storage.Querier;
import dev.vigil.server.storage.SampleIterator;
import dev.vigil.server.storage.SeriesSet;
import dev.vigil.server.tsdb.block.BlockMeta;
import dev.vigil.server.tsdb.block.BlockReader;
import dev.vigil.server.tsdb.block.BlockSource;
import dev.vigil.server.tsdb.block.BlockWriter;
import dev.vigil.server.tsdb.block.MemBlockSource;
import dev.vigil.server.tsdb.chunkenc.Chunk;
import dev.vigil.server.tsdb.chunkenc.XorChunk;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CompactorTest {
  private static final long H = 3_600_000L;

  @TempDir
  Path dir;

  /** Samples every {@code step} ms from {@code from} (inclusive) to {@code to} (exclusive). */
  private static List<XorChunk> samples(long from, long to, long step, double offset) {
    List<XorChunk> out = new ArrayList<>();
    XorChunk c = null;
    for (long t = from; t < to; t += step) {
      if (c == null || c.numSamples() == Chunk.TARGET_SAMPLES) {
        c = new XorChunk();
        out.add(c);
      }
      c.append(t, t / 1000.0 + offset);
    }
    return out;
  }

  private static Labels series(String s) {
    return Labels.of("__name__", "m", "s", s);
  }

  private BlockReader block(long mint, long maxt, MemBlockSource src) throws Exception {
    return BlockReader.open(dir.resolve(BlockWriter.write(dir, mint, maxt, src).id()));
  }

  static List<String> read(BlockReader b, long mint, long maxt) {
    List<String> out = new ArrayList<>();
    try (Querier q = b.querier(mint, maxt)) {
      SeriesSet set = q.select(true, Matcher.regex("__name__", ".+"));
      while (set.next()) {
        SampleIterator it = set.iterator();
        while (it.next()) {
          out.add(set.labels() + " " + it.atT() + " " + it.atV());
        }
      }
    }
    return out;
  }

  private static List<String> readAll(List<BlockReader> blocks, long mint, long maxt) {
    List<String> out = new ArrayList<>();
    for (BlockReader b : blocks) {
      out.addAll(read(b, mint, maxt));
    }
    out.sort(null);
    return out;
  }

  @Test
  void threeAdjacentBlocksBecomeOneWithTheSameSamples() throws Exception {
    List<BlockReader> blocks = new ArrayList<>();
    Random r = new Random(1);
    for (int i = 0; i < 3; i++) {
      MemBlockSource src = new MemBlockSource();
      // Series that come and go between blocks, so the merge meets series in one block only.
      for (int s = 0; s < 20; s++) {
        if (r.nextInt(4) > 0) {
          src.add(series("s" + s), samples(i * 2 * H + r.nextInt(60_000), (i + 1) * 2 * H,
              15_000, s));
        }
      }
      blocks.add(block(i * 2 * H, (i + 1) * 2 * H, src));
    }
    List<String> before = readAll(blocks, 0, 6 * H);
    BlockMeta m = Compactor.compact(dir, blocks);
    try (BlockReader out = BlockReader.open(dir.resolve(m.id()))) {
      assertThat(m.minTime()).isZero();
      assertThat(m.maxTime()).isEqualTo(6 * H);
      assertThat(m.compaction().level()).isEqualTo(2);
      assertThat(m.compaction().parents())
          .containsExactlyElementsOf(blocks.stream().map(b -> b.meta().id()).toList());
      assertThat(m.compaction().sources()).hasSize(3);
      assertThat(m.stats().numSamples())
          .isEqualTo(blocks.stream().mapToLong(b -> b.meta().stats().numSamples()).sum());
      assertThat(m.stats().numChunks())
          .as("adjacent blocks' chunks do not overlap: none re-encoded")
          .isEqualTo(blocks.stream().mapToLong(b -> b.meta().stats().numChunks()).sum());
      List<String> after = read(out, 0, 6 * H);
      after.sort(null);
      assertThat(after).hasSize(before.size()).isEqualTo(before);
      for (int i = 0; i < 10; i++) {
        long a = r.nextInt((int) (6 * H));
        long b = a + r.nextInt((int) (2 * H));
        List<String> part = read(out, a, b);
        part.sort(null);
        assertThat(part).isEqualTo(readAll(blocks, a, b));
      }
    }
  }

  @Test
  void overlappingBlocksAreMergedSampleBySample() throws Exception {
    // A: every minute in [0, 2h). B (a backfill): every minute offset by 30s in [1h, 3h), and
    // the same timestamps as A on a second series, where A's value must win.
    BlockReader a = block(0, 2 * H, new MemBlockSource()
        .add(series("x"), samples(0, 2 * H, 60_000, 0))
        .add(series("y"), samples(0, 2 * H, 60_000, 0)));
    BlockReader b = block(H, 3 * H, new MemBlockSource()
        .add(series("x"), samples(H + 30_000, 3 * H, 60_000, 0))
        .add(series("y"), samples(H, 3 * H, 60_000, 1000)));
    BlockMeta m = Compactor.compact(dir, List.of(b, a));
    try (BlockReader out = BlockReader.open(dir.resolve(m.id()))) {
      assertThat(m.minTime()).isZero();
      assertThat(m.maxTime()).isEqualTo(3 * H);
      // x: 120 from A and 120 from B, interleaved; y: A's 120 then B's 60 beyond 2h.
      assertThat(m.stats().numSamples()).isEqualTo(240 + 180);
      List<String> x = new ArrayList<>();
      List<String> y = new ArrayList<>();
      for (String line : read(out, 0, 3 * H)) {
        (line.contains("\"x\"") ? x : y).add(line);
      }
      assertThat(x).hasSize(240);
      assertThat(y).hasSize(180);
      for (int i = 1; i < x.size(); i++) {
        assertThat(time(x.get(i))).isGreaterThan(time(x.get(i - 1)));
      }
      assertThat(x.get(61)).endsWith(" " + (H + 30_000) + " " + (H + 30_000) / 1000.0);
      // At a timestamp both blocks have, the older block's sample is kept.
      assertThat(y.get(60)).endsWith(" " + H + " " + H / 1000.0);
      assertThat(y.get(179)).endsWith(" " + (3 * H - 60_000) + " " + ((3 * H - 60_000) / 1000.0
          + 1000));
    }
  }

  private static long time(String line) {
    String[] p = line.split(" ");
    return Long.parseLong(p[p.length - 2]);
  }

  @Test
  void deletedSamplesAreLeftOutOfTheFiles() throws Exception {
    BlockReader a = block(0, 2 * H, new MemBlockSource()
        .add(series("x"), samples(0, 2 * H, 60_000, 0))
        .add(series("gone"), samples(0, 2 * H, 60_000, 0)));
    BlockReader b = block(2 * H, 4 * H, new MemBlockSource()
        .add(series("x"), samples(2 * H, 4 * H, 60_000, 0)));
    a.delete(H, 2 * H, Matcher.equal("s", "x"));
    a.delete(0, 2 * H, Matcher.equal("s", "gone"));
    b.delete(2 * H, 2 * H + 59 * 60_000, Matcher.equal("s", "x"));
    BlockMeta m = Compactor.compact(dir, List.of(a, b));
    Path out = dir.resolve(m.id());
    assertThat(Files.exists(out.resolve("tombstones"))).isFalse();
    assertThat(m.stats().numSeries()).isEqualTo(1);
    assertThat(m.stats().numSamples()).isEqualTo(60 + 60);
    try (BlockReader r = BlockReader.open(out)) {
      // Read through the block's own source: no tombstones file, so this is what is stored.
      BlockSource src = r.source();
      assertThat(src.next()).isTrue();
      long n = 0;
      for (Chunk c : src.chunks()) {
        SampleIterator it = c.iterator();
        while (it.next()) {
          assertThat(it.atT() < H || it.atT() > 2 * H + 59 * 60_000).as("t=%d", it.atT()).isTrue();
          n++;
        }
      }
      assertThat(n).isEqualTo(120);
      assertThat(src.next()).isFalse();
    }
  }

  @Test
  void rewriteDropsDeletedDataAndKeepsLineage() throws Exception {
    BlockReader a = block(0, 2 * H, new MemBlockSource()
        .add(series("x"), samples(0, 2 * H, 60_000, 0)));
    a.delete(0, H - 1, Matcher.equal("s", "x"));
    BlockMeta m = Compactor.rewrite(dir, a);
    assertThat(m.minTime()).isZero();
    assertThat(m.maxTime()).isEqualTo(2 * H);
    assertThat(m.stats().numSamples()).isEqualTo(60);
    assertThat(m.compaction().level()).isEqualTo(1);
    assertThat(m.compaction().sources()).containsExactly(a.meta().id());
    assertThat(m.compaction().parents()).containsExactly(a.meta().id());
    try (BlockReader r = BlockReader.open(dir.resolve(m.id()))) {
      assertThat(r.tombstones().isEmpty()).isTrue();
      assertThat(read(r, 0, 2 * H)).isEqualTo(read(a, 0, 2 * H));
    }
  }
}
