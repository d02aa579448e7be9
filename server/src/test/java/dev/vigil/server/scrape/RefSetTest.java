package dev.vigil.server.scrape;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

class RefSetTest {
  /** Refs near each other (bitmap), far apart (table) and repeated, against a HashSet. */
  @Property(tries = 200)
  void behavesLikeASet(@ForAll @Size(max = 3000) List<@LongRange(min = 1, max = 300_000) Long> near,
      @ForAll @Size(max = 50) List<@LongRange(min = 1, max = Long.MAX_VALUE) Long> far) {
    RefSet set = new RefSet();
    Set<Long> model = new HashSet<>();
    for (int round = 0; round < 2; round++) {
      for (int i = 0; i < Math.max(near.size(), far.size()); i++) {
        if (i < near.size()) {
          assertThat(set.add(near.get(i))).isEqualTo(model.add(near.get(i)));
        }
        if (i < far.size()) {
          assertThat(set.add(far.get(i))).isEqualTo(model.add(far.get(i)));
        }
      }
      assertThat(set.size()).isEqualTo(model.size());
      for (long r : model) {
        assertThat(set.contains(r)).isTrue();
      }
      for (long r : near) {
        assertThat(set.contains(r + 300_001)).isEqualTo(model.contains(r + 300_001));
      }
      set.clear();
      model.clear();
      assertThat(set.size()).isZero();
      for (long r : near) {
        assertThat(set.contains(r)).isFalse();
      }
    }
  }

  @Test
  void aRangeGrowingDownwardsAndUpwardsStaysExact() {
    RefSet set = new RefSet();
    for (long r = 100_000; r > 0; r -= 3) {
      assertThat(set.add(r)).isTrue();
    }
    for (long r = 100_000; r < 400_000; r += 7) {
      set.add(r);
    }
    for (long r = 1; r < 400_010; r++) {
      boolean in = (r <= 100_000 && (100_000 - r) % 3 == 0) || (r >= 100_000 && r < 400_000
          && (r - 100_000) % 7 == 0);
      assertThat(set.contains(r)).as("ref %d", r).isEqualTo(in);
    }
  }

  @Test
  void refsMustBePositive() {
    assertThatThrownBy(() -> new RefSet().add(0)).isInstanceOf(IllegalArgumentException.class);
  }
}
