package dev.vigil.server.tsdb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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

class HeadGcTest {
  private static final Labels A = Labels.of("__name__", "up", "job", "node", "instance", "gone");
  private static final Labels B = Labels.of("__name__", "up", "job", "node", "instance", "kept");

  @Test
  void removesSeriesWhoseSamplesAllWentToABlock() {
    Head h = new Head();
    Appender a = h.appender();
    long refA = a.append(0, A, 100, 1);
    a.append(0, B, 100, 1);
    a.append(0, B, 2000, 2);
    a.commit();
    int strings = h.internedStrings();

    h.truncateBefore(1000);
    assertThat(h.gc()).isEqualTo(1);

    assertThat(h.seriesCount()).isEqualTo(1);
    assertThat(h.byId((int) refA)).isNull();
    assertThat(h.postings().labelValues("instance")).containsExactly("kept");
    assertThat(h.internedStrings()).isEqualTo(strings - 1); // "gone" only: the rest is shared
    assertThat(h.seriesCreated()).isEqualTo(2);
    assertThat(h.seriesRemoved()).isEqualTo(1);
    assertThat(select(h, Matcher.equal("__name__", "up"))).containsExactly(B + "@2000");
    assertThat(h.gc()).isZero();
  }

  @Test
  void openChunkBuffersGoBackToTheArenaWhenChunksAreCutOrSeriesRemoved() {
    Head h = new Head();
    for (int t = 0; t < 500; t++) {
      Appender a = h.appender();
      for (int i = 0; i < 50; i++) {
        a.append(0, Labels.of("__name__", "m", "i", Integer.toString(i)), t * 1000L, t * i);
      }
      a.commit();
    }
    assertThat(h.chunkArena().usedBytes()).isPositive();
    h.truncateBefore(400_000);
    assertThat(h.chunkArena().usedBytes()).isPositive();
    h.truncateBefore(500_000);
    assertThat(h.gc()).isEqualTo(50);
    assertThat(h.chunkArena().usedBytes()).isZero();
    assertThat(h.chunkArena().reservedBytes())
        .isLessThanOrEqualTo(25L * 128 * 1024); // at most the page each size class fills next
  }

  @Test
  void anEmptyButLiveSeriesIsKeptUntilTheCutTookAllItsSamples() {
    Head h = new Head();
    Appender a = h.appender();
    a.append(0, A, 100, 1);
    a.append(0, A, 1000, 2);
    a.commit();
    h.truncateBefore(1000);
    assertThat(h.gc()).isZero();
    h.truncateBefore(1001);
    assertThat(h.gc()).isEqualTo(1);
    assertThat(h.seriesCount()).isZero();
    assertThat(h.internedStrings()).isZero();
    assertThat(h.postings().labelNames()).isEmpty();
  }

  @Test
  void aStaleRefLandsInANewLiveSeriesWithItsOwnWalRecord() {
    List<String> logged = new ArrayList<>();
    Head h = new Head((series, ts, vs, n, ex) -> {
      for (int i = 0; i < n; i++) {
        logged.add(series[i].id + (series[i].logged ? "" : " new") + "@" + ts[i]);
        series[i].logged = true;
      }
    });
    Appender a = h.appender();
    long ref = a.append(0, A, 100, 1);
    a.commit();
    h.truncateBefore(1000);
    h.gc();

    Appender b = h.appender();
    long again = b.append(ref, A, 2000, 5);
    b.commit();

    assertThat(again).isNotEqualTo(ref);
    assertThat(logged).containsExactly(ref + " new@100", again + " new@2000");
    assertThat(select(h, Matcher.equal("instance", "gone"))).containsExactly(A + "@2000");
    assertThat(h.postings().labelValues("instance")).containsExactly("gone");
  }

  @Test
  void aSeriesRemovedBetweenAppendAndCommitIsResolvedAgainOnCommit() {
    Head h = new Head();
    Appender a = h.appender();
    long ref = a.append(0, A, 5000, 7); // created, still empty: GC may take it
    h.truncateBefore(1000);
    assertThat(h.gc()).isEqualTo(1);
    a.commit();

    assertThat(a.rejected()).isZero();
    assertThat(h.seriesCount()).isEqualTo(1);
    assertThat(h.byId((int) ref)).isNull();
    assertThat(select(h, Matcher.equal("instance", "gone"))).containsExactly(A + "@5000");
    assertThat(h.seriesCreated()).isEqualTo(2);
  }

