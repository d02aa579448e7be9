package dev.vigil.server.tsdb.chunkenc;

import dev.vigil.server.storage.SampleIterator;

/**
 * The samples of one series over a short time range, compressed. Every encoded chunk starts with
 * its {@link Encoding} byte, so a reader can pick the decoder from the bytes alone
 * ({@link #wrap}).
 *
 * <p>Thread safety: a chunk is not thread-safe while it is being appended to. Once no more
 * appends happen (or with external synchronisation), any number of iterators may read it
 * concurrently; each iterator is used by one thread.
 */
public interface Chunk {
  /**
   * How many samples the head should put in one chunk before cutting a new one: compression
   * improves little beyond it, while decoding to reach a sample in the middle gets slower.
   */
  int TARGET_SAMPLES = 120;

  Encoding encoding();

  int numSamples();

  /** Timestamp of the first sample, or {@link Long#MAX_VALUE} when the chunk is empty. */
  long minTime();

  /** Timestamp of the last sample, or {@link Long#MIN_VALUE} when the chunk is empty. */
  long maxTime();

  /**
   * The encoded chunk: bytes {@code [0, length())} of the returned array, starting with the
   * encoding byte. The array may be the chunk's own (no copy) and may be longer than
   * {@link #length()}; callers must not modify it. Appending may replace it.
   */
  byte[] bytes();

  /** Encoded size in bytes. */
  int length();

  /** A new iterator over the samples present now; it allocates nothing per sample. */
  SampleIterator iterator();

  /**
   * Like {@link #iterator()}, but recycles {@code reuse} when it is an iterator of the same kind
   * (from any chunk of this encoding) that the caller no longer needs; {@code null} or another
   * kind allocates a new one.
   */
  SampleIterator iterator(SampleIterator reuse);

  /**
   * Reads an encoded chunk from {@code data[off, off+len)} without copying it; the range must
   * not change while the chunk is in use.
   *
   * @throws CorruptChunkException for an unknown encoding byte or a malformed header
   */
  static Chunk wrap(byte[] data, int off, int len) {
    if (len < 1 || off < 0 || off + len > data.length) {
      throw new CorruptChunkException(
          "chunk range [" + off + ", " + (off + len) + ") is empty or outside "
              + data.length + " bytes");
    }
    switch (Encoding.of(data[off])) {
      case XOR:
        return XorChunk.wrap(data, off, len);
      case PACKED:
        return PackedChunk.wrap(data, off, len);
      default:
        throw new AssertionError("no decoder for " + Encoding.of(data[off]));
    }
  }
}
