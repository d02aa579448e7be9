package dev.vigil.server.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/** The histogram arithmetic PromQL builds on: properties over random histograms, then cases. */
class FloatHistogramTest {
  private static final double EPS = 1e-9;

  @Provide
  Arbitrary<FloatHistogram> histograms() {
    Arbitrary<Integer> schema = Arbitraries.integers().between(-4, 8);
    Arbitrary<List<Double>> counts = Arbitraries.integers().between(0, 50).map(i -> (double) i)
        .list().ofMaxSize(12);
    Arbitrary<Integer> offset = Arbitraries.integers().between(-20, 20);
    Arbitrary<Double> zero = Arbitraries.integers().between(0, 5).map(i -> (double) i);
    return Combinators.combine(schema, counts, offset, counts, offset, zero)
        .as((s, pos, po, neg, no, z) -> {
          int[] pi = new int[pos.size()];
          double[] pc = new double[pos.size()];
          double count = z;
          for (int i = 0; i < pi.length; i++) {
            pi[i] = po + i;
            pc[i] = pos.get(i);
            count += pc[i];
          }
          int[] ni = new int[neg.size()];
          double[] nc = new double[neg.size()];
          for (int i = 0; i < ni.length; i++) {
            ni[i] = no + i;
            nc[i] = neg.get(i);
            count += nc[i];
          }
          return new FloatHistogram(FloatHistogram.UNKNOWN, s, 0.001, z, count, count * 1.5,
              pi, pc, ni, nc, null);
        });
  }

  @Property(tries = 500)
  void additionCommutes(@ForAll("histograms") FloatHistogram a,
      @ForAll("histograms") FloatHistogram b) {
    assertThat(a.add(b, null)).isEqualTo(b.add(a, null));
  }

  @Property(tries = 500)
  void subtractingWhatWasAddedGivesTheOriginalAtTheLowerSchema(
      @ForAll("histograms") FloatHistogram a, @ForAll("histograms") FloatHistogram b) {
    FloatHistogram back = a.add(b, null).sub(b, null);
    FloatHistogram want = a.reduceTo(Math.min(a.schema(), b.schema()));
    assertThat(back.count()).isCloseTo(want.count(), org.assertj.core.data.Offset.offset(EPS));
    assertThat(back.positiveIndexes()).isEqualTo(want.positiveIndexes());
    assertThat(back.positiveCounts()).isEqualTo(want.positiveCounts());
    assertThat(back.negativeIndexes()).isEqualTo(want.negativeIndexes());
    assertThat(back.negativeCounts()).isEqualTo(want.negativeCounts());
  }

  @Property(tries = 500)
  void reducingTheSchemaKeepsCountSumAndTheBucketTotal(@ForAll("histograms") FloatHistogram h,
      @ForAll @IntRange(min = -4, max = 8) int target) {
    FloatHistogram r = h.reduceTo(target);
    assertThat(r.schema()).isEqualTo(Math.min(h.schema(), target));
    assertThat(r.count()).isEqualTo(h.count());
    assertThat(r.sum()).isEqualTo(h.sum());
    assertThat(total(r.positiveCounts())).isEqualTo(total(h.positiveCounts()));
    assertThat(total(r.negativeCounts())).isEqualTo(total(h.negativeCounts()));
    // Observations below each coarse bound are the same before and after: no bucket moved
    // across a bound of the coarser schema.
    for (int j = 0; j < r.positiveIndexes().length; j++) {
      double bound = FloatHistogram.upperBound(r.positiveIndexes()[j], r.schema());
      double before = 0;
      for (int i = 0; i < h.positiveIndexes().length; i++) {
        if (FloatHistogram.upperBound(h.positiveIndexes()[i], h.schema()) <= bound) {
          before += h.positiveCounts()[i];
        }
      }
      double after = 0;
      for (int i = 0; i <= j; i++) {
        after += r.positiveCounts()[i];
      }
      assertThat(after).as("observations up to %s", bound).isEqualTo(before);
    }
  }

  @Property(tries = 300)
  void aHistogramIsNoResetOfItselfNorOfASmallerOne(@ForAll("histograms") FloatHistogram a,
      @ForAll("histograms") FloatHistogram b) {
    assertThat(a.detectReset(a)).isFalse();
    FloatHistogram grown = a.add(b.reduceTo(a.schema()), null);
    assertThat(grown.detectReset(a)).isFalse();
  }

