package dev.vigil.server.remote;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.server.model.Labels;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class SeriesRefsTest {
  private static SeriesEntry entry(long ref) {
    return new SeriesEntry(Labels.of("__name__", "m", "ref", Long.toString(ref)));
  }

  @Test
  void agreesWithAHashMapThroughGrowthAndSweeps() {
    SeriesRefs refs = new SeriesRefs();
    Map<Long, SeriesEntry> model = new HashMap<>();
    Map<Long, Integer> segs = new HashMap<>();
    Random r = new Random(42);
    for (int seg = 0; seg < 20; seg++) {
      for (int i = 0; i < 3000; i++) {
        long ref = r.nextInt(40_000) * 7919L - 1_000_000; // negative refs too, and collisions
        SeriesEntry e = entry(ref);
        refs.put(ref, e, seg);
        model.put(ref, e);
        segs.put(ref, seg);
      }
      if (seg % 5 == 4) {
        int cut = seg - 2;
        int gone = refs.dropNamedBefore(cut);
        int before = model.size();
        segs.entrySet().removeIf(en -> en.getValue() < cut);
        model.keySet().retainAll(segs.keySet());
        assertThat(gone).isEqualTo(before - model.size());
      }
      assertThat(refs.size()).isEqualTo(model.size());
    }
    for (Map.Entry<Long, SeriesEntry> en : model.entrySet()) {
      assertThat(refs.get(en.getKey())).isSameAs(en.getValue());
    }
    for (int i = 0; i < 1000; i++) {
      long ref = 40_000L * 7919 + i; // never put
      assertThat(refs.get(ref)).isNull();
    }
  }

  @Test
  void aMarkedSeriesSurvivesTheSweepOfItsCheckpoint() {
    SeriesRefs refs = new SeriesRefs();
    refs.put(1, entry(1), 3);
    refs.put(2, entry(2), 3);
    refs.put(3, entry(3), 9);
    assertThat(refs.mark(1, 7)).isTrue(); // the checkpoint of segment 7 still names it
    assertThat(refs.mark(4, 7)).isFalse();
    assertThat(refs.mark(3, 7)).isTrue(); // a later segment's tag is kept
    assertThat(refs.dropNamedBefore(7)).isEqualTo(1);
    assertThat(refs.get(1)).isNotNull();
    assertThat(refs.get(2)).isNull();
    assertThat(refs.get(3)).isNotNull();
    assertThat(refs.dropNamedBefore(8)).isEqualTo(1);
    assertThat(refs.get(3)).isNotNull();
  }
}
