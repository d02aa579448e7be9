package dev.vigil.server.tsdb.chunkenc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.server.model.StaleNaN;
import dev.vigil.server.storage.SampleIterator;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.constraints.IntRange;

class XorChunkPropertyTest {
  /** Timestamps (strictly increasing) and raw value bits of one random series. */
  record Series(long[] ts, long[] bits) {}

  @Provide
  Arbitrary<Series> series() {
    // Deltas mostly look like scrape intervals with jitter, sometimes tiny or huge, so every
    // delta-of-delta bucket and the full 64-bit fallback are exercised.
    Arbitrary<Long> delta = Arbitraries.frequencyOf(
        Tuple.of(6, Arbitraries.longs().between(14_950, 15_050)),
        Tuple.of(2, Arbitraries.longs().between(1, 100)),
        Tuple.of(2, Arbitraries.longs().between(1, 10_000_000)),
        Tuple.of(1, Arbitraries.longs().between(1, Long.MAX_VALUE / 8)));
    // Values: counters, repeats, small gauges, any bit pattern (all NaN payloads), specials.
    Arbitrary<Long> bits = Arbitraries.frequencyOf(
        Tuple.of(4, Arbitraries.integers().between(0, 1_000_000)
            .map(i -> Double.doubleToRawLongBits(i))),
        Tuple.of(3, Arbitraries.doubles()
            .map(Double::doubleToRawLongBits)),
        Tuple.of(2, Arbitraries.longs()),
        Tuple.of(1, Arbitraries.of(StaleNaN.BITS,
            Double.doubleToRawLongBits(-0.0), Double.doubleToRawLongBits(Double.NaN),
            Double.doubleToRawLongBits(Double.POSITIVE_INFINITY),
            Double.doubleToRawLongBits(Double.NEGATIVE_INFINITY))));
    Arbitrary<Long> start = Arbitraries.oneOf(
        Arbitraries.longs(), Arbitraries.longs().between(-1L << 45, 1L << 45));
    Arbitrary<List<long[]>> samples = Combinators.combine(delta, bits)
        .as((d, b) -> new long[] {d, b})
        .list().ofMaxSize(300);
    return Combinators.combine(start, samples).as(XorChunkPropertyTest::build);
  }

  private static Series build(long start, List<long[]> samples) {
    long[] ts = new long[samples.size()];
    long[] bits = new long[samples.size()];
    int n = 0;
    long t = start;
    for (long[] s : samples) {
      if (n > 0) {
        if (t > Long.MAX_VALUE - s[0]) {
          break; // the next timestamp would overflow: the series ends here
        }
        t += s[0];
      }
      ts[n] = t;
      bits[n] = s[1];
      n++;
    }
    return new Series(java.util.Arrays.copyOf(ts, n), java.util.Arrays.copyOf(bits, n));
  }

  private static XorChunk encode(Series s) {
    XorChunk c = new XorChunk();
    for (int i = 0; i < s.ts.length; i++) {
      c.append(s.ts[i], Double.longBitsToDouble(s.bits[i]));
    }
    return c;
  }

  @Property(tries = 500)
  void randomMonotonicSeriesRoundTripExactly(@ForAll("series") Series s) {
    XorChunk c = encode(s);
    Chunk wrapped = Chunk.wrap(java.util.Arrays.copyOf(c.bytes(), c.length()), 0, c.length());
    for (Chunk chunk : new Chunk[] {c, wrapped}) {
      SampleIterator it = chunk.iterator();
      for (int i = 0; i < s.ts.length; i++) {
        assertThat(it.next()).isTrue();
        assertThat(it.atT()).isEqualTo(s.ts[i]);
        assertThat(Double.doubleToRawLongBits(it.atV())).isEqualTo(s.bits[i]);
      }
      assertThat(it.next()).isFalse();
      assertThat(chunk.numSamples()).isEqualTo(s.ts.length);
      if (s.ts.length > 0) {
        assertThat(chunk.minTime()).isEqualTo(s.ts[0]);
        assertThat(chunk.maxTime()).isEqualTo(s.ts[s.ts.length - 1]);
      }
    }
  }

  @Property(tries = 500)
  void seekFindsTheFirstSampleAtOrAfterT(@ForAll("series") Series s, @ForAll long offset,
      @ForAll boolean nearSample, @ForAll @IntRange(min = 0, max = 3) int advance) {
    XorChunk c = encode(s);
    long target = offset;
    if (nearSample && s.ts.length > 0) {
      // Most random longs miss the series entirely; aim at or next to an existing sample too.
      int i = (int) Math.floorMod(offset, (long) s.ts.length);
      target = s.ts[i] + Math.floorMod(offset, 3) - 1;
    }
    int expected = 0;
    while (expected < s.ts.length && s.ts[expected] < target) {
      expected++;
    }
    // A started iterator never moves back: seek lands on max(current, first sample >= target).
    SampleIterator it = c.iterator();
    int current = -1;
    for (int k = 0; k < advance && it.next(); k++) {
      current = k;
    }
    if (advance > 0 && current < advance - 1) {
      expected = s.ts.length; // exhausted while advancing
    } else {
      expected = Math.max(expected, current);
    }
    boolean found = it.seek(target);
    assertThat(found).isEqualTo(expected < s.ts.length);
    if (found) {
      assertThat(it.atT()).isEqualTo(s.ts[expected]);
      assertThat(Double.doubleToRawLongBits(it.atV())).isEqualTo(s.bits[expected]);
    }
  }
}
