package dev.vigil.server.tsdb.chunkenc;

import java.util.Arrays;

/**
 * Appends bits, most significant first, to a growable {@code byte[]}. Bits land in the array as
 * they are written (no pending accumulator), so {@link #buffer()} is always complete up to
 * {@link #bitLength()} and a reader may be pointed at it between writes.
 *
 * <p>Not thread-safe. The array may be replaced when it grows; callers must re-read
 * {@link #buffer()} after writing.
 */
final class BitWriter {
  private byte[] buf;
  /** Bit position of the next write, counted from the start of the array (prefix included). */
  private long pos;

  /**
   * @param prefix bytes copied in front of the bit stream (e.g. a chunk header); the first bit
   *     goes right after them
   * @param capacity initial array size in bytes, grown by half each time it runs out
   */
  BitWriter(byte[] prefix, int capacity) {
    this.buf = Arrays.copyOf(prefix, Math.max(capacity, prefix.length + 1));
    this.pos = (long) prefix.length * 8;
  }

  /**
   * Continues an existing stream: the first {@code bitLength} bits of {@code data[off, off+len)}
   * are kept and anything after them is zeroed.
   */
  static BitWriter resume(byte[] data, int off, int len, long bitLength, int extraCapacity) {
    BitWriter w = new BitWriter(Arrays.copyOfRange(data, off, off + len), len + extraCapacity);
    // Clear whatever follows the last valid bit: writes OR into the array and expect zeros there.
    int lastByte = (int) ((bitLength - 1) >>> 3);
    int keep = (int) (bitLength & 7);
    if (keep != 0) {
      w.buf[lastByte] &= (byte) (0xFF << (8 - keep));
    }
    Arrays.fill(w.buf, (int) ((bitLength + 7) >>> 3), w.buf.length, (byte) 0);
    w.pos = bitLength;
    return w;
  }

  void writeBit(boolean bit) {
    ensure(1);
    if (bit) {
      buf[(int) (pos >>> 3)] |= (byte) (0x80 >>> (pos & 7));
    }
    pos++;
  }

  /** Writes the low {@code n} bits of {@code value} (1 ≤ n ≤ 64), most significant first. */
  void writeBits(long value, int n) {
    ensure(n);
    // Left-align so the next bit to write is always bit 63; everything below the n bits is zero,
    // which lets each step OR a whole byte's worth without masking.
    long v = value << (64 - n);
    while (n > 0) {
      int idx = (int) (pos >>> 3);
      int off = (int) (pos & 7);
      buf[idx] |= (byte) (v >>> (56 + off));
      int written = Math.min(8 - off, n);
      v <<= written;
      n -= written;
      pos += written;
    }
  }

  /** Writes a byte-aligned byte; only valid when {@link #bitLength()} is a multiple of 8. */
  void setByte(int index, byte b) {
    buf[index] = b;
  }

  byte[] buffer() {
    return buf;
  }

  long bitLength() {
    return pos;
  }

  /** Bytes in use, the last one padded with zero bits. */
  int byteLength() {
    return (int) ((pos + 7) >>> 3);
  }

  private void ensure(int bits) {
    long needBytes = (pos + bits + 7) >>> 3;
    if (needBytes > buf.length) {
      if (needBytes > Integer.MAX_VALUE - 8) {
        throw new IllegalStateException("bit stream over 2 GiB");
      }
      buf = Arrays.copyOf(buf, (int) Math.max(needBytes, buf.length + (buf.length >> 1)));
    }
  }
}
