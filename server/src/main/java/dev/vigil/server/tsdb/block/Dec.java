package dev.vigil.server.tsdb.block;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * Reads the encodings of {@link Enc} from a (mapped) buffer with absolute gets only, so one
 * buffer can be shared by concurrent readers. Reading past {@code end} is a
 * {@link CorruptBlockException} naming the file and offset, never an IndexOutOfBounds.
 */
final class Dec {
  private final ByteBuffer b;
  private final Path file;
  int pos;
  private final int end;

  Dec(ByteBuffer b, Path file, int pos, int end) {
    this.b = b;
    this.file = file;
    this.pos = pos;
    this.end = end;
  }

  private void need(int n) {
    if (n > end - pos) {
      throw new CorruptBlockException(file, pos, "entry runs past the end of its section");
    }
  }

  int u8() {
    need(1);
    return b.get(pos++) & 0xFF;
  }

  int u32() {
    need(4);
    int v = b.getInt(pos);
    pos += 4;
    return v;
  }

  long u64() {
    need(8);
    long v = b.getLong(pos);
    pos += 8;
    return v;
  }

  long uvarint() {
    long v = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      int x = u8();
      v |= (long) (x & 0x7F) << shift;
      if ((x & 0x80) == 0) {
        return v;
      }
    }
    throw new CorruptBlockException(file, pos, "uvarint longer than 10 bytes");
  }

  long varint() {
    long u = uvarint();
    return (u >>> 1) ^ -(u & 1);
  }

  /** A uvarint that must fit a non-negative int, such as a count or a symbol number. */
  int uint() {
    int at = pos;
    long v = uvarint();
    if (v < 0 || v > Integer.MAX_VALUE) {
      throw new CorruptBlockException(file, at, "value " + Long.toUnsignedString(v)
          + " too large");
    }
    return (int) v;
  }

  String string() {
    int n = uint();
    need(n);
    byte[] s = new byte[n];
    b.get(pos, s);
    pos += n;
    return new String(s, StandardCharsets.UTF_8);
  }

  boolean hasMore() {
    return pos < end;
  }
}
