package dev.vigil.server.tsdb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.server.model.Labels;
import dev.vigil.server.model.Matcher;
import dev.vigil.server.storage.Appender;
import dev.vigil.server.storage.Querier;
import dev.vigil.server.storage.SampleIterator;
import dev.vigil.server.storage.SeriesSet;
import dev.vigil.server.tsdb.block.BlockReader;
import dev.vigil.server.tsdb.wal.Wal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongPredicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Tsdb.delete: in the head, in blocks and across both; through restarts, cuts and cleanup. */
class TsdbDeleteTest {
  private static final long MIN = 60_000L;
  private static final long HOUR = 60 * MIN;

  @TempDir
  Path dir;

  private static Tsdb open(Path d) throws Exception {
    return Tsdb.open(d, Wal.Options.defaults(), Duration.ofHours(1));
  }

  private static Labels series(int s) {
    return Labels.of("__name__", "m", "s", Integer.toString(s));
  }

  /** One sample a minute for series 0..2 in minutes [from, to), cutting blocks when due. */
  private static void fill(Tsdb t, long from, long to, boolean cut) throws Exception {
    for (long m = from; m < to; m++) {
      Appender a = t.appender();
      for (int s = 0; s < 3; s++) {
        a.append(0, series(s), m * MIN, m + s);
      }
      a.commit();
      if (cut) {
        t.cutBlockIfDue();
      }
    }
  }

  /** What fill wrote in [0, minutes), less the minutes {@code deleted} says for series 1. */
  private static List<String> expected(long minutes, LongPredicate deleted) {
    List<String> out = new ArrayList<>();
    for (int s = 0; s < 3; s++) {
      for (long m = 0; m < minutes; m++) {
        if (s != 1 || !deleted.test(m)) {
          out.add(series(s) + " " + m * MIN + " " + (double) (m + s));
        }
      }
    }
    return out;
  }

  static List<String> read(Tsdb t, long mint, long maxt) {
    List<String> out = new ArrayList<>();
    try (Querier q = t.querier(mint, maxt)) {
      SeriesSet set = q.select(true, Matcher.regex("__name__", ".+"));
      while (set.next()) {
        SampleIterator it = set.iterator();
        boolean any = false;
        while (it.next()) {
          out.add(set.labels() + " " + it.atT() + " " + it.atV());
          any = true;
        }
        assertThat(any).as("series %s returned without samples", set.labels()).isTrue();
      }
    }
    return out;
  }

  private static final Matcher[] S1 = {Matcher.equal("__name__", "m"), Matcher.equal("s", "1")};

  @Test
  void deletionInTheHeadHidesSamplesAndSurvivesARestart() throws Exception {
    try (Tsdb t = open(dir)) {
      fill(t, 0, 60, false);
      assertThat(t.delete(10 * MIN, 19 * MIN, S1)).isEqualTo(1);
      assertThat(read(t, 0, HOUR)).isEqualTo(expected(60, m -> m >= 10 && m <= 19));
      // Samples appended after a deletion reaching into the future are not hidden by it.
      assertThat(t.delete(50 * MIN, Long.MAX_VALUE, S1)).isEqualTo(1);
      fill(t, 60, 70, false);
      assertThat(read(t, 0, 2 * HOUR))
          .isEqualTo(expected(70, m -> (m >= 10 && m <= 19) || (m >= 50 && m <= 59)));
    }
    try (Tsdb t = open(dir)) {
      assertThat(t.replayStats().tombstones()).isEqualTo(2);
      assertThat(read(t, 0, 2 * HOUR))
          .isEqualTo(expected(70, m -> (m >= 10 && m <= 19) || (m >= 50 && m <= 59)));
    }
  }

  @Test
  void aSeriesWithEverythingDeletedDisappears() throws Exception {
    try (Tsdb t = open(dir)) {
      fill(t, 0, 30, false);
      t.delete(Long.MIN_VALUE, Long.MAX_VALUE, S1);
      assertThat(read(t, 0, HOUR)).isEqualTo(expected(30, m -> true));
      // Within a narrower window the same holds for a partial deletion.
      t.delete(0, 5 * MIN, Matcher.equal("s", "2"));
      assertThat(read(t, 0, 5 * MIN)).hasSize(6).allMatch(l -> l.contains("s=\"0\""));
    }
  }