  @Test
  void anUnknownRefWithoutLabelsIsAClearError() {
    Head h = new Head();
    assertThatThrownBy(() -> h.appender().append(42, null, 1, 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("series ref 42 is unknown");
  }

  @Test
  void theInternerDoesNotGrowUnderSeriesChurn() {
    Head h = new Head();
    long t = 0;
    int peak = 0;
    for (int round = 0; round < 20; round++) {
      Appender a = h.appender();
      for (int i = 0; i < 500; i++) {
        a.append(0, Labels.of("__name__", "churn", "pod", "pod-" + round + "-" + i), t, i);
      }
      a.commit();
      t += 1000;
      h.truncateBefore(t);
      h.gc();
      peak = Math.max(peak, h.internedStrings());
    }
    assertThat(h.seriesCount()).isZero();
    assertThat(h.internedStrings()).isZero();
    assertThat(h.seriesRemoved()).isEqualTo(20 * 500);
    assertThat(peak).isZero();
  }

  @Test
  void replayMapsASecondIdOfTheSameLabelsToTheOneSeries() {
    Head h = new Head();
    MemSeries first = h.restore(3, A);
    MemSeries second = h.restore(9, Labels.of("__name__", "up", "job", "node", "instance", "gone"));
    assertThat(second).isSameAs(first);
    assertThat(h.byId(9)).isSameAs(first);
    assertThat(h.seriesIds()).containsExactly(3, 9);
    assertThat(h.seriesCount()).isEqualTo(1);
    // A series created later gets an id after both.
    assertThat(h.getOrCreate(B).id).isEqualTo(10);

    h.truncateBefore(1);
    h.gc();
    assertThat(h.seriesIds()).isEmpty();
    assertThat(h.byId(9)).isNull();
  }

  @Test
  void aStaleRefSampleSurvivesARestartAfterTheCutRemovedItsSeries(@TempDir Path dir)
      throws Exception {
    long hour = 3_600_000;
    long ref;
    try (Tsdb db = Tsdb.open(dir, Wal.Options.defaults(), Duration.ofHours(1))) {
      Appender a = db.appender();
      ref = a.append(0, A, 0, 1);
      for (long t = 0; t <= hour * 16 / 10; t += 60_000) {
        a.append(0, B, t, t);
      }
      a.commit();
      assertThat(db.cutBlockIfDue()).isTrue();
      assertThat(db.head().seriesRemoved()).isEqualTo(1);

      Appender b = db.appender();
      b.append(ref, A, hour * 17 / 10, 42);
      b.commit();
    }
    try (Tsdb db = Tsdb.open(dir, Wal.Options.defaults(), Duration.ofHours(1))) {
      assertThat(select(db.head(), Matcher.equal("instance", "gone")))
          .containsExactly(A + "@" + hour * 17 / 10);
      assertThat(db.unknownRefSamples()).isZero();
    }
  }

  @Test
  void aRestartBeforeTheCheckpointFindsBothRefsOfARecreatedSeries(@TempDir Path dir)
      throws Exception {
    try (Tsdb db = Tsdb.open(dir, Wal.Options.defaults(), Duration.ofHours(2))) {
      Appender a = db.appender();
      long ref = a.append(0, A, 1000, 1);
      a.commit();
      // GC as after a cut, then a crash before the checkpoint: both SERIES records stay.
      db.head().truncateBefore(2000);
      assertThat(db.head().gc()).isEqualTo(1);
      Appender b = db.appender();
      assertThat(b.append(ref, A, 3000, 3)).isNotEqualTo(ref);
      b.commit();
    }
    try (Tsdb db = Tsdb.open(dir, Wal.Options.defaults(), Duration.ofHours(2))) {
      assertThat(select(db.head(), Matcher.equal("instance", "gone")))
          .containsExactly(A + "@1000", A + "@3000");
      assertThat(db.unknownRefSamples()).isZero();
      assertThat(db.head().seriesCount()).isEqualTo(1);
    }
  }

  /** Every sample as {@code labels@t}, series in label order. */
  static List<String> select(dev.vigil.server.storage.Queryable q, Matcher... matchers) {
    List<String> out = new ArrayList<>();
    try (Querier querier = q.querier(Long.MIN_VALUE, Long.MAX_VALUE)) {
      SeriesSet set = querier.select(true, matchers);
      while (set.next()) {
        SampleIterator it = set.iterator();
        while (it.next()) {
          out.add(set.labels() + "@" + it.atT());
        }
      }
    }
    return out;
  }
}
