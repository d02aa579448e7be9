package dev.vigil.server.tsdb.chunkenc;

import dev.vigil.server.storage.SampleIterator;

/**
 * A read-only chunk for blocks whose values are decimals with few digits (counters of bytes or
 * CPU centiseconds, gauges in pages or with two decimals): values are stored as integers scaled
 * by a power of ten, as deltas or deltas-of-deltas, and timestamps as deltas-of-deltas; each of
 * the two streams is bit-packed at one width chosen per chunk, with an escape for outliers.
 * Regular data costs a few bits per sample (a constant series with regular timestamps: none).
 *
 * <p>Only values that come back bit-exact from {@code n / 10^scale} can be stored: NaN (the
 * stale marker included), ±Inf, -0.0 and values needing more than {@value #MAX_SCALE} decimals
 * or 53 bits make {@link #encode} return null, and the chunk stays XOR. Block writers call
 * {@link #smallerOf}; the head never appends to this encoding.
 *
 * <p>Layout (see {@code docs/storage-format.md}):
 * <pre>
 * byte 0      encoding (0x02)
 * bytes 1-2   number of samples, uint16 big-endian
 * then bits:  t0 zigzag uvarint, [count ≥ 2] t1-t0 uvarint,
 *             timestamp stream: width(7) escapes(1),
 *             scale(4), value mode(1: 0 delta, 1 delta-of-delta), shift(6), value stream:
 *             width(7) escapes(1), n0 zigzag uvarint, [count ≥ 2 and mode 1] (n1-n0) >> shift
 *             zigzag uvarint,
 *             then per sample i ≥ 1: [i ≥ 2] timestamp dod, value element; zero-padded
 * element:    zigzag value in `width` bits; with escapes, preceded by 0, or written as
 *             1 + (bits-1)(6) + bits; value deltas are stored shifted right by `shift`
 * </pre>
 */
public final class PackedChunk implements Chunk {
  static final int HEADER_BYTES = 3;
  static final int MAX_SCALE = 15;
  static final double[] POW10 = new double[MAX_SCALE + 1];
  /** Integers beyond 2^53 are not all exact as doubles; scaled values must stay within. */
  private static final long MAX_EXACT = 1L << 53;

  static {
    double p = 1;
    for (int i = 0; i <= MAX_SCALE; i++) {
      POW10[i] = p;
      p *= 10;
    }
  }

  private final byte[] data;
  private final int off;
  private final int len;
  private final int count;
  private final long minT;
  private volatile boolean maxKnown;
  private long maxT;
  private volatile byte[] copy;

  private PackedChunk(byte[] data, int off, int len, int count, long minT) {
    this.data = data;
    this.off = off;
    this.len = len;
    this.count = count;
    this.minT = minT;
  }

  /**
   * Reads a packed chunk from {@code data[off, off+len)} without copying.
   *
   * @throws CorruptChunkException if the range is too short or not a packed chunk
   */
  public static PackedChunk wrap(byte[] data, int off, int len) {
    if (off < 0 || len < HEADER_BYTES || off + len > data.length) {
      throw new CorruptChunkException("packed chunk range [" + off + ", " + (off + len)
          + ") is shorter than its header or outside the " + data.length + "-byte array");
    }
    if (data[off] != Encoding.PACKED.code()) {
      throw new CorruptChunkException(String.format("not a packed chunk: encoding byte 0x%02x",
          data[off] & 0xFF));
    }
    int count = ((data[off + 1] & 0xFF) << 8) | (data[off + 2] & 0xFF);
    long minT = Long.MAX_VALUE;
    if (count > 0) {
      BitReader r = new BitReader();
      r.reset(data, (long) (off + HEADER_BYTES) * 8, (long) (off + len) * 8);
      long z = r.readUvarint();
      minT = (z >>> 1) ^ -(z & 1);
    }
    return new PackedChunk(data, off, len, count, minT);
  }