  @Test
  void headDeletionsAreAppliedWhenTheHeadIsCutAndKeptAcrossTheCheckpoint() throws Exception {
    LongPredicate deleted = m -> (m >= 30 && m <= 40) || (m >= 100 && m <= 110);
    try (Tsdb t = open(dir)) {
      fill(t, 0, 115, false);
      t.delete(30 * MIN, 40 * MIN, S1);
      t.delete(100 * MIN, 110 * MIN, S1);
      // Head spans 1.9h now: the first hour is cut into a block, the WAL checkpointed.
      assertThat(t.cutBlockIfDue()).isTrue();
      BlockReader b = t.blocks().get(0);
      assertThat(b.tombstones().isEmpty()).isTrue();
      assertThat(Files.exists(b.dir().resolve("tombstones"))).isFalse();
      // The deleted samples were never written: 3 series × 60 minutes less 11.
      assertThat(b.meta().stats().numSamples()).isEqualTo(180 - 11);
      assertThat(BlockReaderProbe.samples(b, series(1))).isEqualTo(60 - 11);
      // The applied deletion is forgotten, the one still in the head kept.
      assertThat(t.headTombstones().get(series(1)).toString())
          .isEqualTo("[[" + 100 * MIN + ", " + 110 * MIN + "]]");
      assertThat(read(t, 0, 2 * HOUR)).isEqualTo(expected(115, deleted));
    }
    try (Tsdb t = open(dir)) {
      // Replayed from the checkpoint, which kept the tombstone of the live series.
      assertThat(t.replayStats().checkpoint()).isGreaterThanOrEqualTo(0);
      assertThat(t.headTombstones()).containsKey(series(1));
      assertThat(read(t, 0, 2 * HOUR)).isEqualTo(expected(115, deleted));
    }
  }

  @Test
  void deletionAcrossBlocksAndHeadThenCleanTombstones() throws Exception {
    LongPredicate deleted = m -> m >= 50 && m <= 250;
    try (Tsdb t = open(dir)) {
      fill(t, 0, 300, true);
      // Blocks [0h, 1h) .. [3h, 4h) and the head from 4h.
      assertThat(t.blocks()).hasSize(4);
      // Touches every block and the head.
      assertThat(t.delete(50 * MIN, 250 * MIN, S1)).isEqualTo(5);
      assertThat(read(t, 0, 5 * HOUR)).isEqualTo(expected(300, deleted));
    }
    List<String> blockIds;
    try (Tsdb t = open(dir)) {
      assertThat(read(t, 0, 5 * HOUR)).isEqualTo(expected(300, deleted));
      long withTombstones = t.blocks().stream().filter(b -> !b.tombstones().isEmpty()).count();
      assertThat(withTombstones).isEqualTo(4);
      long samplesBefore = t.blocks().stream().mapToLong(b -> b.meta().stats().numSamples())
          .sum();
      List<Double> seconds = new ArrayList<>();
      t.onTombstoneCleanup(seconds::add);
      assertThat(t.cleanTombstones()).isEqualTo(4);
      assertThat(t.tombstoneCleanups()).isEqualTo(4);
      assertThat(seconds).hasSize(1).allMatch(x -> x > 0);
      assertThat(t.blocks()).allMatch(b -> b.tombstones().isEmpty());
      assertThat(t.blocks().stream().mapToLong(b -> b.meta().stats().numSamples()).sum())
          .isEqualTo(samplesBefore - 190);
      assertThat(t.blocks()).allMatch(b -> !Files.exists(b.dir().resolve("tombstones")));
      assertThat(read(t, 0, 5 * HOUR)).isEqualTo(expected(300, deleted));
      assertThat(t.cleanTombstones()).isZero();
      blockIds = t.blocks().stream().map(b -> b.meta().id()).toList();
    }
    try (Tsdb t = open(dir)) {
      assertThat(t.blocks().stream().map(b -> b.meta().id()).toList()).isEqualTo(blockIds);
      assertThat(read(t, 0, 5 * HOUR)).isEqualTo(expected(300, deleted));
    }
  }

  @Test
  void badArgumentsAreRefused() throws Exception {
    try (Tsdb t = open(dir)) {
      assertThatThrownBy(() -> t.delete(10, 9, S1)).isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("before start");
      assertThatThrownBy(() -> t.delete(0, 9)).isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("matcher");
      assertThat(t.delete(0, 9, S1)).isZero();
    }
  }
}
