package dev.vigil.server.tsdb.chunkenc;

/**
 * The first byte of every encoded chunk: which encoding (and which version of it) the rest of the
 * bytes use. A changed layout gets a new code rather than a silent reinterpretation of an old one,
 * so chunks written by an older Vigil stay readable. Codes are never reused.
 *
 * <p>To add an encoding: add a constant with the next free code, implement {@link Chunk} for it,
 * add a case to {@link Chunk#wrap}, and document its layout in {@code docs/storage-format.md}.
 */
public enum Encoding {
  /** Floats: delta-of-delta timestamps, XOR values (see {@link XorChunk}). */
  XOR((byte) 0x01),
  /**
   * Read-only, for blocks: bit-packed delta-of-delta timestamps and decimal values as scaled
   * integers (see {@link PackedChunk}).
   */
  PACKED((byte) 0x02);

  // 0x00 is reserved so that zeroed memory or a zero-filled file never decodes as a chunk.

  private final byte code;

  Encoding(byte code) {
    this.code = code;
  }

  /** The byte written at offset 0 of the chunk. */
  public byte code() {
    return code;
  }

  /** The encoding for a code byte; throws {@link CorruptChunkException} for unknown codes. */
  public static Encoding of(byte code) {
    for (Encoding e : values()) {
      if (e.code == code) {
        return e;
      }
    }
    throw new CorruptChunkException(String.format(
        "unknown chunk encoding byte 0x%02x (known: XOR=0x01, PACKED=0x02); written by a newer Vigil?",
        code & 0xFF));
  }
}
