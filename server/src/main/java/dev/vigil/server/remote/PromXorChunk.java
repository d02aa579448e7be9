package dev.vigil.server.remote;

/**
 * A chunk in Prometheus's XOR encoding (chunk type XOR of remote read's streamed responses),
 * which Vigil's own tsdb chunks do not use byte for byte: a 2-byte big-endian sample count, then
 * a bit stream. The first sample is its timestamp as a zig-zag varint and its value's 64 bits;
 * the second, the timestamp delta as an unsigned varint and the value XOR-encoded; every later
 * one, the delta of deltas in one of five bit-width classes and the value XOR-encoded. Values
 * XOR-encode as one 0 bit when unchanged, else a 1 bit and either a 0 bit and the meaningful bits
 * inside the previous window of leading/trailing zeros, or a 1 bit, 5 bits of leading zeros
 * (at most 31), 6 bits of meaningful length (64 written as 0) and those bits. The layout is the
 * one documented in ../shared/reference/tsdb-format/chunks.md; the last byte is zero-padded.
 *
 * <p>One instance is reused for every chunk of a response ({@link #reset}): appending allocates
 * only when the buffer must grow, which a 120-sample chunk (at most about 2 KiB) does once.
 */
final class PromXorChunk {
  private byte[] buf = new byte[256];
  /** Bits written, counting the 2-byte header. */
  private long bits;
  private int count;
  private long t;
  private long tDelta;
  private long vBits;
  /** Leading/trailing zeros of the current XOR window; 0xff leading = no window yet. */
  private int leading = 0xff;
  private int trailing;
  private long minT;
  private long maxT;

  PromXorChunk() {
    reset();
  }

  void reset() {
    java.util.Arrays.fill(buf, 0, Math.min(buf.length, byteLength() + 1), (byte) 0);
    bits = 16;
    count = 0;
    leading = 0xff;
    trailing = 0;
  }

  int count() {
    return count;
  }

  long minT() {
    return minT;
  }

  long maxT() {
    return maxT;
  }

  /** The encoded chunk is {@code bytes()[0, byteLength())}; the array is reused. */
  byte[] bytes() {
    return buf;
  }

  int byteLength() {
    return (int) ((bits + 7) >>> 3);
  }

  /** Appends a sample; timestamps must not decrease (the caller's iterator guarantees it). */
  void append(long ts, double v) {
    long vb = Double.doubleToRawLongBits(v);
    if (count == 0) {
      writeVarint(ts);
      writeBits(vb, 64);
      minT = ts;
    } else if (count == 1) {
      long d = ts - t;
      writeUvarint(d);
      writeValue(vb);
      tDelta = d;
    } else {
      long d = ts - t;
      long dod = d - tDelta;
      if (dod == 0) {
        writeBits(0, 1);
      } else if (fits(dod, 14)) {
        writeBits(0b10, 2);
        writeBits(dod, 14);
      } else if (fits(dod, 17)) {
        writeBits(0b110, 3);
        writeBits(dod, 17);
      } else if (fits(dod, 20)) {
        writeBits(0b1110, 4);
        writeBits(dod, 20);
      } else {
        writeBits(0b1111, 4);
        writeBits(dod, 64);
      }
      writeValue(vb);
      tDelta = d;
    }
    t = ts;
    vBits = vb;
    maxT = ts;
    count++;
    buf[0] = (byte) (count >>> 8);
    buf[1] = (byte) count;
  }

  /** Whether {@code x} is in the range an n-bit class holds: -(2^(n-1) - 1) .. 2^(n-1). */
  static boolean fits(long x, int n) {
    return x >= -((1L << (n - 1)) - 1) && x <= 1L << (n - 1);
  }

  private void writeValue(long vb) {
    long x = vb ^ vBits;
    if (x == 0) {
      writeBits(0, 1);
      return;
    }
    writeBits(1, 1);
    int lead = Math.min(Long.numberOfLeadingZeros(x), 31); // 5 bits hold at most 31
    int trail = Long.numberOfTrailingZeros(x);
    if (leading != 0xff && lead >= leading && trail >= trailing) {
      writeBits(0, 1);
      writeBits(x >>> trailing, 64 - leading - trailing);
      return;
    }
    leading = lead;
    trailing = trail;
    int sig = 64 - lead - trail;
    writeBits(1, 1);
    writeBits(lead, 5);
    writeBits(sig, 6); // 64 wraps to 0: a window of 0 bits never occurs, so it is unambiguous
    writeBits(x >>> trail, sig);
  }

  private void writeVarint(long v) {
    writeUvarint((v << 1) ^ (v >> 63));
  }

  private void writeUvarint(long v) {
    while ((v & ~0x7FL) != 0) {
      writeBits((v & 0x7F) | 0x80, 8);
      v >>>= 7;
    }
    writeBits(v, 8);
  }

  /** Writes the low {@code n} bits of {@code v}, most significant first. */
  private void writeBits(long v, int n) {
    ensure(bits + n);
    while (n > 0) {
      int pos = (int) (bits >>> 3);
      int free = 8 - (int) (bits & 7);
      int take = Math.min(free, n);
      int chunk = (int) ((v >>> (n - take)) & ((1 << take) - 1));
      buf[pos] |= (byte) (chunk << (free - take));
      bits += take;
      n -= take;
    }
  }

  private void ensure(long totalBits) {
    int need = (int) ((totalBits + 7) >>> 3);
    if (need > buf.length) {
      buf = java.util.Arrays.copyOf(buf, Math.max(need, buf.length * 2));
    }
  }
}
