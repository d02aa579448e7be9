package dev.vigil.server.tsdb.chunkenc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.server.model.StaleNaN;
import dev.vigil.server.storage.SampleIterator;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

class XorChunkTest {
  /** A named series: timestamps and raw value bits. */
  record Series(String name, long[] ts, long[] bits) {
    @Override
    public String toString() {
      return name;
    }

    static Series of(String name, long[] ts, double... vs) {
      long[] bits = new long[vs.length];
      for (int i = 0; i < vs.length; i++) {
        bits[i] = Double.doubleToRawLongBits(vs[i]);
      }
      return new Series(name, ts, bits);
    }
  }

  static long[] regular(long start, long step, int n, long jitter, long seed) {
    Random rnd = new Random(seed);
    long[] ts = new long[n];
    for (int i = 0; i < n; i++) {
      ts[i] = start + i * step + (jitter == 0 ? 0 : rnd.nextLong() % (jitter + 1));
    }
    return ts;
  }

  static long[] fromDeltas(long start, long... deltas) {
    long[] ts = new long[deltas.length + 1];
    ts[0] = start;
    for (int i = 0; i < deltas.length; i++) {
      ts[i + 1] = ts[i] + deltas[i];
    }
    return ts;
  }

  static double[] counter(int n, long seed) {
    Random rnd = new Random(seed);
    double[] vs = new double[n];
    double v = 1_234_567;
    for (int i = 0; i < n; i++) {
      v += rnd.nextInt(200);
      vs[i] = v;
    }
    return vs;
  }

  static double[] filled(int n, double v) {
    double[] vs = new double[n];
    Arrays.fill(vs, v);
    return vs;
  }

  static Stream<Series> cases() {
    long now = 1_764_000_000_000L;
    return Stream.of(
        Series.of("empty", new long[0]),
        Series.of("one sample", new long[] {now}, 42.5),
        Series.of("two samples", new long[] {now, now + 15_000}, 1, 2),
        Series.of("negative timestamps", new long[] {-90_000, -60_000, -30_000, -1, 0, 1}, 1, 2, 3,
            4, 5, 6),
        Series.of("extreme timestamps", new long[] {Long.MIN_VALUE, -1, 0, Long.MAX_VALUE - 1,
            Long.MAX_VALUE}, 1, 2, 3, 4, 5),
        Series.of("large gaps hit every bucket", new long[] {0, 1, 2, 66, 130, 4_300, 8_500,
            600_000, 1_200_000, 1L << 40, (1L << 41) + 1, 1L << 62}, filled(12, 7)),
        // Each delta-of-delta sits on an edge of a bucket: -32/31 fit 6 bits, 32/-33 do not, ...
        Series.of("dod bucket edges", fromDeltas(0, 1000, 968, 999, 1031, 998, 1253, 997, 1253,
            5348, 1252, 5348, 529635, 5347, 529635, 5346), filled(16, 1)),
        Series.of("regular 15s", regular(now, 15_000, 120, 0, 1), counter(120, 1)),
        Series.of("regular 60s jitter 50ms", regular(now, 60_000, 120, 50, 2), counter(120, 2)),
        Series.of("jitter 2s", regular(now, 30_000, 120, 2_000, 3), counter(120, 3)),
        Series.of("repeated values", regular(now, 15_000, 120, 0, 4), filled(120, 3.25)),
        Series.of("special floats", regular(now, 15_000, 12, 0, 5), 0.0, -0.0, 0.0,
            Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, Double.NaN, StaleNaN.VALUE,
            Double.longBitsToDouble(0xfff8_0000_dead_beefL), Double.MIN_VALUE, Double.MAX_VALUE,
            -Double.MAX_VALUE, StaleNaN.VALUE),
        Series.of("stale markers between values", regular(now, 15_000, 8, 0, 6), 1, StaleNaN.VALUE,
            StaleNaN.VALUE, 1, 2, StaleNaN.VALUE, 3, 3),
        Series.of("gauge", regular(now, 15_000, 120, 5, 7),
            new Random(7).doubles(120, -1e6, 1e6).toArray()),
        Series.of("max samples", regular(0, 1, XorChunk.MAX_SAMPLES, 0, 8),
            counter(XorChunk.MAX_SAMPLES, 8)));
  }

  static XorChunk encode(Series s) {
    XorChunk c = new XorChunk();
    for (int i = 0; i < s.ts.length; i++) {
      c.append(s.ts[i], Double.longBitsToDouble(s.bits[i]));
    }
    return c;
  }

