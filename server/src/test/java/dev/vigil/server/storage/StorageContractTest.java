package dev.vigil.server.storage;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.server.model.Labels;
import dev.vigil.server.model.Matcher;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The contract of the storage seam, run against every implementation: subclasses say which.
 */
public abstract class StorageContractTest<S extends Appendable & Queryable> {
  protected abstract S create();

  /** Rejected samples as the implementation counts them. */
  protected abstract long rejectedSamples(S storage);

  private static final Labels UP_A = Labels.of("__name__", "up", "job", "a");
  private static final Labels UP_B = Labels.of("__name__", "up", "job", "b");

  private static List<String> read(Queryable q, long mint, long maxt, Matcher... ms) {
    List<String> out = new ArrayList<>();
    try (Querier querier = q.querier(mint, maxt)) {
      SeriesSet set = querier.select(true, ms);
      while (set.next()) {
        SampleIterator it = set.iterator();
        while (it.next()) {
          out.add(set.labels() + " " + it.atT() + " " + it.atV());
        }
      }
    }
    return out;
  }

  @Test
  public void committedBatchesBecomeVisibleTogetherAndRollbacksVanish() {
    S s = create();
    Appender a = s.appender();
    long ref = a.append(0, UP_A, 1000, 1);
    a.append(0, UP_B, 1000, 0);
    assertThat(read(s, 0, 5000)).isEmpty();
    a.commit();
    Appender b = s.appender();
    assertThat(b.append(ref, UP_A, 2000, 1)).isEqualTo(ref);
    b.rollback();
    assertThat(read(s, 0, 5000)).containsExactly(
        "up{job=\"a\"} 1000 1.0", "up{job=\"b\"} 1000 0.0");
    assertThat(read(s, 0, 5000, Matcher.regex("job", "b|c"))).containsExactly("up{job=\"b\"} 1000 0.0");
  }

  @Test
  public void outOfOrderAndConflictingDuplicatesAreCountedNotStored() {
    S s = create();
    Appender a = s.appender();
    a.append(0, UP_A, 2000, 1);
    a.append(0, UP_A, 1000, 1);
    a.append(0, UP_A, 2000, 5);
    a.append(0, UP_A, 2000, 1);
    a.commit();
    assertThat(a.rejected()).isEqualTo(2);
    assertThat(rejectedSamples(s)).isEqualTo(2);
    assertThat(read(s, 0, 5000)).containsExactly("up{job=\"a\"} 2000 1.0");
  }

  @Test
  public void rangesAndSeekRespectBounds() {
    S s = create();
    Appender a = s.appender();
    for (int t = 0; t < 10; t++) {
      a.append(0, UP_A, t * 1000L, t);
    }
    a.commit();
    assertThat(read(s, 3000, 5000)).hasSize(3);
    try (Querier q = s.querier(0, 10_000)) {
      SeriesSet set = q.select(false, Matcher.equal("__name__", "up"));
      assertThat(set.next()).isTrue();
      SampleIterator it = set.iterator();
      assertThat(it.seek(4500)).isTrue();
      assertThat(it.atT()).isEqualTo(5000);
      assertThat(it.next()).isTrue();
      assertThat(it.atT()).isEqualTo(6000);
      assertThat(it.seek(20_000)).isFalse();
    }
  }

  @Test
  public void manySamplesAcrossChunksReadBackInRange() {
    S s = create();
    for (int batch = 0; batch < 10; batch++) {
      Appender a = s.appender();
      for (int i = 0; i < 100; i++) {
        long t = (batch * 100L + i) * 15_000L;
        a.append(0, UP_A, t, t % 7 == 0 ? Double.NaN : t / 1000.0);
      }
      a.commit();
    }
    try (Querier q = s.querier(150_000L * 15, 820L * 15_000)) {
      SeriesSet set = q.select(false, Matcher.equal("job", "a"));
      assertThat(set.next()).isTrue();
      SampleIterator it = set.iterator();
      long expected = 150L * 15_000;
      int count = 0;
      while (it.next()) {
        assertThat(it.atT()).isEqualTo(expected);
        if (expected % 7 != 0) {
          assertThat(it.atV()).isEqualTo(expected / 1000.0);
        }
        expected += 15_000;
        count++;
      }
      assertThat(count).isEqualTo(820 - 150 + 1);
      SampleIterator again = set.iterator();
      assertThat(again.seek(500L * 15_000 + 1)).isTrue();
      assertThat(again.atT()).isEqualTo(501L * 15_000);
    }
  }
}
