package dev.vigil.server.tsdb.chunkenc;

import dev.vigil.server.storage.SampleIterator;

/**
 * Decodes an {@link XorChunk} one sample at a time. All state is primitive fields, so iterating
 * allocates nothing; {@link XorChunk#iterator(SampleIterator)} resets an old one for reuse.
 * Layout and bucket sizes: {@link XorChunk} and {@code docs/storage-format.md}.
 */
final class XorIterator implements SampleIterator {
  private final BitReader in = new BitReader();
  private int total;
  /** Index of the current sample: -1 before the first {@link #next}, {@code total} at the end. */
  private int i;

  // Decoder state, also read by XorChunk to resume appending to a wrapped chunk.
  long t;
  long delta;
  long bits;
  /** The current XOR window; leading = -1 until the first window is written. */
  int leading;
  int trailing;

  void reset(byte[] buf, long startBit, long limitBit, int numSamples) {
    in.reset(buf, startBit, limitBit);
    total = numSamples;
    i = -1;
    t = 0;
    delta = 0;
    bits = 0;
    leading = -1;
    trailing = 0;
  }

  /** Bit position just after the current sample. */
  long position() {
    return in.position();
  }

  @Override
  public boolean next() {
    if (i + 1 >= total) {
      i = total;
      return false;
    }
    i++;
    if (i == 0) {
      long zigzag = in.readUvarint();
      t = (zigzag >>> 1) ^ -(zigzag & 1);
      bits = in.readBits(64);
      return true;
    }
    if (i == 1) {
      // Unsigned: the gap between two longs can exceed Long.MAX_VALUE; wrap-around is exact.
      delta = in.readUvarint();
    } else {
      delta += readDod();
    }
    t += delta;
    readValue();
    return true;
  }

  /** Decodes one delta-of-delta; prefix tests are sign checks on the left-aligned peek. */
  private long readDod() {
    long w = in.peek64();
    if (w >= 0) { // 0
      in.skip(1);
      return 0;
    }
    if (w << 1 >= 0) { // 10 + 6 bits
      in.skip(2 + XorChunk.DOD_BITS_1);
      return (w << 2) >> (64 - XorChunk.DOD_BITS_1);
    }
    if (w << 2 >= 0) { // 110 + 9 bits
      in.skip(3 + XorChunk.DOD_BITS_2);
      return (w << 3) >> (64 - XorChunk.DOD_BITS_2);
    }
    if (w << 3 >= 0) { // 1110 + 13 bits
      in.skip(4 + XorChunk.DOD_BITS_3);
      return (w << 4) >> (64 - XorChunk.DOD_BITS_3);
    }
    if (w << 4 >= 0) { // 11110 + 20 bits
      in.skip(5 + XorChunk.DOD_BITS_4);
      return (w << 5) >> (64 - XorChunk.DOD_BITS_4);
    }
    in.skip(5); // 11111 + 64 bits
    return in.readBits(64);
  }

  private void readValue() {
    long w = in.peek64();
    if (w >= 0) { // 0: same bits as before
      in.skip(1);
      return;
    }
    int head;
    if (w << 1 >= 0) { // 10: reuse the window
      if (leading < 0) {
        throw new CorruptChunkException("XOR window reused before one was set, sample " + i);
      }
      head = 2;
    } else { // 11 + leading(5) + significant-1(6)
      int lead = (int) ((w << 2) >>> 59);
      int sig = (int) ((w << 7) >>> 58) + 1;
      if (lead + sig > 64) {
        throw new CorruptChunkException(
            "XOR window of " + lead + " leading + " + sig + " significant bits, sample " + i);
      }
      leading = lead;
      trailing = 64 - lead - sig;
      head = 13;
    }
    int sig = 64 - leading - trailing;
    if (head + sig <= 64) {
      // The bits are already in the peeked word: one bounds check and no second load.
      in.skip(head + sig);
      bits ^= (w << head) >>> (64 - sig) << trailing;
    } else {
      in.skip(head);
      bits ^= in.readBits(sig) << trailing;
    }
  }

  @Override
  public boolean seek(long target) {
    if (i >= total) {
      return false;
    }
    // Never moves backwards: a current sample already at or after target stays.
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
    return Double.longBitsToDouble(bits);
  }
}
