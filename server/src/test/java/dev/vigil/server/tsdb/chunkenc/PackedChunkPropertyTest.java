package dev.vigil.server.tsdb.chunkenc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.server.model.StaleNaN;
import dev.vigil.server.storage.SampleIterator;
import java.math.BigDecimal;
import java.util.Arrays;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;

/**
 * Whatever a block writer picks ({@link PackedChunk#smallerOf}), the samples read back are the
 * ones written, bit for bit: decimal counters and gauges (packed), and adversarial values (stay
 * XOR, or pack exactly).
 */
class PackedChunkPropertyTest {
  record Series(long[] ts, long[] bits) {}

  /** Either a step to the next value or a special value; kind selects which. */
  record Step(int kind, long amount, int decimals) {}

  @Provide
  Arbitrary<Series> series() {
    Arbitrary<Long> delta = Arbitraries.frequencyOf(
        Tuple.of(6, Arbitraries.longs().between(14_997, 15_003)),
        Tuple.of(2, Arbitraries.just(15_000L)),
        Tuple.of(1, Arbitraries.longs().between(1, 10_000_000)),
        Tuple.of(1, Arbitraries.longs().between(1, Long.MAX_VALUE / 8)));
    Arbitrary<Step> step = Arbitraries.frequencyOf(
        // counter-like increments, gauge-like moves, repeats
        Tuple.of(6, Arbitraries.longs().between(0, 100_000).map(a -> new Step(0, a, 0))),
        Tuple.of(3, Arbitraries.longs().between(-5_000, 5_000).map(a -> new Step(0, a, 0))),
        Tuple.of(3, Arbitraries.just(new Step(0, 0, 0))),
        // huge jumps, counter resets
        Tuple.of(1, Arbitraries.longs().between(-(1L << 51), 1L << 51).map(a -> new Step(0, a, 0))),
        Tuple.of(1, Arbitraries.just(new Step(1, 0, 0))),
        // adversarial: special values and arbitrary doubles
        Tuple.of(1, Arbitraries.of(StaleNaN.BITS, Double.doubleToRawLongBits(-0.0),
                Double.doubleToRawLongBits(Double.NaN),
                Double.doubleToRawLongBits(Double.POSITIVE_INFINITY),
                Double.doubleToRawLongBits(Double.NEGATIVE_INFINITY), 0x7ff8000000000123L)
            .map(b -> new Step(2, b, 0))),
        Tuple.of(1, Arbitraries.doubles().map(d -> new Step(2, Double.doubleToRawLongBits(d), 0))));
    Arbitrary<Integer> decimals = Arbitraries.integers().between(0, 6);
    Arbitrary<Long> start = Arbitraries.oneOf(Arbitraries.longs(),
        Arbitraries.longs().between(1_600_000_000_000L, 1_800_000_000_000L));
    Arbitrary<Long> base = Arbitraries.longs().between(-(1L << 40), 1L << 40);
    Arbitrary<Integer> specials = Arbitraries.integers().between(0, 4);
    // Steps in whole pages (or other powers of two) exercise the shared trailing-zero shift.
    Arbitrary<Integer> stepShift = Arbitraries.of(0, 0, 1, 12, 20);
    Arbitrary<List<Tuple.Tuple2<Long, Step>>> samples = Combinators.combine(delta, step)
        .as(Tuple::of).list().ofMinSize(1).ofMaxSize(300);
    return Combinators.combine(start, base, decimals, specials, stepShift, samples)
        .as(PackedChunkPropertyTest::build);
  }

  /** With {@code specials == 0} special steps become repeats, so most series are packable. */
  private static Series build(long start, long base, int decimals, int specials, int stepShift,
      List<Tuple.Tuple2<Long, Step>> samples) {
    long[] ts = new long[samples.size()];
    long[] bits = new long[samples.size()];
    int n = 0;
    long t = start;
    long units = base;
    for (Tuple.Tuple2<Long, Step> s : samples) {
      if (n > 0) {
        if (t > Long.MAX_VALUE - s.get1()) {
          break;
        }
        t += s.get1();
      }
      Step st = s.get2();
      long b;
      if (st.kind == 2 && specials > 0) {
        b = st.amount;
      } else {
        if (st.kind == 1) {
          units = 0;
        } else if (st.kind == 0) {
          units += st.amount << stepShift;
        }
        // The decimal the text format would carry, parsed as a Go or Java parser does.
        b = Double.doubleToRawLongBits(BigDecimal.valueOf(units, decimals).doubleValue());
      }
      ts[n] = t;
      bits[n] = b;
      n++;
    }
    return new Series(Arrays.copyOf(ts, n), Arrays.copyOf(bits, n));
  }

  private static XorChunk xor(Series s) {
    XorChunk c = new XorChunk();
    for (int i = 0; i < s.ts.length; i++) {
      c.append(s.ts[i], Double.longBitsToDouble(s.bits[i]));
    }
    return c;
  }

  private static void assertSamples(Chunk chunk, Series s) {
    SampleIterator it = chunk.iterator();
    for (int i = 0; i < s.ts.length; i++) {
      assertThat(it.next()).isTrue();
      assertThat(it.atT()).isEqualTo(s.ts[i]);
      assertThat(Double.doubleToRawLongBits(it.atV())).as("value %d", i).isEqualTo(s.bits[i]);
    }
    assertThat(it.next()).isFalse();
    assertThat(chunk.numSamples()).isEqualTo(s.ts.length);
    assertThat(chunk.minTime()).isEqualTo(s.ts[0]);
    assertThat(chunk.maxTime()).isEqualTo(s.ts[s.ts.length - 1]);
  }

  @Property(tries = 1000)
  void whatTheBlockWriterPicksReadsBackExactly(@ForAll("series") Series s) {
    XorChunk x = xor(s);
    Chunk picked = PackedChunk.smallerOf(x);
    assertThat(picked.length()).isLessThanOrEqualTo(x.length());
    byte[] bytes = Arrays.copyOf(picked.bytes(), picked.length());
    assertSamples(picked, s);
    assertSamples(Chunk.wrap(bytes, 0, bytes.length), s);
    // Wrapped at an offset inside a larger array, as a segment would hold it.
    byte[] framed = new byte[bytes.length + 7];
    System.arraycopy(bytes, 0, framed, 5, bytes.length);
    assertSamples(Chunk.wrap(framed, 5, bytes.length), s);

    PackedChunk p = PackedChunk.encode(x);
    if (p != null) {
      assertSamples(p, s);
    }
  }

  @Property(tries = 300)
  void decimalSeriesAlwaysPack(@ForAll("series") Series s) {
    boolean decimal = true;
    for (long b : s.bits) {
      double v = Double.longBitsToDouble(b);
      decimal &= !Double.isNaN(v) && !Double.isInfinite(v) && b != Double.doubleToRawLongBits(-0.0)
          && Math.abs(v) < 1e9 && BigDecimal.valueOf(v).scale() <= 6;
    }
    if (decimal) {
      PackedChunk p = PackedChunk.encode(xor(s));
      assertThat(p).isNotNull();
      assertSamples(p, s);
    }
  }
}