  private static double total(double[] a) {
    double s = 0;
    for (double v : a) {
      s += v;
    }
    return s;
  }

  @Test
  void bucketBoundsFollowTheSchema() {
    assertThat(FloatHistogram.upperBound(0, 0)).isEqualTo(1);
    assertThat(FloatHistogram.upperBound(3, 0)).isEqualTo(8);
    assertThat(FloatHistogram.upperBound(-1, 0)).isEqualTo(0.5);
    assertThat(FloatHistogram.upperBound(1, -2)).isEqualTo(16);
    assertThat(FloatHistogram.upperBound(1, 1)).isCloseTo(Math.sqrt(2),
        org.assertj.core.data.Offset.offset(1e-15));
    assertThat(FloatHistogram.upperBound(2, 1)).isEqualTo(2);
    assertThat(FloatHistogram.upperBound(-3, 1)).isCloseTo(Math.pow(2, -1.5),
        org.assertj.core.data.Offset.offset(1e-15));
  }

  @Test
  void addingAWiderZeroBucketSwallowsTheBucketsInsideIt() {
    FloatHistogram a = new FloatHistogram(FloatHistogram.UNKNOWN, 0, 0.001, 1, 4, 4,
        new int[] {-2, 0, 1}, new double[] {1, 1, 1}, null, null, null);
    FloatHistogram b = new FloatHistogram(FloatHistogram.UNKNOWN, 0, 0.5, 2, 2, 2,
        null, null, null, null, null);
    FloatHistogram s = a.add(b, null);
    // Bucket -2 ends at 0.25, inside [-0.5, 0.5]; bucket 0 ends at 1 and stays.
    assertThat(s.zeroThreshold()).isEqualTo(0.5);
    assertThat(s.zeroCount()).isEqualTo(4);
    assertThat(s.positiveIndexes()).containsExactly(0, 1);
    assertThat(s.count()).isEqualTo(6);
  }

  @Test
  void customBucketsWithDifferentBoundsMeetOnTheBoundsBothHave() {
    FloatHistogram a = new FloatHistogram(FloatHistogram.UNKNOWN, FloatHistogram.CUSTOM, 0, 0,
        6, 6, new int[] {0, 1, 2}, new double[] {1, 2, 3}, null, null, new double[] {1, 5});
    FloatHistogram b = new FloatHistogram(FloatHistogram.UNKNOWN, FloatHistogram.CUSTOM, 0, 0,
        2, 2, new int[] {0, 1}, new double[] {1, 1}, null, null, new double[] {5});
    FloatHistogram.OpNotes notes = new FloatHistogram.OpNotes();
    FloatHistogram s = a.add(b, notes);
    assertThat(notes.reconciled).isTrue();
    assertThat(s.customValues()).containsExactly(5);
    assertThat(s.positiveIndexes()).containsExactly(0, 1);
    assertThat(s.positiveCounts()).containsExactly(4, 4);
  }

  @Test
  void exponentialAndCustomBucketsDoNotMix() {
    FloatHistogram exp = new FloatHistogram(FloatHistogram.UNKNOWN, 0, 0, 0, 1, 1,
        new int[] {0}, new double[] {1}, null, null, null);
    FloatHistogram custom = new FloatHistogram(FloatHistogram.UNKNOWN, FloatHistogram.CUSTOM,
        0, 0, 1, 1, new int[] {0}, new double[] {1}, null, null, new double[] {1});
    assertThatThrownBy(() -> exp.add(custom, null))
        .isInstanceOf(FloatHistogram.IncompatibleSchemaException.class);
    assertThat(custom.detectReset(exp)).isTrue();
  }

  @Test
  void aLowerBucketOrCountIsAResetAndHintsWin() {
    FloatHistogram a = new FloatHistogram(FloatHistogram.UNKNOWN, 0, 0, 0, 3, 3,
        new int[] {0, 1}, new double[] {1, 2}, null, null, null);
    FloatHistogram b = new FloatHistogram(FloatHistogram.UNKNOWN, 0, 0, 0, 3, 3,
        new int[] {0, 1}, new double[] {2, 1}, null, null, null);
    assertThat(b.detectReset(a)).isTrue();
    assertThat(b.withHint(FloatHistogram.NOT_COUNTER_RESET).detectReset(a)).isFalse();
    assertThat(a.withHint(FloatHistogram.COUNTER_RESET).detectReset(a)).isTrue();
  }
}
