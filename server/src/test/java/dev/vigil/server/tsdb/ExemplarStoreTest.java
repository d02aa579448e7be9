package dev.vigil.server.tsdb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.server.model.Exemplar;
import dev.vigil.server.model.Labels;
import dev.vigil.server.model.Matcher;
import dev.vigil.server.storage.ExemplarQueryable.SeriesExemplars;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ExemplarStoreTest {
  private static final Labels A = Labels.of("__name__", "req_total", "code", "200");
  private static final Labels B = Labels.of("__name__", "req_total", "code", "500");
  private static final List<Matcher[]> ALL =
      List.<Matcher[]>of(new Matcher[] {Matcher.equal("__name__", "req_total")});

  private static Labels trace(String id) {
    return Labels.of("trace_id", id);
  }

  @Test
  void ringWrapsDroppingTheOldestOfAnySeries() {
    ExemplarStore s = new ExemplarStore(3);
    assertThat(s.add(A, trace("a1"), 1000, 1)).isEqualTo(ExemplarStore.Result.OK);
    assertThat(s.add(B, trace("b1"), 1500, 2)).isEqualTo(ExemplarStore.Result.OK);
    assertThat(s.add(A, trace("a2"), 2000, 3)).isEqualTo(ExemplarStore.Result.OK);
    assertThat(s.oldestTimestampSeconds()).isEqualTo(1.0);
    // Full: a4 takes a1's slot, then b2 takes b1's (B's only one: B leaves and comes back).
    s.add(A, trace("a3"), 3000, 4);
    assertThat(s.seriesCount()).isEqualTo(2);
    s.add(B, trace("b2"), 3500, 5);
    assertThat(s.size()).isEqualTo(3);
    assertThat(s.appended()).isEqualTo(5);
    assertThat(s.oldestTimestampSeconds()).isEqualTo(2.0);
    assertThat(s.selectExemplars(Long.MIN_VALUE, Long.MAX_VALUE, ALL)).containsExactly(
        new SeriesExemplars(A, List.of(new Exemplar(trace("a2"), 3, 2000),
            new Exemplar(trace("a3"), 4, 3000))),
        new SeriesExemplars(B, List.of(new Exemplar(trace("b2"), 5, 3500))));
  }

  @Test
  void identicalExemplarIsADuplicateAndOlderOrSameTimeIsOutOfOrder() {
    ExemplarStore s = new ExemplarStore(10);
    s.add(A, trace("x"), 2000, 1);
    assertThat(s.add(A, trace("x"), 2000, 1)).isEqualTo(ExemplarStore.Result.DUPLICATE);
    assertThat(s.add(A, trace("y"), 2000, 1)).isEqualTo(ExemplarStore.Result.OUT_OF_ORDER);
    assertThat(s.add(A, trace("x"), 1999, 1)).isEqualTo(ExemplarStore.Result.OUT_OF_ORDER);
    assertThat(s.validate(A, trace("x"), 1000, 1, true)).isEqualTo(ExemplarStore.Result.OUT_OF_ORDER);
    // Another series has its own order.
    assertThat(s.add(B, trace("x"), 1000, 1)).isEqualTo(ExemplarStore.Result.OK);
    assertThat(s.outOfOrder()).isEqualTo(3);
    assertThat(s.appended()).isEqualTo(2);
    assertThat(s.size()).isEqualTo(2);
  }

  @Test
  void withoutOwnTimestampsARepeatIsADuplicateWhateverItsScrapeTime() {
    ExemplarStore s = new ExemplarStore(10);
    assertThat(s.add(A, trace("x"), 1000, 1, false)).isEqualTo(ExemplarStore.Result.OK);
    assertThat(s.add(A, trace("x"), 2000, 1, false)).isEqualTo(ExemplarStore.Result.DUPLICATE);
    // A new value is a new exemplar; its own timestamp makes times count again.
    assertThat(s.add(A, trace("x"), 3000, 2, false)).isEqualTo(ExemplarStore.Result.OK);
    assertThat(s.add(A, trace("x"), 4000, 2, true)).isEqualTo(ExemplarStore.Result.OK);
    assertThat(s.add(A, trace("x"), 4000, 2, false)).isEqualTo(ExemplarStore.Result.DUPLICATE);
    assertThat(s.add(A, trace("x"), 5000, 2, false)).isEqualTo(ExemplarStore.Result.OK);
    assertThat(s.all()).extracting(Exemplar::timestampMillis).containsExactly(1000L, 3000L,
        4000L, 5000L);
  }

  @Test
  void emptyRingKeepsNothing() {
    ExemplarStore s = new ExemplarStore(0);
    assertThat(s.add(A, trace("x"), 1, 1)).isEqualTo(ExemplarStore.Result.DISABLED);
    assertThat(s.selectExemplars(Long.MIN_VALUE, Long.MAX_VALUE, ALL)).isEmpty();
    assertThatThrownBy(() -> s.resize(-1)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("must not be negative");
  }

  @Test
  void resizeKeepsTheNewestInOrder() {
    ExemplarStore s = new ExemplarStore(4);
    for (int i = 1; i <= 6; i++) {
      s.add(i % 2 == 0 ? A : B, trace("t" + i), i * 1000L, i);
    }
    s.resize(3); // keeps t4, t5, t6
    assertThat(s.all()).extracting(Exemplar::value).containsExactly(4.0, 5.0, 6.0);
    assertThat(s.appended()).isEqualTo(6);
    s.add(A, trace("t7"), 7000, 7); // wraps over t4
    assertThat(s.all()).extracting(Exemplar::value).containsExactly(5.0, 6.0, 7.0);
    s.resize(10);
    s.add(B, trace("t8"), 8000, 8);
    assertThat(s.all()).extracting(Exemplar::value).containsExactly(5.0, 6.0, 7.0, 8.0);
    assertThat(s.capacity()).isEqualTo(10);
    // Still ordered per series: B's newest is t8, so t8's time again is out of order.
    assertThat(s.add(B, trace("z"), 8000, 1)).isEqualTo(ExemplarStore.Result.OUT_OF_ORDER);
    s.resize(0);
    assertThat(s.size()).isZero();
    assertThat(s.seriesCount()).isZero();
  }

  @Test
  void selectFiltersByTimeAndSelectors() {
    ExemplarStore s = new ExemplarStore(10);
    s.add(A, trace("a"), 1000, 1);
    s.add(A, trace("b"), 2000, 2);
    s.add(B, trace("c"), 3000, 3);
    assertThat(s.selectExemplars(1500, 3000, ALL)).containsExactly(
        new SeriesExemplars(A, List.of(new Exemplar(trace("b"), 2, 2000))),
        new SeriesExemplars(B, List.of(new Exemplar(trace("c"), 3, 3000))));
    List<Matcher[]> two = List.of(new Matcher[] {Matcher.equal("code", "500")},
        new Matcher[] {Matcher.equal("code", "404")});
    assertThat(s.selectExemplars(0, 5000, two)).extracting(SeriesExemplars::seriesLabels)
        .containsExactly(B);
  }

  /** Random adds against a plain list model of "the newest N accepted", across resizes. */
  @Test
  void matchesAModelUnderRandomAddsAndResizes() {
    Random rnd = new Random(42);
    Labels[] series = new Labels[7];
    for (int i = 0; i < series.length; i++) {
      series[i] = Labels.of("__name__", "req_total", "i", Integer.toString(i));
    }
    int cap = 5;
    ExemplarStore s = new ExemplarStore(cap);
    List<Object[]> model = new ArrayList<>(); // {series, t}
    long[] newest = new long[series.length];
    java.util.Arrays.fill(newest, Long.MIN_VALUE);
    for (int step = 0; step < 5000; step++) {
      if (rnd.nextInt(100) == 0) {
        cap = rnd.nextInt(12);
        s.resize(cap);
        while (model.size() > cap) {
          model.remove(0);
        }
        if (cap == 0) {
          java.util.Arrays.fill(newest, Long.MIN_VALUE);
        }
        // A series whose exemplars all went has no order to keep any more.
        for (int i = 0; i < series.length; i++) {
          final int k = i;
          if (model.stream().noneMatch(o -> (int) o[0] == k)) {
            newest[i] = Long.MIN_VALUE;
          }
        }
        continue;
      }
      int i = rnd.nextInt(series.length);
      long t = newest[i] == Long.MIN_VALUE ? rnd.nextInt(1000) : newest[i] + rnd.nextInt(5) - 1;
      ExemplarStore.Result r = s.add(series[i], trace("x"), t, 1);
      if (cap == 0) {
        assertThat(r).isEqualTo(ExemplarStore.Result.DISABLED);
        continue;
      }
      if (newest[i] != Long.MIN_VALUE && t <= newest[i]) {
        assertThat(r).isIn(ExemplarStore.Result.DUPLICATE, ExemplarStore.Result.OUT_OF_ORDER);
        continue;
      }
      assertThat(r).isEqualTo(ExemplarStore.Result.OK);
      newest[i] = t;
      model.add(new Object[] {i, t});
      if (model.size() > cap) {
        int gone = (int) model.remove(0)[0];
        final int g = gone;
        if (model.stream().noneMatch(o -> (int) o[0] == g)) {
          newest[gone] = Long.MIN_VALUE;
        }
      }
      assertThat(s.size()).isEqualTo(model.size());
      List<Long> times = new ArrayList<>();
      for (Exemplar e : s.all()) {
        times.add(e.timestampMillis());
      }
      assertThat(times).containsExactlyElementsOf(model.stream().map(o -> (Long) o[1]).toList());
    }
  }
}
