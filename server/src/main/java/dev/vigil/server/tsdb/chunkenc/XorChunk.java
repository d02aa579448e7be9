package dev.vigil.server.tsdb.chunkenc;

import dev.vigil.server.storage.SampleIterator;
import java.util.Arrays;

/**
 * A Gorilla-style float chunk: timestamps as delta-of-delta in variable bit buckets, values as the
 * XOR with the previous value, sharing a window of meaningful bits. Values are handled as raw bit
 * patterns, so every NaN payload (the staleness marker included), ±Inf and -0.0 round-trip
 * exactly.
 *
 * <p>Layout (details and rationale in {@code docs/storage-format.md}):
 * <pre>
 * byte 0      encoding (0x01)
 * bytes 1-2   number of samples, uint16 big-endian
 * then bits:  t0 zigzag uvarint, v0 64 bits,
 *             t1-t0 uvarint, xor(v1),
 *             dod(t_n), xor(v_n) ... for n ≥ 2, zero-padded to a whole byte
 * dod:        0 | 10 + 6 bits | 110 + 9 | 1110 + 13 | 11110 + 20 | 11111 + 64 (two's complement)
 * xor:        0 (same) | 10 + bits in the previous window | 11 + leading(5) + sig-1(6) + bits
 * </pre>
 *
 * <p>A new chunk is appendable; a {@link #wrap wrapped} one is read without copying and copies
 * its bytes on the first {@link #append}. Not thread-safe while appending; a wrapped chunk that
 * is not appended to may be shared by threads (see {@link Chunk}).
 */
public final class XorChunk implements Chunk {
  static final int HEADER_BYTES = 3;
  static final int MAX_SAMPLES = 0xFFFF;
  // Bucket widths for the delta-of-delta of millisecond timestamps, chosen by simulating 15 s
  // scrapes with 0-50 ms of jitter: 6 bits (±32 ms) hold the jitter of a healthy scrape loop,
  // 9 bits (±256 ms) a loaded host or ±50 ms of jitter (a dod spans up to 4x the jitter),
  // 13 bits (±4 s) a delayed scrape, 20 bits (±8.7 min) missed scrapes and interval changes;
  // anything else is stored in full. Average cost: 7.3 bits at ±2 ms, 10.7 at ±50 ms.
  static final int DOD_BITS_1 = 6;
  static final int DOD_BITS_2 = 9;
  static final int DOD_BITS_3 = 13;
  static final int DOD_BITS_4 = 20;
  /** Initial buffer: header plus roughly 120 samples of a regular series, grown by 1.5x. */
  private static final int DEFAULT_CAPACITY = 128;

  // Exactly one of these holds the bytes: `writer` once appendable, else the wrapped range.
  private BitWriter writer;
  private byte[] data;
  private int off;
  private int len;

  private int count;
  private long minT = Long.MAX_VALUE;
  /** The appender state below is only valid when stateLoaded (always for appendable chunks). */
  private boolean stateLoaded;
  private long lastT = Long.MIN_VALUE;
  private long lastDelta;
  private long lastBits;
  private int leading = -1;
  private int trailing;
  /** Bit position after the last sample of a wrapped chunk, set by {@link #loadState}. */
  private long endBit;
  // Cached for read-only (wrapped) chunks, which query threads may share.
  private long wrappedMaxT;
  private volatile boolean wrappedMaxKnown;
  private volatile byte[] copy;

  public XorChunk() {
    this(DEFAULT_CAPACITY);
  }

  /** An empty chunk whose buffer starts at {@code capacityBytes} bytes. */
  public XorChunk(int capacityBytes) {
    writer = new BitWriter(new byte[] {Encoding.XOR.code(), 0, 0}, capacityBytes);
    stateLoaded = true;
  }

  /**
   * An empty chunk whose buffer is a slot of {@code arena} while it fits one. The owner must
   * {@link #release} it when done, and must not read it concurrently with appends.
   */
  public XorChunk(ChunkArena arena, int capacityBytes) {
    writer = new BitWriter(arena, new byte[] {Encoding.XOR.code(), 0, 0}, capacityBytes);
    stateLoaded = true;
  }

  private XorChunk(byte[] data, int off, int len, int count) {
    this.data = data;
    this.off = off;
    this.len = len;
    this.count = count;
  }

