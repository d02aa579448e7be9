package dev.vigil.server.tsdb.chunkenc;

/** Encoded chunk bytes that cannot be decoded: truncated, an unknown encoding, a bad header. */
public final class CorruptChunkException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public CorruptChunkException(String message) {
    super(message);
  }
}