  /** {@code c} re-encoded as a packed chunk when that is smaller, else {@code c} itself. */
  public static Chunk smallerOf(Chunk c) {
    if (c.encoding() == Encoding.PACKED || c.numSamples() < 2) {
      return c;
    }
    PackedChunk p = encode(c);
    return p != null && p.length() < c.length() ? p : c;
  }

  /** The samples of {@code c} as a packed chunk, or null when a value cannot be stored. */
  public static PackedChunk encode(Chunk c) {
    int n = c.numSamples();
    long[] ts = new long[n];
    double[] vs = new double[n];
    SampleIterator it = c.iterator();
    for (int i = 0; i < n && it.next(); i++) {
      ts[i] = it.atT();
      vs[i] = it.atV();
    }
    int scale = 0;
    for (double v : vs) {
      while (scale <= MAX_SCALE && scaled(v, scale) == Long.MIN_VALUE) {
        scale++;
      }
      if (scale > MAX_SCALE) {
        return null;
      }
    }
    long[] ns = new long[n];
    for (int i = 0; i < n; i++) {
      ns[i] = scaled(vs[i], scale);
      if (ns[i] == Long.MIN_VALUE) {
        return null; // exact at a lower scale, but too many digits at this one
      }
    }
    long[] tDod = secondDifferences(ts);
    // Sizes in bytes are often whole pages: the differences share trailing zero bits, which
    // are stored once per chunk instead of once per sample.
    int shift = 63;
    for (int i = 1; i < n; i++) {
      shift = Math.min(shift, Long.numberOfTrailingZeros(ns[i] - ns[i - 1]));
    }
    if (shift == 63 || n < 2) {
      shift = 0;
    }
    long[] ds = new long[Math.max(0, n - 1)];
    long[] vDelta = new long[ds.length];
    for (int i = 1; i < n; i++) {
      ds[i - 1] = (ns[i] - ns[i - 1]) >> shift;
      vDelta[i - 1] = zigzag(ds[i - 1]);
    }
    long[] vDod = new long[Math.max(0, n - 2)];
    for (int i = 2; i < n; i++) {
      vDod[i - 2] = zigzag(ds[i - 1] - ds[i - 2]);
    }
    long tPack = bestPacking(tDod);
    long deltaPack = bestPacking(vDelta);
    long dodPack = bestPacking(vDod);
    boolean dodMode = n >= 2
        && cost(dodPack) + uvarintBits(vDelta[0]) < cost(deltaPack);

    BitWriter w = new BitWriter(new byte[] {Encoding.PACKED.code(), (byte) (n >>> 8), (byte) n},
        HEADER_BYTES + 16);
    writeUvarint(w, zigzag(ts[0]));
    if (n >= 2) {
      writeUvarint(w, ts[1] - ts[0]);
    }
    writeHeader(w, tPack);
    w.writeBits(scale, 4);
    w.writeBit(dodMode);
    w.writeBits(shift, 6);
    long vPack = dodMode ? dodPack : deltaPack;
    writeHeader(w, vPack);
    writeUvarint(w, zigzag(ns[0]));
    if (dodMode && n >= 2) {
      writeUvarint(w, vDelta[0]);
    }
    for (int i = 1; i < n; i++) {
      if (i >= 2) {
        writeElement(w, tPack, tDod[i - 2]);
      }
      if (!dodMode) {
        writeElement(w, vPack, vDelta[i - 1]);
      } else if (i >= 2) {
        writeElement(w, vPack, vDod[i - 2]);
      }
    }
    return new PackedChunk(w.buffer(), 0, w.byteLength(), n, ts[0]);
  }

  /**
   * {@code v * 10^scale} as a long when dividing it back gives exactly {@code v}'s bits, else
   * {@link Long#MIN_VALUE}.
   */
  static long scaled(double v, int scale) {
    double x = v * POW10[scale];
    if (!(Math.abs(x) <= MAX_EXACT)) { // also false for NaN
      return Long.MIN_VALUE;
    }
    long r = Math.round(x);
    return Double.doubleToRawLongBits(r / POW10[scale]) == Double.doubleToRawLongBits(v)
        ? r : Long.MIN_VALUE;
  }

