package dev.vigil.server.tsdb;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.server.model.Labels;
import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.LongAdder;
import org.junit.jupiter.api.Test;

class SeriesByLabelsTest {
  private static final LongAdder CHUNKS = new LongAdder();

  private static Labels labels(int i) {
    return Labels.of("__name__", "m", "i", Integer.toString(i));
  }

  @Test
  void agreesWithAMapThroughGrowthShrinkingAndRemovalsInsideProbeChains() {
    SplittableRandom random = new SplittableRandom(11);
    SeriesByLabels table = new SeriesByLabels();
    Map<Labels, MemSeries> model = new HashMap<>();
    for (int step = 0; step < 100_000; step++) {
      int range = step < 50_000 ? 3_000 : 200;
      Labels l = labels(random.nextInt(range));
      if (random.nextInt(3) > 0 && step < 75_000) {
        int id = step;
        MemSeries got = table.computeIfAbsent(l, x -> new MemSeries(id, x, CHUNKS));
        assertThat(model.computeIfAbsent(l, x -> got)).isSameAs(got);
      } else if (model.containsKey(l)) {
        table.remove(model.remove(l));
      }
      if (step % 997 == 0) {
        for (int i = 0; i < range; i++) {
          assertThat(table.get(labels(i))).isSameAs(model.get(labels(i)));
        }
        assertThat(table.snapshot()).containsExactlyInAnyOrderElementsOf(model.values());
      }
    }
    for (int i = 0; i < 3_000; i++) {
      assertThat(table.get(labels(i))).isSameAs(model.get(labels(i)));
    }
    assertThat(table.size()).isEqualTo(model.size());
    assertThat(table.capacity()).isLessThanOrEqualTo(Math.max(16, model.size() * 8));
  }

  @Test
  void createsOnlyWhenAbsentAndRemovesOnlyTheSeriesItWasGiven() {
    SeriesByLabels table = new SeriesByLabels();
    MemSeries first = table.computeIfAbsent(labels(1), l -> new MemSeries(1, l, CHUNKS));
    assertThat(table.computeIfAbsent(labels(1), l -> {
      throw new AssertionError("must not create twice");
    })).isSameAs(first);
    table.remove(new MemSeries(2, labels(1), CHUNKS));
    assertThat(table.get(labels(1))).isSameAs(first);
    table.remove(first);
    assertThat(table.get(labels(1))).isNull();
    assertThat(table.snapshot()).isEmpty();
  }

  @Test
  void aSampleIsBoundedDistinctAndNotBiasedTowardsOldOrNewSeries() {
    SeriesByLabels table = new SeriesByLabels();
    for (int i = 0; i < 20_000; i++) {
      int id = i;
      table.computeIfAbsent(labels(i), x -> new MemSeries(id, x, CHUNKS));
    }
    assertThat(table.sample(50_000)).hasSize(20_000);
    MemSeries[] sample = table.sample(1000);
    assertThat(sample).hasSizeBetween(900, 1000).doesNotHaveDuplicates().doesNotContainNull();
    // Series are created in id order: an estimate from old series only would miss new ones.
    int low = 0;
    for (MemSeries s : sample) {
      if (s.id < 10_000) {
        low++;
      }
    }
    assertThat(low).isBetween(sample.length * 4 / 10, sample.length * 6 / 10);
  }
}
