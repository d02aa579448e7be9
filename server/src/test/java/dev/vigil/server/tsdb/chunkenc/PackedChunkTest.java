package dev.vigil.server.tsdb.chunkenc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.server.model.StaleNaN;
import dev.vigil.server.storage.SampleIterator;
import java.util.Random;
import org.junit.jupiter.api.Test;

class PackedChunkTest {
  private static XorChunk xor(long[] ts, double[] vs) {
    XorChunk c = new XorChunk();
    for (int i = 0; i < ts.length; i++) {
      c.append(ts[i], vs[i]);
    }
    return c;
  }

  private static long[] regular(int n) {
    long[] ts = new long[n];
    for (int i = 0; i < n; i++) {
      ts[i] = 1_700_000_000_000L + 15_000L * i;
    }
    return ts;
  }

  @Test
  void valuesThatAreNotDecimalsStayXor() {
    double[][] cases = {
        {1, 2, StaleNaN.VALUE}, {1, -0.0, 2}, {1, Double.NaN}, {Double.POSITIVE_INFINITY, 1},
        {0.1 + 0.2, 1}, {1.0 / 3, 1},
        // each exact alone, but 2^52 needs scale 0 and 0.5 scale 1: 2^52 * 10 passes 2^53
        {0x1p52, 0.5}, {0x1p54, 1},
    };
    for (double[] vs : cases) {
      XorChunk x = xor(regular(vs.length), vs);
      assertThat(PackedChunk.encode(x)).as("%s", java.util.Arrays.toString(vs)).isNull();
      assertThat(PackedChunk.smallerOf(x)).isSameAs(x);
    }
  }

  @Test
  void cpuSecondsCounterPacksToAFractionOfXor() {
    // node_cpu_seconds_total: two decimals, irregular increments near 12.75 s per 15 s.
    Random r = new Random(1);
    double[] vs = new double[120];
    long cs = 562_943_615;
    for (int i = 0; i < vs.length; i++) {
      cs += 1275 + r.nextInt(200) - 100;
      vs[i] = cs / 100.0;
    }
    XorChunk x = xor(regular(vs.length), vs);
    Chunk p = PackedChunk.smallerOf(x);
    assertThat(p.encoding()).isEqualTo(Encoding.PACKED);
    // Measured: XOR spends about 30 bits per value here, packed about 9.
    assertThat(p.length()).isLessThan(x.length() / 2);
  }

  @Test
  void pageSizedGaugePacksSmallerThanXor() {
    // node_memory_*_bytes: whole 4 KiB pages, moving by a few hundred pages per scrape.
    Random r = new Random(2);
    double[] vs = new double[120];
    long pages = 1_048_576;
    for (int i = 0; i < vs.length; i++) {
      pages += r.nextInt(600) - 300;
      vs[i] = pages * 4096.0;
    }
    XorChunk x = xor(regular(vs.length), vs);
    Chunk p = PackedChunk.smallerOf(x);
    assertThat(p.encoding()).isEqualTo(Encoding.PACKED);
    assertThat(p.length()).isLessThan(x.length() * 3 / 4);
  }

  @Test
  void constantSeriesWithRegularTimestampsCostsOnlyItsHeader() {
    double[] vs = new double[120];
    java.util.Arrays.fill(vs, 17179869184.0);
    Chunk p = PackedChunk.smallerOf(xor(regular(vs.length), vs));
    assertThat(p.encoding()).isEqualTo(Encoding.PACKED);
    assertThat(p.length()).isLessThanOrEqualTo(24); // header, t0, t1-t0, widths, v0
  }

  @Test
  void seekAndReuse() {
    double[] vs = {1.5, 2.5, 4, 8.25};
    long[] ts = {10, 20, 30, 45};
    Chunk p = PackedChunk.encode(xor(ts, vs));
    SampleIterator it = p.iterator();
    assertThat(it.seek(21)).isTrue();
    assertThat(it.atT()).isEqualTo(30);
    assertThat(it.atV()).isEqualTo(4.0);
    assertThat(it.seek(5)).isTrue(); // never backwards
    assertThat(it.atT()).isEqualTo(30);
    assertThat(it.seek(46)).isFalse();
    SampleIterator again = p.iterator(it);
    assertThat(again).isSameAs(it);
    assertThat(again.next()).isTrue();
    assertThat(again.atV()).isEqualTo(1.5);
    assertThat(p.iterator(new XorChunk().iterator())).isNotInstanceOf(XorIterator.class);
  }

  @Test
  void damagedChunksAreReportedNotMisread() {
    Chunk p = PackedChunk.encode(xor(regular(50), new double[50]));
    byte[] b = java.util.Arrays.copyOf(p.bytes(), p.length());
    assertThatThrownBy(() -> PackedChunk.wrap(b, 0, 2))
        .isInstanceOf(CorruptChunkException.class);
    byte[] truncated = java.util.Arrays.copyOf(b, b.length - 1);
    truncated[2] = (byte) 200; // claims more samples than the bytes hold
    SampleIterator it = Chunk.wrap(truncated, 0, truncated.length).iterator();
    assertThatThrownBy(() -> {
      while (it.next()) {
        // reading past the end must fail
      }
    }).isInstanceOf(CorruptChunkException.class);
    byte[] xorCode = b.clone();
    xorCode[0] = Encoding.XOR.code();
    assertThatThrownBy(() -> PackedChunk.wrap(xorCode, 0, xorCode.length))
        .isInstanceOf(CorruptChunkException.class).hasMessageContaining("not a packed chunk");
  }
}
