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
  /** Arena slots smaller than this grow by half rather than to the next class; see ensure. */
  static final int SMALL_SLOT = 256;
  private byte[] buf;
  /** Where the stream starts in {@code buf}: a slot's offset in its arena page, else 0. */
  private int base;
  /** Bytes the stream may use from {@code base}. */
  private int capacity;
  /** Bit position of the next write, counted from {@code base} (prefix included). */
  private long pos;
  /** The arena the slot came from, or null for a plain array. */
  private ChunkArena arena;
  private long slot = ChunkArena.NONE;

  /**
   * @param prefix bytes copied in front of the bit stream (e.g. a chunk header); the first bit
   *     goes right after them
   * @param capacity initial array size in bytes, grown by half each time it runs out
   */
  BitWriter(byte[] prefix, int capacity) {
    this.buf = Arrays.copyOf(prefix, Math.max(capacity, prefix.length + 1));
    this.capacity = buf.length;
    this.pos = (long) prefix.length * 8;
  }

  /** Like {@link #BitWriter(byte[], int)}, but in a slot of {@code arena} while one is big enough. */
  BitWriter(ChunkArena arena, byte[] prefix, int capacity) {
    this.arena = arena;
    this.pos = (long) prefix.length * 8;
    if (!moveToSlot(Math.max(capacity, prefix.length + 1), prefix, prefix.length)) {
      this.buf = Arrays.copyOf(prefix, Math.max(capacity, prefix.length + 1));
      this.capacity = buf.length;
    }
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
      buf[base + (int) (pos >>> 3)] |= (byte) (0x80 >>> (pos & 7));
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
      int idx = base + (int) (pos >>> 3);
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
    buf[base + index] = b;
  }

  /** The array holding the stream, which starts at {@link #base()}. */
  byte[] buffer() {
    return buf;
  }

  /** Whether the stream lives in an arena slot (a shared page) rather than its own array. */
  boolean inArena() {
    return slot != ChunkArena.NONE;
  }

  int base() {
    return base;
  }

  /** Bytes the stream may grow to before it moves. */
  int capacity() {
    return capacity;
  }

  /** The stream's bytes in an array of their own. */
  byte[] copy() {
    return Arrays.copyOfRange(buf, base, base + byteLength());
  }

  /** Gives the arena slot back; the writer must not be used afterwards. */
  void release() {
    if (slot != ChunkArena.NONE) {
      arena.free(slot);
      slot = ChunkArena.NONE;
      buf = null;
    }
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
    if (needBytes > capacity) {
      if (needBytes > Integer.MAX_VALUE - 8) {
        throw new IllegalStateException("bit stream over 2 GiB");
      }
      // In the arena the next class up is a fine step and a move leaves no garbage; a plain
      // array grows by half so copies stay rare. Small slots grow by half in the arena too: their
      // classes are a sample or two apart, so a new series' chunk would move every other scrape,
      // each move costing class locks, a copy, zeroing and a reference store G1 must refine.
      // Below SMALL_SLOT the extra room is a few dozen bytes at most.
      int grown = arena == null || capacity < SMALL_SLOT ? capacity + (capacity >> 1) : 0;
      grow((int) Math.max(needBytes, grown));
    }
  }

  private void grow(int bytes) {
    int len = byteLength();
    long old = slot;
    if (arena != null && moveToSlot(bytes, buf, base, len)) {
      arena.free(old);
      return;
    }
    bytes = Math.max(bytes, capacity + (capacity >> 1));
    byte[] next = new byte[bytes];
    System.arraycopy(buf, base, next, 0, len);
    if (old != ChunkArena.NONE) {
      arena.free(old);
      slot = ChunkArena.NONE;
      arena = null;
    }
    buf = next;
    base = 0;
    capacity = bytes;
  }

  private boolean moveToSlot(int bytes, byte[] from, int len) {
    return moveToSlot(bytes, from, 0, len);
  }

  /** Copies the stream into a new arena slot of at least {@code bytes}; false if none is that big. */
  private boolean moveToSlot(int bytes, byte[] from, int fromOff, int len) {
    long s = arena.allocate(bytes);
    if (s == ChunkArena.NONE) {
      return false;
    }
    byte[] page = arena.page(s);
    int off = ChunkArena.offset(s);
    System.arraycopy(from, fromOff, page, off, len);
    buf = page;
    base = off;
    capacity = ChunkArena.capacity(s);
    slot = s;
    return true;
  }
}