  /**
   * Reads an XOR chunk from {@code data[off, off+len)} without copying; the range must not change
   * while the chunk is in use.
   *
   * @throws CorruptChunkException if the range is too short or its encoding byte is not XOR
   */
  public static XorChunk wrap(byte[] data, int off, int len) {
    if (off < 0 || len < 0 || off + len > data.length) {
      throw new CorruptChunkException("XOR chunk range [" + off + ", " + (off + len)
          + ") lies outside the " + data.length + "-byte array");
    }
    if (len < HEADER_BYTES) {
      throw new CorruptChunkException(
          "XOR chunk of " + len + " bytes is shorter than the " + HEADER_BYTES + "-byte header");
    }
    if (data[off] != Encoding.XOR.code()) {
      throw new CorruptChunkException(String.format(
          "not an XOR chunk: encoding byte 0x%02x, expected 0x%02x (%s)",
          data[off] & 0xFF, Encoding.XOR.code(), describe(data[off])));
    }
    int count = ((data[off + 1] & 0xFF) << 8) | (data[off + 2] & 0xFF);
    XorChunk c = new XorChunk(data, off, len, count);
    if (count > 0) {
      c.minT = readFirstTimestamp(data, off + HEADER_BYTES, off + len);
    }
    return c;
  }

  /** Decodes t0 (a zigzag uvarint) straight from the bytes: wrapping stays allocation-free. */
  private static long readFirstTimestamp(byte[] data, int from, int end) {
    long zigzag = 0;
    for (int i = from, shift = 0; i < end && shift < 64; i++, shift += 7) {
      zigzag |= (data[i] & 0x7FL) << shift;
      if (data[i] >= 0) {
        return (zigzag >>> 1) ^ -(zigzag & 1);
      }
    }
    throw new CorruptChunkException("XOR chunk ends inside its first timestamp");
  }

  private static String describe(byte code) {
    try {
      return "that is " + Encoding.of(code);
    } catch (CorruptChunkException e) {
      return "an unknown encoding";
    }
  }

  /**
   * Appends a sample.
   *
   * @throws IllegalArgumentException if {@code t} is not after the last timestamp
   * @throws IllegalStateException if the chunk already holds {@value #MAX_SAMPLES} samples
   */
  public void append(long t, double v) {
    if (!stateLoaded) {
      loadState();
    }
    if (count > 0 && t <= lastT) {
      throw new IllegalArgumentException(
          "timestamp " + t + " is not after the chunk's last timestamp " + lastT);
    }
    if (count == MAX_SAMPLES) {
      throw new IllegalStateException("XOR chunk is full (" + MAX_SAMPLES + " samples)");
    }
    if (writer == null) {
      startWriting();
    }
    long vBits = Double.doubleToRawLongBits(v);
    if (count == 0) {
      writeUvarint((t << 1) ^ (t >> 63)); // zigzag: negative timestamps stay short
      writer.writeBits(vBits, 64);
      minT = t;
    } else if (count == 1) {
      lastDelta = t - lastT;
      writeUvarint(lastDelta);
      writeXor(vBits);
    } else {
      long delta = t - lastT;
      writeDod(delta - lastDelta);
      lastDelta = delta;
      writeXor(vBits);
    }
    lastT = t;
    lastBits = vBits;
    count++;
    writer.setByte(1, (byte) (count >>> 8));
    writer.setByte(2, (byte) count);
  }

  private void writeDod(long dod) {
    if (dod == 0) {
      writer.writeBit(false);
    } else if (fits(dod, DOD_BITS_1)) {
      writer.writeBits(0b10L << DOD_BITS_1 | (dod & mask(DOD_BITS_1)), 2 + DOD_BITS_1);
    } else if (fits(dod, DOD_BITS_2)) {
      writer.writeBits(0b110L << DOD_BITS_2 | (dod & mask(DOD_BITS_2)), 3 + DOD_BITS_2);
    } else if (fits(dod, DOD_BITS_3)) {
      writer.writeBits(0b1110L << DOD_BITS_3 | (dod & mask(DOD_BITS_3)), 4 + DOD_BITS_3);
    } else if (fits(dod, DOD_BITS_4)) {
      writer.writeBits(0b11110L << DOD_BITS_4 | (dod & mask(DOD_BITS_4)), 5 + DOD_BITS_4);
    } else {
      writer.writeBits(0b11111, 5);
      writer.writeBits(dod, 64);
    }
  }

  private static boolean fits(long v, int bits) {
    return v >= -(1L << (bits - 1)) && v < (1L << (bits - 1));
  }

  private static long mask(int bits) {
    return (1L << bits) - 1;
  }

