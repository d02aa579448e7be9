package dev.vigil.server.tsdb.chunkenc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Random;
import org.junit.jupiter.api.Test;

class BitStreamTest {
  @Test
  void mixedWidthsRoundTripAcrossByteBoundariesAndGrowth() {
    Random rnd = new Random(42);
    int n = 5000;
    int[] widths = new int[n];
    long[] values = new long[n];
    BitWriter w = new BitWriter(new byte[] {(byte) 0xAB}, 2); // tiny capacity forces growth
    for (int i = 0; i < n; i++) {
      widths[i] = 1 + rnd.nextInt(64);
      values[i] = widths[i] == 64 ? rnd.nextLong() : rnd.nextLong() & ((1L << widths[i]) - 1);
      if (widths[i] == 1) {
        w.writeBit(values[i] == 1);
      } else {
        w.writeBits(values[i] | (widths[i] == 64 ? 0 : rnd.nextLong() << widths[i]), widths[i]);
      }
    }
    assertThat(w.buffer()[0]).isEqualTo((byte) 0xAB);
    BitReader r = new BitReader();
    r.reset(w.buffer(), 8, w.bitLength());
    for (int i = 0; i < n; i++) {
      long got = widths[i] == 1 ? (r.readBit() ? 1 : 0) : r.readBits(widths[i]);
      assertThat(got).as("field %d of %d bits", i, widths[i]).isEqualTo(values[i]);
    }
    assertThat(r.position()).isEqualTo(w.bitLength());
  }

  @Test
  void highBitsAboveTheWidthAreIgnored() {
    BitWriter w = new BitWriter(new byte[0], 4);
    w.writeBits(-1L, 3);
    w.writeBits(0xF0, 4);
    assertThat(w.bitLength()).isEqualTo(7);
    assertThat(w.buffer()[0]).isEqualTo((byte) 0b1110000_0);
  }

  @Test
  void peekNearTheEndOfTheArrayReadsZerosAndReadingPastTheLimitThrows() {
    byte[] b = {(byte) 0b1011_0000};
    BitReader r = new BitReader();
    r.reset(b, 0, 4);
    assertThat(r.peek64()).isEqualTo(0b1011L << 60);
    assertThat(r.readBits(3)).isEqualTo(0b101);
    assertThat(r.readBit()).isTrue();
    assertThatThrownBy(r::readBit)
        .isInstanceOf(CorruptChunkException.class)
        .hasMessageContaining("ends early");
  }

  @Test
  void unalignedPeekInTheMiddleUsesTheNinthByte() {
    byte[] b = new byte[20];
    for (int i = 0; i < b.length; i++) {
      b[i] = (byte) (i * 37 + 11);
    }
    BitReader r = new BitReader();
    for (int start = 0; start < 100; start++) {
      r.reset(b, start, b.length * 8L);
      long expected = 0;
      for (int k = 0; k < 64; k++) {
        long bit = start + k;
        int v = bit < b.length * 8 ? (b[(int) (bit >>> 3)] >>> (7 - (bit & 7))) & 1 : 0;
        expected = (expected << 1) | v;
      }
      assertThat(r.peek64()).as("peek at bit %d", start).isEqualTo(expected);
    }
  }

  @Test
  void resumeKeepsTheValidBitsAndClearsTheRest() {
    byte[] old = {1, (byte) 0b1011_1111, (byte) 0xFF};
    BitWriter w = BitWriter.resume(old, 1, 2, 4, 8);
    w.writeBits(0b0001, 4);
    assertThat(w.byteLength()).isEqualTo(1);
    assertThat(w.buffer()[0]).isEqualTo((byte) 0b1011_0001);
    assertThat(w.buffer()[1]).isZero();
  }
}
