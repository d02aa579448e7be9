package dev.vigil.server.tsdb.block;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.server.model.Labels;
import dev.vigil.server.model.Matcher;
import dev.vigil.server.storage.Querier;
import dev.vigil.server.storage.SampleIterator;
import dev.vigil.server.storage.SeriesSet;
import dev.vigil.server.tsdb.chunkenc.XorChunk;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Deleting in a block: the tombstones file, queries skipping deleted samples, reopening. */
class BlockTombstonesTest {
  @TempDir
  Path dir;

  private static final Labels A = Labels.of("__name__", "m", "s", "a");
  private static final Labels B = Labels.of("__name__", "m", "s", "b");

  /** Two series with one sample a second in [0, 1000), chunks of 120. */
  private Path block() throws Exception {
    MemBlockSource src = new MemBlockSource();
    for (Labels l : List.of(A, B)) {
      List<XorChunk> chunks = new ArrayList<>();
      XorChunk c = new XorChunk();
      for (long t = 0; t < 1000; t++) {
        if (c.numSamples() == 120) {
          chunks.add(c);
          c = new XorChunk();
        }
        c.append(t * 1000, t);
      }
      chunks.add(c);
      src.add(l, chunks);
    }
    return dir.resolve(BlockWriter.write(dir, 0, 1_000_000, src).id());
  }

  static List<String> read(BlockReader r, long mint, long maxt) {
    List<String> out = new ArrayList<>();
    try (Querier q = r.querier(mint, maxt)) {
      SeriesSet set = q.select(true, Matcher.equal("__name__", "m"));
      while (set.next()) {
        SampleIterator it = set.iterator();
        int n = 0;
        long first = -1;
        long last = -1;
        while (it.next()) {
          first = n == 0 ? it.atT() : first;
          last = it.atT();
          n++;
        }
        out.add(set.labels().get("s") + " " + n + " " + first + ".." + last);
      }
    }
    return out;
  }

  @Test
  void deletedSamplesAreHiddenAndStayHiddenAfterReopen() throws Exception {
    Path block = block();
    try (BlockReader r = BlockReader.open(block)) {
      assertThat(Files.exists(block.resolve("tombstones"))).isFalse();
      assertThat(r.delete(100_000, 199_000, Matcher.equal("s", "a"))).isEqualTo(1);
      // Range clipped to the data: ends past the block are recorded as the series' last sample.
      assertThat(r.delete(900_000, Long.MAX_VALUE, Matcher.equal("s", "a"))).isEqualTo(1);
      assertThat(r.tombstones().get(0).toString())
          .isEqualTo("[[100000, 199000], [900000, 999000]]");
      assertThat(read(r, 0, 1_000_000)).containsExactly("a 800 0..899000", "b 1000 0..999000");
      // seek lands after a deleted range, not inside it.
      try (Querier q = r.querier(0, 1_000_000)) {
        SeriesSet set = q.select(true, Matcher.equal("s", "a"));
        assertThat(set.next()).isTrue();
        SampleIterator it = set.iterator();
        assertThat(it.seek(150_000)).isTrue();
        assertThat(it.atT()).isEqualTo(200_000);
      }
    }
    assertThat(Files.exists(block.resolve("tombstones"))).isTrue();
    try (BlockReader r = BlockReader.open(block)) {
      assertThat(read(r, 0, 1_000_000)).containsExactly("a 800 0..899000", "b 1000 0..999000");
      // A series with everything in range deleted is not returned at all.
      assertThat(read(r, 120_000, 180_000)).containsExactly("b 61 120000..180000");
      // Deleting what is deleted already changes nothing and rewrites nothing.
      assertThat(r.delete(100_000, 150_000, Matcher.equal("s", "a"))).isZero();
      // The block's source (what compaction reads) leaves the samples out too.
      BlockSource src = r.source();
      assertThat(src.next()).isTrue();
      assertThat(src.labels()).isEqualTo(A);
      assertThat(src.chunks().stream().mapToInt(c -> c.numSamples()).sum()).isEqualTo(800);
    }
  }

  @Test
  void aDeletionOfAWholeSeriesRemovesItFromResults() throws Exception {
    try (BlockReader r = BlockReader.open(block())) {
      r.delete(Long.MIN_VALUE, Long.MAX_VALUE, Matcher.equal("s", "b"));
      assertThat(read(r, 0, 1_000_000)).containsExactly("a 1000 0..999000");
      BlockSource src = r.source();
      assertThat(src.next()).isTrue();
      assertThat(src.next()).isFalse();
    }
  }

  @Test
  void aDamagedTombstonesFileIsReportedWithItsName() throws Exception {
    Path block = block();
    try (BlockReader r = BlockReader.open(block)) {
      r.delete(0, 10_000, Matcher.equal("s", "a"));
    }
    Path f = block.resolve("tombstones");
    byte[] b = Files.readAllBytes(f);
    b[6] ^= 1;
    Files.write(f, b);
    assertThatThrownBy(() -> BlockReader.open(block)).isInstanceOf(CorruptBlockException.class)
        .hasMessageContaining("tombstones").hasMessageContaining("checksum");
  }

  @Test
  void fileRoundTripsManySeriesAndIntervals() throws Exception {
    Tombstones t = Tombstones.EMPTY;
    for (int id = 0; id < 500; id += 7) {
      for (int k = 0; k < id % 5 + 1; k++) {
        t = t.with(id, -1000L * k * id, -1000L * k * id + k);
      }
    }
    t = t.with(Integer.MAX_VALUE, Long.MIN_VALUE, Long.MAX_VALUE);
    Files.createDirectories(dir.resolve("b"));
    t.write(dir.resolve("b"));
    Tombstones back = Tombstones.read(dir.resolve("b"));
    assertThat(back.asMap()).isEqualTo(t.asMap());
    assertThat(Files.exists(dir.resolve("b").resolve("tombstones.tmp"))).isFalse();
    Tombstones.EMPTY.write(dir.resolve("b"));
    assertThat(Tombstones.read(dir.resolve("b")).isEmpty()).isTrue();
  }
}
