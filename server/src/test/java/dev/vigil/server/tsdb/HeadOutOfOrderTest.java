package dev.vigil.server.tsdb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.server.model.Labels;
import dev.vigil.server.model.Matcher;
import dev.vigil.server.storage.Appender;
import dev.vigil.server.storage.SampleIterator;
import dev.vigil.server.tsdb.block.BlockSource;
import dev.vigil.server.tsdb.chunkenc.Chunk;
import dev.vigil.server.tsdb.wal.Wal;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HeadOutOfOrderTest {
  private static final Labels X = Labels.of("__name__", "x");
  private static final Labels Y = Labels.of("__name__", "y");
  private static final long MIN = 60_000;

  @Test
  void withoutAWindowOlderSamplesAreRefusedAsOutOfOrder() {
    Head h = new Head();
    append(h, X, 1000, 1);
    Appender a = h.appender();
    a.append(0, X, 999, 2);
    a.commit();
    assertThat(a.rejected()).isEqualTo(1);
    assertThat(h.outOfOrderSamples()).isEqualTo(1);
    assertThat(h.tooOldSamples()).isZero();
  }

  @Test
  void theWindowIsMeasuredFromTheHeadsNewestSampleAndItsStartIsInside() {
    Head h = new Head();
    h.setOutOfOrderWindow(Duration.ofMinutes(30));
    append(h, X, 60 * MIN, 1);
    append(h, Y, 100 * MIN, 1); // the head's newest: the window starts at 70 min
    assertThat(append(h, X, 65 * MIN, 1)).as("in order for its series: no window applies")
        .isZero();
    append(h, X, 90 * MIN, 1);

    assertThat(append(h, X, 70 * MIN - 1, 2)).as("one ms before the window").isEqualTo(1);
    assertThat(h.tooOldSamples()).isEqualTo(1);
    assertThat(append(h, Y, 70 * MIN, 3)).as("the window's first ms").isZero();
    assertThat(append(h, Y, 70 * MIN, 3)).as("the same sample again").isZero();
    assertThat(append(h, Y, 70 * MIN, 4)).as("another value at that time").isEqualTo(1);
    assertThat(append(h, Y, 100 * MIN, 5)).as("another value at the newest time").isEqualTo(1);
    assertThat(h.duplicateSamples()).isEqualTo(2);
    assertThat(h.outOfOrderSamples()).isZero();
    // The repeat counts as appended, as an in-order repeat does.
    assertThat(h.outOfOrderAppended()).isEqualTo(2);
    assertThat(HeadGcTest.select(h, Matcher.equal("__name__", "y")))
        .containsExactly(Y + "@" + 70 * MIN, Y + "@" + 100 * MIN);
  }

  @Test
  void outOfOrderSamplesNeverReachBackIntoBlocks() {
    Head h = new Head();
    h.setOutOfOrderWindow(Duration.ofHours(10));
    append(h, X, 100 * MIN, 1);
    h.truncateBefore(90 * MIN);
    assertThat(append(h, X, 90 * MIN - 1, 2)).isEqualTo(1);
    assertThat(h.outOfBoundSamples()).isEqualTo(1);
    assertThat(h.tooOldSamples()).isZero();
    assertThat(append(h, X, 90 * MIN, 2)).isZero();
  }

  @Test
  void aNegativeWindowIsRefused() {
    assertThatThrownBy(() -> new Head().setOutOfOrderWindow(Duration.ofMinutes(-1)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("negative");
  }

  @Test
  void queriesSeeEverySampleOnceInTimeOrderAcrossMergesAndChunks() {
    Head h = new Head();
    h.setOutOfOrderWindow(Duration.ofDays(1));
    List<Long> times = new ArrayList<>();
    for (long t = 0; t < 1000; t++) {
      times.add(t * 1000);
    }
    // Every third sample first, in order; the rest later in random order, 40 per commit, with
    // queries in between (each query merges what is pending).
    for (long t : times) {
      if (t % 3000 == 0) {
        append(h, X, t, t);
      }
    }
    List<Long> late = new ArrayList<>();
    for (long t : times) {
      if (t % 3000 != 0) {
        late.add(t);
      }
    }
    java.util.Collections.shuffle(late, new java.util.Random(3));
    for (int i = 0; i < late.size(); i += 40) {
      Appender a = h.appender();
      for (long t : late.subList(i, Math.min(late.size(), i + 40))) {
        a.append(0, X, t, t);
      }
      a.commit();
      assertThat(a.rejected()).isZero();
      if (i % 200 == 0) {
        assertThat(values(h)).isSorted();
      }
    }
    List<Long> got = values(h);
    assertThat(got).containsExactlyElementsOf(times);
    assertThat(h.chunkCount()).isEqualTo(h.stats().chunkCount()).isEqualTo(9);
  }

  @Test
  void theBlockSourceYieldsChunksInOrderWithoutOverlap() {
    Head h = new Head();
    h.setOutOfOrderWindow(Duration.ofDays(1));
    SplittableRandom random = new SplittableRandom(5);
    for (long t = 0; t < 600; t += 2) {
      append(h, X, t * 1000, t);
    }
    for (int i = 0; i < 200; i++) {
      long t = 1 + 2 * random.nextInt(300);
      append(h, X, t * 1000, t);
    }
    BlockSource src = h.blockSource(100_000, 500_000);
    assertThat(src.next()).isTrue();
    long prevMax = Long.MIN_VALUE;
    List<Long> got = new ArrayList<>();
    for (Chunk c : src.chunks()) {
      assertThat(c.minTime()).isGreaterThan(prevMax);
      prevMax = c.maxTime();
      for (SampleIterator it = c.iterator(); it.next(); ) {
        got.add(it.atT());
      }
    }
    assertThat(got).isSorted().doesNotHaveDuplicates().allMatch(t -> t >= 100_000 && t < 500_000);
    assertThat(got).contains(100_000L, 498_000L);
    assertThat(src.next()).isFalse();
  }

  @Test
  void replayPutsOutOfOrderSamplesBackAndTheWalHoldsNoneRefusedForAge(@TempDir Path dir)
      throws Exception {
    try (Tsdb db = Tsdb.open(dir, Wal.Options.defaults(), Duration.ofHours(2))) {
      db.head().setOutOfOrderWindow(Duration.ofMinutes(30));
      append(db.head(), X, 10 * MIN, 10);
      append(db.head(), X, 40 * MIN, 40);
      append(db.head(), X, 20 * MIN, 20);
      append(db.head(), X, 5 * MIN, 5); // refused: older than the window
      append(db.head(), X, 30 * MIN, 30);
      append(db.head(), X, 30 * MIN, 31); // refused: duplicate
    }
    try (Tsdb db = Tsdb.open(dir, Wal.Options.defaults(), Duration.ofHours(2))) {
      assertThat(HeadGcTest.select(db.head(), Matcher.equal("__name__", "x"))).containsExactly(
          X + "@" + 10 * MIN, X + "@" + 20 * MIN, X + "@" + 30 * MIN, X + "@" + 40 * MIN);
      assertThat(db.replayStats().samples()).isEqualTo(5);
    }
  }

  @Test
  void aBlockCutTakesTheMergedSamples(@TempDir Path dir) throws Exception {
    long hour = 60 * MIN;
    try (Tsdb db = Tsdb.open(dir, Wal.Options.defaults(), Duration.ofHours(1))) {
      db.head().setOutOfOrderWindow(Duration.ofMinutes(30));
      for (long t = 0; t <= 50 * MIN; t += 2 * MIN) {
        append(db.head(), X, t, t);
      }
      for (long t = 21 * MIN; t < 50 * MIN; t += 2 * MIN) {
        append(db.head(), X, t, t);
      }
      for (long t = 51 * MIN; t <= hour * 16 / 10; t += MIN) {
        append(db.head(), X, t, t);
      }
      assertThat(db.cutBlockIfDue()).isTrue();
      assertThat(db.head().minTime()).isGreaterThanOrEqualTo(hour);
      List<Long> inBlock = new ArrayList<>();
      try (var q = db.blocks().get(0).querier(0, hour - 1)) {
        var set = q.select(true, Matcher.equal("__name__", "x"));
        assertThat(set.next()).isTrue();
        for (SampleIterator it = set.iterator(); it.next(); ) {
          inBlock.add(it.atT());
        }
      }
      List<Long> expected = new ArrayList<>();
      for (long t = 0; t < hour; t += MIN) {
        if (t <= 20 * MIN && t % (2 * MIN) != 0) {
          continue; // before the window when they came
        }
        expected.add(t);
      }
      assertThat(inBlock).containsExactlyElementsOf(expected);
    }
  }

  /** Appends one sample in its own commit; returns how many were refused. */
  private static int append(Head h, Labels l, long t, double v) {
    Appender a = h.appender();
    a.append(0, l, t, v);
    a.commit();
    return a.rejected();
  }

  private static List<Long> values(Head h) {
    List<Long> out = new ArrayList<>();
    try (var q = h.querier(Long.MIN_VALUE, Long.MAX_VALUE)) {
      var set = q.select(false, Matcher.equal("__name__", "x"));
      while (set.next()) {
        for (SampleIterator it = set.iterator(); it.next(); ) {
          out.add(it.atT());
        }
      }
    }
    return out;
  }
}
