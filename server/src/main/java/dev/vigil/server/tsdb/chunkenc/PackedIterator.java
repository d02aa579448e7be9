package dev.vigil.server.tsdb.chunkenc;

import dev.vigil.server.storage.SampleIterator;

/**
 * Decodes a {@link PackedChunk} one sample at a time; all state is primitive, so iterating
 * allocates nothing, and {@link PackedChunk#iterator(SampleIterator)} recycles an old one.
 */
final class PackedIterator implements SampleIterator {
  private final BitReader in = new BitReader();
  private int total;
  /** Index of the current sample: -1 before the first {@link #next}, {@code total} at the end. */
  private int i;
  private long t;
  private long tDelta;
  private long n;
  private long nDelta;
  private double v;
  private int tWidth;
  private boolean tEscapes;
  private double pow;
  private boolean dodMode;
  private int shift;
  private int vWidth;
  private boolean vEscapes;

  void reset(byte[] buf, long startBit, long limitBit, int numSamples) {
    in.reset(buf, startBit, limitBit);
    total = numSamples;
    i = -1;
  }

  @Override
  public boolean next() {
    if (i + 1 >= total) {
      i = total;
      return false;
    }
    i++;
    if (i == 0) {
      readHeader();
    } else {
      if (i >= 2) {
        tDelta += unzigzag(readElement(tWidth, tEscapes));
      }
      t += tDelta;
      if (!dodMode) {
        n += unzigzag(readElement(vWidth, vEscapes)) << shift;
      } else {
        if (i >= 2) {
          nDelta += unzigzag(readElement(vWidth, vEscapes));
        }
        n += nDelta << shift;
      }
    }
    v = n / pow;
    return true;
  }

  private void readHeader() {
    t = unzigzag(in.readUvarint());
    if (total >= 2) {
      tDelta = in.readUvarint();
    }
    tWidth = (int) in.readBits(7);
    tEscapes = in.readBit();
    int scale = (int) in.readBits(4);
    if (scale > PackedChunk.MAX_SCALE || tWidth > 64) {
      throw new CorruptChunkException("packed chunk header: scale " + scale + ", width "
          + tWidth);
    }
    pow = PackedChunk.POW10[scale];
    dodMode = in.readBit();
    shift = (int) in.readBits(6);
    vWidth = (int) in.readBits(7);
    vEscapes = in.readBit();
    if (vWidth > 64) {
      throw new CorruptChunkException("packed chunk header: value width " + vWidth);
    }
    n = unzigzag(in.readUvarint());
    if (dodMode && total >= 2) {
      nDelta = unzigzag(in.readUvarint());
    }
  }

  private long readElement(int width, boolean escapes) {
    if (escapes && in.readBit()) {
      return in.readBits((int) in.readBits(6) + 1);
    }
    return width == 0 ? 0 : in.readBits(width);
  }

  private static long unzigzag(long z) {
    return (z >>> 1) ^ -(z & 1);
  }

  @Override
  public boolean seek(long target) {
    if (i >= total) {
      return false;
    }
    if (i >= 0 && t >= target) {
      return true;
    }
    while (next()) {
      if (t >= target) {
        return true;
      }
    }
    return false;
  }

  @Override
  public long atT() {
    return t;
  }

  @Override
  public double atV() {
    return v;
  }
}