  static void assertSamples(SampleIterator it, Series s, int from) {
    for (int i = from; i < s.ts.length; i++) {
      assertThat(it.next()).as("next before sample %d", i).isTrue();
      assertThat(it.atT()).as("t of sample %d", i).isEqualTo(s.ts[i]);
      assertThat(Double.doubleToRawLongBits(it.atV())).as("bits of sample %d", i)
          .isEqualTo(s.bits[i]);
    }
    assertThat(it.next()).isFalse();
    assertThat(it.next()).as("stays at the end").isFalse();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void roundTripsBitExactlyThroughAppendAndWrap(Series s) {
    XorChunk c = encode(s);
    assertThat(c.numSamples()).isEqualTo(s.ts.length);
    assertThat(c.minTime()).isEqualTo(s.ts.length == 0 ? Long.MAX_VALUE : s.ts[0]);
    assertThat(c.maxTime()).isEqualTo(s.ts.length == 0 ? Long.MIN_VALUE : s.ts[s.ts.length - 1]);
    assertSamples(c.iterator(), s, 0);

    // Wrapped at an offset inside a bigger array, as a chunk file would hold it.
    byte[] file = new byte[c.length() + 10];
    Arrays.fill(file, (byte) 0x5A);
    System.arraycopy(c.bytes(), 0, file, 7, c.length());
    Chunk w = Chunk.wrap(file, 7, c.length());
    assertThat(w.encoding()).isEqualTo(Encoding.XOR);
    assertThat(w.numSamples()).isEqualTo(s.ts.length);
    assertThat(w.minTime()).isEqualTo(c.minTime());
    assertThat(w.maxTime()).isEqualTo(c.maxTime());
    assertSamples(w.iterator(), s, 0);
    assertThat(Arrays.copyOf(w.bytes(), w.length()))
        .isEqualTo(Arrays.copyOf(c.bytes(), c.length()));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void seekFindsTheFirstSampleAtOrAfterAndNeverGoesBack(Series s) {
    XorChunk c = encode(s);
    long[] ts = s.ts;
    int n = ts.length;
    List<Long> targets = new ArrayList<>(List.of(Long.MIN_VALUE, Long.MAX_VALUE));
    for (int i = 0; i < n; i += Math.max(1, n / 40)) {
      targets.add(ts[i]);
      if (ts[i] != Long.MIN_VALUE) {
        targets.add(ts[i] - 1);
      }
    }
    SampleIterator reused = null;
    for (long target : targets) {
      SampleIterator it = c.iterator(reused);
      reused = it;
      int expected = 0;
      while (expected < n && ts[expected] < target) {
        expected++;
      }
      assertThat(it.seek(target)).as("seek(%d)", target).isEqualTo(expected < n);
      if (expected < n) {
        assertThat(it.atT()).isEqualTo(ts[expected]);
        assertThat(it.seek(Long.MIN_VALUE)).as("a seek backwards stays").isTrue();
        assertThat(it.atT()).isEqualTo(ts[expected]);
        if (n > 200) {
          continue; // checking every following sample of the 65535 would dominate the test time
        }
        assertSamples(it, s, expected + 1);
      }
      assertThat(it.seek(Long.MIN_VALUE)).as("exhausted").isFalse();
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void appendingToAWrappedChunkContinuesTheStream(Series s) {
    int half = s.ts.length / 2;
    XorChunk first = encode(new Series(s.name, Arrays.copyOf(s.ts, half),
        Arrays.copyOf(s.bits, half)));
    byte[] file = new byte[first.length() + 3];
    System.arraycopy(first.bytes(), 0, file, 3, first.length());
    XorChunk resumed = XorChunk.wrap(file, 3, first.length());
    for (int i = half; i < s.ts.length; i++) {
      resumed.append(s.ts[i], Double.longBitsToDouble(s.bits[i]));
    }
    XorChunk whole = encode(s);
    assertThat(Arrays.copyOf(resumed.bytes(), resumed.length()))
        .isEqualTo(Arrays.copyOf(whole.bytes(), whole.length()));
    assertSamples(resumed.iterator(), s, 0);
  }

  /** The worked example of docs/storage-format.md, byte for byte. */
  @Test
  void goldenBytesOfTheDocumentedExample() {
    XorChunk c = new XorChunk();
    c.append(1000, 1.0);
    c.append(16000, 1.0);
    c.append(31005, 2.0);
    assertThat(hex(c)).isEqualTo(
        "01 00 03 d0 0f 3f f0 00 00 00 00 00 00 98 75 42 e1 2b ff 80");
  }

  static String hex(Chunk c) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < c.length(); i++) {
      sb.append(i == 0 ? "" : " ").append(String.format("%02x", c.bytes()[i] & 0xFF));
    }
    return sb.toString();
  }

  @Test
  void emptyChunkIsJustTheHeader() {
    XorChunk c = new XorChunk();
    assertThat(c.length()).isEqualTo(3);
    assertThat(Arrays.copyOf(c.bytes(), 3)).containsExactly(0x01, 0, 0);
    assertThat(c.iterator().next()).isFalse();
    assertThat(c.iterator().seek(0)).isFalse();
  }

  @Test
  void headerHoldsTheVersionByteAndTheCountBigEndian() {
    XorChunk c = encode(cases().filter(x -> x.name.equals("max samples")).findFirst().get());
    assertThat(c.bytes()[0]).isEqualTo((byte) 0x01);
    assertThat(c.bytes()[1]).isEqualTo((byte) 0xFF);
    assertThat(c.bytes()[2]).isEqualTo((byte) 0xFF);
    assertThatThrownBy(() -> c.append(Long.MAX_VALUE, 1))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("full");
  }

  @Test
  void rejectsNonIncreasingTimestampsAndKeepsTheChunkIntact() {
    XorChunk c = new XorChunk();
    c.append(1000, 1);
    assertThatThrownBy(() -> c.append(1000, 2))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("timestamp 1000 is not after the chunk's last timestamp 1000");
    assertThatThrownBy(() -> c.append(999, 2)).isInstanceOf(IllegalArgumentException.class);
    c.append(1001, 3);
    assertSamples(c.iterator(), Series.of("", new long[] {1000, 1001}, 1, 3), 0);
  }

  @Test
  void wrapValidatesTheEncodingByteAndLength() {
    assertThatThrownBy(() -> Chunk.wrap(new byte[] {0x00, 0, 0}, 0, 3))
        .isInstanceOf(CorruptChunkException.class)
        .hasMessageContaining("unknown chunk encoding byte 0x00");
    assertThatThrownBy(() -> Chunk.wrap(new byte[] {0x7f, 0, 0}, 0, 3))
        .hasMessageContaining("unknown chunk encoding byte 0x7f");
    assertThatThrownBy(() -> XorChunk.wrap(new byte[] {0x02, 0, 0}, 0, 3))
        .isInstanceOf(CorruptChunkException.class)
        .hasMessageContaining("not an XOR chunk: encoding byte 0x02, expected 0x01");
    assertThatThrownBy(() -> XorChunk.wrap(new byte[] {0x01, 0}, 0, 2))
        .hasMessageContaining("shorter than the 3-byte header");
    assertThatThrownBy(() -> Chunk.wrap(new byte[] {0x01, 0, 0}, 1, 5))
        .isInstanceOf(CorruptChunkException.class).hasMessageContaining("outside");
    assertThatThrownBy(() -> XorChunk.wrap(new byte[] {0x01, 0, 0}, 1, 5))
        .isInstanceOf(CorruptChunkException.class).hasMessageContaining("outside");
  }

  @Test
  void truncatedDataFailsLoudly() {
    XorChunk c = encode(cases().filter(x -> x.name.equals("regular 15s")).findFirst().get());
    Chunk cut = Chunk.wrap(c.bytes(), 0, c.length() - 5);
    SampleIterator it = cut.iterator();
    assertThatThrownBy(() -> {
      while (it.next()) {
        // drain
      }
    }).isInstanceOf(CorruptChunkException.class).hasMessageContaining("ends early");
    assertThatThrownBy(() -> Chunk.wrap(new byte[] {0x01, 0, 1}, 0, 3))
        .isInstanceOf(CorruptChunkException.class).hasMessageContaining("first timestamp");
    assertThatThrownBy(() -> Chunk.wrap(new byte[] {0x01, 0, 1, (byte) 0x80}, 0, 4))
        .isInstanceOf(CorruptChunkException.class).hasMessageContaining("first timestamp");
  }

  @Test
  void iteratorReuseAcceptsOnlyItsOwnKind() {
    XorChunk c = encode(Series.of("", new long[] {1, 2}, 1, 2));
    SampleIterator it = c.iterator();
    while (it.next()) {
      // drain
    }
    assertThat(c.iterator(it)).isSameAs(it);
    assertThat(it.next()).isTrue();
    assertThat(it.atT()).isEqualTo(1);
    SampleIterator foreign = new SampleIterator() {
      public boolean next() { return false; }
      public boolean seek(long t) { return false; }
      public long atT() { return 0; }
      public double atV() { return 0; }
    };
    assertThat(c.iterator(foreign)).isNotSameAs(foreign);
    assertThat(c.iterator(null).next()).isTrue();
  }

  @Test
  void iteratorSeesTheSamplesPresentWhenItWasCreated() {
    XorChunk c = new XorChunk(4);
    c.append(1, 1);
    SampleIterator it = c.iterator();
    for (int i = 2; i < 200; i++) {
      c.append(i, i); // grows the buffer several times
    }
    assertThat(it.next()).isTrue();
    assertThat(it.next()).isFalse();
  }
}
