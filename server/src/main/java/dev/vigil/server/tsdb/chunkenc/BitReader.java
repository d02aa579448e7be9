package dev.vigil.server.tsdb.chunkenc;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Reads bits, most significant first, from a byte range. Multi-bit reads load a whole big-endian
 * {@code long} and shift, so a 64-bit field costs one load instead of eight byte steps. Reads
 * past the end of the range throw {@link CorruptChunkException}, so a truncated chunk fails
 * loudly instead of yielding garbage samples.
 *
 * <p>Mutable and reusable ({@link #reset}); not thread-safe.
 */
final class BitReader {
  private static final VarHandle LONG_BE =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);

  private byte[] buf;
  /** Bit position of the next read, counted from the start of the array. */
  private long pos;
  /** First bit position that is not part of the stream. */
  private long limit;

  void reset(byte[] buf, long bitPos, long bitLimit) {
    this.buf = buf;
    this.pos = bitPos;
    this.limit = bitLimit;
  }

  long position() {
    return pos;
  }

  boolean readBit() {
    if (pos >= limit) {
      throw underflow(1);
    }
    boolean bit = (buf[(int) (pos >>> 3)] & (0x80 >>> (pos & 7))) != 0;
    pos++;
    return bit;
  }

  /** Reads {@code n} bits (1 ≤ n ≤ 64) as an unsigned number. */
  long readBits(int n) {
    long v = peek64();
    if (pos + n > limit) {
      throw underflow(n);
    }
    pos += n;
    return v >>> (64 - n);
  }

  /**
   * The next 64 bits of the stream, left-aligned, without consuming them; bits past the end of the
   * array read as zero. Callers decode prefixes from this and then {@link #skip} what they used.
   */
  long peek64() {
    int idx = (int) (pos >>> 3);
    int off = (int) (pos & 7);
    long w;
    if (idx + 9 <= buf.length) {
      // Common case: one unaligned 8-byte load plus the few bits the shift pushed out.
      w = (long) LONG_BE.get(buf, idx) << off;
      if (off != 0) {
        w |= (buf[idx + 8] & 0xFFL) >>> (8 - off);
      }
      return w;
    }
    // Near the end of the array: assemble byte by byte, zeros past the end.
    w = 0;
    for (int i = 0; i < 8; i++) {
      w = (w << 8) | byteAt(idx + i);
    }
    return off == 0 ? w : (w << off) | (byteAt(idx + 8) >>> (8 - off));
  }

  private long byteAt(int i) {
    return i < buf.length ? buf[i] & 0xFFL : 0;
  }

  /** Consumes {@code n} bits that were inspected with {@link #peek64}. */
  void skip(int n) {
    if (pos + n > limit) {
      throw underflow(n);
    }
    pos += n;
  }

  /** Reads an unsigned LEB128 varint (at any bit position). */
  long readUvarint() {
    long result = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      long b = readBits(8);
      result |= (b & 0x7F) << shift;
      if ((b & 0x80) == 0) {
        return result;
      }
    }
    throw new CorruptChunkException("varint longer than 10 bytes at bit " + pos);
  }

  private CorruptChunkException underflow(int n) {
    return new CorruptChunkException(
        "chunk data ends early: need " + n + " bits at bit " + pos + " of " + limit);
  }
}