  private void writeXor(long vBits) {
    long x = vBits ^ lastBits;
    if (x == 0) {
      writer.writeBit(false);
      return;
    }
    // Five bits hold the leading-zero count, so cap it at 31; the window just starts earlier.
    int lead = Math.min(Long.numberOfLeadingZeros(x), 31);
    int trail = Long.numberOfTrailingZeros(x);
    int sig = 64 - lead - trail;
    // Reuse the window when the bits fit, unless it is so much wider than needed that a new
    // window (11 bits of header) is cheaper: a narrow window then serves the next values too.
    if (leading >= 0 && lead >= leading && trail >= trailing
        && 64 - leading - trailing <= sig + 11) {
      writer.writeBits(0b10, 2);
      writer.writeBits(x >>> trailing, 64 - leading - trailing);
      return;
    }
    writer.writeBits(0b11L << 11 | (long) lead << 6 | (sig - 1), 13);
    writer.writeBits(x >>> trail, sig);
    leading = lead;
    trailing = trail;
  }

  private void writeUvarint(long v) {
    while ((v & ~0x7FL) != 0) {
      writer.writeBits((v & 0x7F) | 0x80, 8);
      v >>>= 7;
    }
    writer.writeBits(v, 8);
  }

  /** Decodes a wrapped chunk to its end to recover what the appender needs to continue. */
  private void loadState() {
    XorIterator it = newIterator(null);
    while (it.next()) {
      // just advancing
    }
    if (count > 0) {
      lastT = it.t;
      lastDelta = it.delta;
      lastBits = it.bits;
      leading = it.leading;
      trailing = it.trailing;
    }
    endBit = it.position();
    stateLoaded = true;
  }

  private void startWriting() {
    writer = BitWriter.resume(data, off, len, endBit - (long) off * 8, DEFAULT_CAPACITY);
    data = null;
  }

  @Override
  public Encoding encoding() {
    return Encoding.XOR;
  }

  @Override
  public int numSamples() {
    return count;
  }

  @Override
  public long minTime() {
    return minT;
  }

  @Override
  public long maxTime() {
    if (stateLoaded || count == 0) {
      return lastT;
    }
    if (!wrappedMaxKnown) {
      // Read-only chunks may be shared by query threads: decode with a local iterator and publish
      // through the volatile flag instead of touching the appender state.
      XorIterator it = newIterator(null);
      while (it.next()) {
        // just advancing to the last sample
      }
      wrappedMaxT = it.t;
      wrappedMaxKnown = true;
    }
    return wrappedMaxT;
  }

  @Override
  public byte[] bytes() {
    if (writer != null) {
      return writer.inArena() ? writer.copy() : writer.buffer();
    }
    if (off == 0) {
      return data;
    }
    // Callers expect the chunk at index 0: copy once. A racing second copy is harmless.
    byte[] c = copy;
    if (c == null) {
      c = Arrays.copyOfRange(data, off, off + len);
      copy = c;
    }
    return c;
  }

  /** The encoded bytes in a new array of exactly {@link #length()} bytes. */
  public byte[] copyBytes() {
    return writer != null ? writer.copy() : Arrays.copyOfRange(data, off, off + len);
  }

  /** Whether the chunk writes into an arena slot rather than an array of its own. */
  public boolean inArena() {
    return writer != null && writer.inArena();
  }

  /** Bytes the chunk's buffer holds, used or spare. */
  public int capacity() {
    return writer != null ? writer.capacity() : len;
  }

  /**
   * Returns an arena slot this chunk writes into; the chunk must not be used afterwards. A no-op
   * for a chunk with a plain array.
   */
  public void release() {
    if (writer != null) {
      writer.release();
      writer = null;
      data = null;
      count = 0;
    }
  }

  @Override
  public int length() {
    return writer != null ? writer.byteLength() : len;
  }

  @Override
  public SampleIterator iterator() {
    return newIterator(null);
  }

  @Override
  public SampleIterator iterator(SampleIterator reuse) {
    return newIterator(reuse instanceof XorIterator ? (XorIterator) reuse : null);
  }

  private XorIterator newIterator(XorIterator reuse) {
    XorIterator it = reuse != null ? reuse : new XorIterator();
    if (writer != null) {
      long base = writer.base() * 8L;
      it.reset(writer.buffer(), base + HEADER_BYTES * 8L, base + writer.bitLength(), count);
    } else {
      it.reset(data, (long) (off + HEADER_BYTES) * 8, (long) (off + len) * 8, count);
    }
    return it;
  }
}
