package dev.vigil.server.tsdb;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.server.model.Labels;
import dev.vigil.server.model.Matcher;
import dev.vigil.server.storage.Appender;
import dev.vigil.server.storage.Querier;
import dev.vigil.server.storage.SampleIterator;
import dev.vigil.server.storage.SeriesSet;
import dev.vigil.server.tsdb.wal.Wal;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Blocks cut from the head: queries span blocks and head; a restart loads both. */
class TsdbBlocksTest {
  private static final long HOUR = 3_600_000L;

  @TempDir
  Path dir;

  private static List<String> read(Tsdb t, long mint, long maxt) {
    List<String> out = new ArrayList<>();
    try (Querier q = t.querier(mint, maxt)) {
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

  private static Tsdb open(Path d) throws Exception {
    return Tsdb.open(d, Wal.Options.defaults(), Duration.ofHours(1));
  }

  /** Appends 5 hours of one sample a minute for 3 series, cutting blocks as it goes. */
  private static List<String> fill(Tsdb t) throws Exception {
    List<String> expected = new ArrayList<>();
    for (long m = 0; m < 5 * 60; m++) {
      Appender a = t.appender();
      for (int s = 0; s < 3; s++) {
        if (s == 2 && m > 90) {
          continue; // this series ends in the first blocks
        }
        Labels l = Labels.of("__name__", "m", "s", Integer.toString(s));
        a.append(0, l, m * 60_000, m + s);
      }
      a.commit();
      t.cutBlockIfDue();
    }
    for (int s = 0; s < 3; s++) {
      for (long m = 0; m < 5 * 60; m++) {
        if (s == 2 && m > 90) {
          continue;
        }
        expected.add("m{s=\"" + s + "\"} " + m * 60_000 + " " + (double) (m + s));
      }
    }
    return expected;
  }

  @Test
  void queriesSpanBlocksAndHeadWithoutGapsOrDuplicates() throws Exception {
    try (Tsdb t = open(dir)) {
      List<String> expected = fill(t);
      assertThat(t.blocksCut()).isGreaterThanOrEqualTo(3);
      // The head no longer holds the old hours: the blocks must be answering for them.
      assertThat(t.head().minTime()).isGreaterThanOrEqualTo(3 * HOUR);
      assertThat(read(t, 0, 5 * HOUR)).isEqualTo(expected);
      // A range inside one block, and one crossing a block edge.
      assertThat(read(t, HOUR + 60_000, HOUR + 180_000)).hasSize(3 * 3);
      assertThat(read(t, 2 * HOUR - 60_000, 2 * HOUR + 60_000)).hasSize(3 * 2);
      // Samples older than the blocks are refused, not silently lost.
      Appender late = t.appender();
      late.append(0, Labels.of("__name__", "m", "s", "9"), 10 * 60_000, 1);
      late.commit();
      assertThat(t.head().outOfBoundSamples()).isEqualTo(1);
    }
  }

  @Test
  void aRestartLoadsBlocksAndReplaysOnlyTheHeadsPartOfTheWal() throws Exception {
    List<String> expected;
    try (Tsdb t = open(dir)) {
      expected = fill(t);
    }
    try (Tsdb t = open(dir)) {
      assertThat(t.blocks()).hasSizeGreaterThanOrEqualTo(3);
      assertThat(read(t, 0, 5 * HOUR)).isEqualTo(expected);
      // The WAL checkpoint dropped what blocks hold: far fewer samples replayed than written.
      assertThat(t.replayStats().samples()).isLessThan(expected.size() / 2);
    }
  }

  @Test
  void retentionDeletesWholeBlocksByAgeThenBySize() throws Exception {
    try (Tsdb t = open(dir)) {
      fill(t);
      int before = t.blocks().size();
      assertThat(t.applyRetention(6 * HOUR, 4 * HOUR, 0)).isEqualTo(1);
      assertThat(t.blocks()).hasSize(before - 1);
      assertThat(read(t, 0, HOUR - 1)).isEmpty();
      assertThat(read(t, HOUR, HOUR)).isNotEmpty();
      assertThat(t.applyRetention(6 * HOUR, 0, 1)).isEqualTo(before - 1);
      assertThat(t.blocks()).isEmpty();
      assertThat(read(t, 4 * HOUR, 5 * HOUR)).isNotEmpty(); // the head stays
    }
    try (Tsdb t = open(dir)) {
      assertThat(t.blocks()).isEmpty();
    }
    assertThat(dev.vigil.server.config.Durations.parse("0")).isZero();
  }
}