  /** Zigzag of the delta-of-delta for samples 2..n-1 (wrapping arithmetic is exact). */
  private static long[] secondDifferences(long[] x) {
    long[] out = new long[Math.max(0, x.length - 2)];
    for (int i = 2; i < x.length; i++) {
      out[i - 2] = zigzag((x[i] - x[i - 1]) - (x[i - 1] - x[i - 2]));
    }
    return out;
  }

  static long zigzag(long v) {
    return (v << 1) ^ (v >> 63);
  }

  private static int bitLength(long z) {
    return 64 - Long.numberOfLeadingZeros(z);
  }

  /**
   * The cheapest (width, escapes) for a stream of zigzag values, packed as
   * {@code cost << 8 | escapes << 7 | width}.
   */
  static long bestPacking(long[] zs) {
    int[] hist = new int[65];
    for (long z : zs) {
      hist[bitLength(z)]++;
    }
    int maxLen = 64;
    while (maxLen > 0 && hist[maxLen] == 0) {
      maxLen--;
    }
    long best = ((long) zs.length * maxLen) << 8 | maxLen;
    // With escapes, values of up to `w` bits cost 1 + w, longer ones 1 + 6 + their length.
    for (int width = 0; width < maxLen; width++) {
      long c = 0;
      for (int l = 0; l <= 64; l++) {
        c += (long) hist[l] * (l <= width ? 1 + width : 7 + l);
      }
      if (c < best >>> 8) {
        best = c << 8 | 1 << 7 | width;
      }
    }
    return best;
  }

  private static long cost(long packing) {
    return packing >>> 8;
  }

  private static int uvarintBits(long v) {
    return 8 * Math.max(1, (bitLength(v) + 6) / 7);
  }

  private static void writeHeader(BitWriter w, long packing) {
    w.writeBits(packing & 0x7F, 7);
    w.writeBit((packing & 0x80) != 0);
  }

  private static void writeElement(BitWriter w, long packing, long z) {
    int width = (int) (packing & 0x7F);
    if ((packing & 0x80) != 0) {
      int l = bitLength(z);
      if (l > width) {
        w.writeBit(true);
        w.writeBits(Math.max(l, 1) - 1, 6);
        w.writeBits(z, Math.max(l, 1));
        return;
      }
      w.writeBit(false);
    }
    if (width > 0) {
      w.writeBits(z, width);
    }
  }

  private static void writeUvarint(BitWriter w, long v) {
    while ((v & ~0x7FL) != 0) {
      w.writeBits((v & 0x7F) | 0x80, 8);
      v >>>= 7;
    }
    w.writeBits(v, 8);
  }

  @Override
  public Encoding encoding() {
    return Encoding.PACKED;
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
    if (count == 0) {
      return Long.MIN_VALUE;
    }
    if (!maxKnown) {
      PackedIterator it = newIterator(null);
      while (it.next()) {
        // advancing to the last sample
      }
      maxT = it.atT();
      maxKnown = true;
    }
    return maxT;
  }

  @Override
  public byte[] bytes() {
    if (off == 0) {
      return data;
    }
    byte[] c = copy;
    if (c == null) {
      c = java.util.Arrays.copyOfRange(data, off, off + len);
      copy = c;
    }
    return c;
  }

  @Override
  public int length() {
    return len;
  }

  @Override
  public SampleIterator iterator() {
    return newIterator(null);
  }

  @Override
  public SampleIterator iterator(SampleIterator reuse) {
    return newIterator(reuse instanceof PackedIterator p ? p : null);
  }

  private PackedIterator newIterator(PackedIterator reuse) {
    PackedIterator it = reuse != null ? reuse : new PackedIterator();
    it.reset(data, (long) (off + HEADER_BYTES) * 8, (long) (off + len) * 8, count);
    return it;
  }
}
