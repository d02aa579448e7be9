package dev.vigil.server.tsdb;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.server.model.Labels;
import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.LongAdder;
import org.junit.jupiter.api.Test;

class SeriesByIdTest {
  private static final LongAdder CHUNKS = new LongAdder();

  private static MemSeries series(int id) {
    return new MemSeries(id, Labels.of("id", Integer.toString(id)), CHUNKS);
  }

  @Test
  void agreesWithAMapThroughGrowthShrinkingAndRemovalsInsideProbeChains() {
    SplittableRandom random = new SplittableRandom(7);
    SeriesById table = new SeriesById();
    Map<Integer, MemSeries> model = new HashMap<>();
    for (int step = 0; step < 200_000; step++) {
      // Ids from a narrow range collide and cluster often; phases grow then shrink the table.
      int range = step < 100_000 ? 5_000 : 300;
      int id = 1 + random.nextInt(range);
      if (random.nextInt(3) > 0 && step < 150_000) {
        MemSeries s = series(id);
        table.put(s);
        model.put(id, s);
      } else if (model.containsKey(id)) {
        table.remove(model.remove(id));
      }
      if (step % 997 == 0) {
        for (int probe = 1; probe <= range; probe++) {
          assertThat(table.get(probe)).as("id %d at step %d", probe, step)
              .isSameAs(model.get(probe));
        }
      }
    }
    for (int id = 1; id <= 5_000; id++) {
      assertThat(table.get(id)).isSameAs(model.get(id));
    }
    assertThat(table.size()).isEqualTo(model.size());
  }

  @Test
  void removesOnlyTheSeriesItWasGiven() {
    SeriesById table = new SeriesById();
    MemSeries old = series(5);
    table.put(old);
    MemSeries replacement = series(5);
    table.put(replacement);
    table.remove(old);
    assertThat(table.get(5)).isSameAs(replacement);
    assertThat(table.size()).isEqualTo(1);
  }

  @Test
  void shrinksWhenMostSeriesAreGone() {
    SeriesById table = new SeriesById();
    MemSeries[] all = new MemSeries[10_000];
    for (int i = 0; i < all.length; i++) {
      table.put(all[i] = series(i + 1));
    }
    int grown = table.capacity();
    for (int i = 0; i < all.length - 10; i++) {
      table.remove(all[i]);
    }
    assertThat(table.capacity()).isLessThan(grown / 100);
    for (int i = all.length - 10; i < all.length; i++) {
      assertThat(table.get(i + 1)).isSameAs(all[i]);
    }
  }
}
