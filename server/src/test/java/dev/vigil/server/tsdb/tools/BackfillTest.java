package dev.vigil.server.tsdb.tools;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.server.model.Labels;
import dev.vigil.server.model.Matcher;
import dev.vigil.server.storage.Querier;
import dev.vigil.server.storage.Queryable;
import dev.vigil.server.storage.SampleIterator;
import dev.vigil.server.storage.SeriesSet;
import dev.vigil.server.tsdb.Tsdb;
import dev.vigil.server.tsdb.block.BlockMeta;
import dev.vigil.server.tsdb.block.BlockReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class BackfillTest {
  private static final long TWO_HOURS = 2 * 3600_000L;

  @TempDir
  Path tmp;

  /** Every sample as "{labels} t v", labels in sorted order. */
  static List<String> read(Queryable q, long mint, long maxt) {
    List<String> out = new ArrayList<>();
    try (Querier querier = q.querier(mint, maxt)) {
      SeriesSet set = querier.select(true, Matcher.regex(Labels.METRIC_NAME, ".+"));
      while (set.next()) {
        Labels l = set.labels();
        StringBuilder key = new StringBuilder("{");
        for (int i = 0; i < l.size(); i++) {
          key.append(i == 0 ? "" : ", ").append(l.name(i)).append('=').append(l.value(i));
        }
        key.append('}');
        SampleIterator it = set.iterator();
        while (it.next()) {
          out.add(key + " " + it.atT() + " " + it.atV());
        }
      }
    }
    return out;
  }

  private Backfill.Result backfill(Path in, Path out, int windowBytes) throws Exception {
    return new Backfill(in, out, Backfill.DEFAULT_BLOCK_MILLIS, Labels.EMPTY, Progress.silent(),
        windowBytes).run();
  }

  private static List<Path> blockDirs(Path out) throws Exception {
    if (!Files.isDirectory(out)) {
      return List.of();
    }
    try (Stream<Path> s = Files.list(out)) {
      return s.toList();
    }
  }

  // Tiny windows cut the file inside families, between quoted label values and next to
  // histogram points, so they test the scanner's cutting; the default reads it in one window.
  @ParameterizedTest
  @ValueSource(ints = {OpenMetricsScanner.DEFAULT_WINDOW_BYTES, 4096, 300})
  void everySampleLandsInAlignedBlocks(int windowBytes) throws Exception {
    OmFile f = OmFile.generate(5 * 240); // 5 hours, from an unaligned start: 3-4 blocks
    Path out = tmp.resolve("data");
    Backfill.Result r = backfill(f.write(tmp), out, windowBytes);

    assertThat(r.samples()).isEqualTo(f.count);
    assertThat(r.series()).isEqualTo(f.samples.size());
    assertThat(r.blocks()).hasSizeGreaterThanOrEqualTo(3);
    assertThat(blockDirs(out)).hasSize(r.blocks().size());
    List<String> got = new ArrayList<>();
    for (BlockMeta m : r.blocks()) {
      assertThat(Math.floorDiv(m.minTime(), TWO_HOURS))
          .as("block %s lies in one 2h range", m.id())
          .isEqualTo(Math.floorDiv(m.maxTime() - 1, TWO_HOURS));
      try (BlockReader b = BlockReader.open(out.resolve(m.id()))) {
        List<String> samples = read(b, Long.MIN_VALUE, Long.MAX_VALUE);
        assertThat(samples).hasSize((int) m.stats().numSamples());
        got.addAll(samples);
      }
    }
    got.sort(null);
    List<String> want = new ArrayList<>(f.all());
    want.sort(null);
    assertThat(got).isEqualTo(want);

    try (Tsdb db = Tsdb.open(out)) {
      List<String> viaTsdb = read(db, Long.MIN_VALUE, Long.MAX_VALUE);
      viaTsdb.sort(null);
      assertThat(viaTsdb).isEqualTo(want);
    }
  }

  @Test
  void blockDurationAndExtraLabels() throws Exception {
    OmFile f = OmFile.generate(240); // one hour
    Path out = tmp.resolve("data");
    Backfill.Result r = new Backfill(f.write(tmp), out, 15 * 60_000L,
        Labels.of("cluster", "eu"), Progress.silent()).run();
    assertThat(r.blocks()).hasSizeBetween(4, 5);
    for (BlockMeta m : r.blocks()) {
      assertThat(m.maxTime() - m.minTime()).isLessThanOrEqualTo(15 * 60_000L);
      try (BlockReader b = BlockReader.open(out.resolve(m.id()))) {
        assertThat(b.labelValues("cluster")).containsExactly("eu");
      }
    }
  }

  private void assertRejected(String text, long line, String reason) throws Exception {
    Path in = Files.writeString(tmp.resolve("bad.om"), text);
    Path out = tmp.resolve("data");
    assertThatThrownBy(() -> backfill(in, out, 64))
        .isInstanceOf(BackfillException.class)
        .hasMessageStartingWith(in + ":" + line + ": ")
        .hasMessageContaining(reason)
        .satisfies(e -> assertThat(((BackfillException) e).line()).isEqualTo(line));
    assertThat(blockDirs(out)).as("nothing written").isEmpty();
  }

  @Test
  void parseErrorNamesTheLine() throws Exception {
    assertRejected("""
        # TYPE a gauge
        a{x="1"} 1 1700000000
        a{x="1"} 2 1700000015
        a{x="2"} 1 1700000000
        a{x="2" 2 1700000015
        # EOF
        """, 5, "column");
  }

  @Test
  void parseErrorAfterSeveralWindowsNamesTheFileLine() throws Exception {
    StringBuilder sb = new StringBuilder("# TYPE a counter\n");
    for (int i = 0; i < 200; i++) {
      sb.append("a_total{x=\"1\"} ").append(i).append(' ').append(1700000000 + 15 * i)
          .append('\n');
    }
    sb.append("a_total{x=\"2\"} -1 1700000000\n# EOF\n"); // counters cannot go negative
    assertRejected(sb.toString(), 202, "counter");
  }

  @Test
  void outOfOrderSampleIsRejected() throws Exception {
    assertRejected("""
        # TYPE a gauge
        a 1 1700000030
        a 2 1700000015
        # EOF
        """, 3, "timestamp");
  }

  @Test
  void outOfOrderAcrossFamiliesIsRejected() throws Exception {
    // The parser only sees each family; the same series again later must still be in order.
    assertRejected("""
        # TYPE a gauge
        a{x="1"} 1 1700000030
        # TYPE b gauge
        b 1 1700000000
        a{x="1"} 2 1700000015
        # EOF
        """, 5, "");
  }

  @Test
  void duplicateWithAnotherValueIsRejectedAndIdenticalOneSkipped() throws Exception {
    assertRejected("""
        # TYPE a gauge
        a 1 1700000000
        a 2 1700000000
        # EOF
        """, 3, "duplicate sample");
    Path in = Files.writeString(tmp.resolve("dup.om"), """
        # TYPE a gauge
        a 1 1700000000
        a 1 1700000000
        a 2 1700000015
        # EOF
        """);
    Backfill.Result r = backfill(in, tmp.resolve("ok"), 1 << 20);
    assertThat(r.samples()).isEqualTo(2);
    assertThat(r.duplicates()).isEqualTo(1);
  }

  @Test
  void sampleWithoutTimestampIsRejected() throws Exception {
    assertRejected("""
        # TYPE a gauge
        a 1
        # EOF
        """, 2, "no timestamp");
  }

  @Test
  void missingEofIsRejected() throws Exception {
    assertRejected("""
        # TYPE a gauge
        a 1 1700000000
        """, 3, "EOF");
  }
}
