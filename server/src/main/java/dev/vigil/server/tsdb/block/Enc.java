package dev.vigil.server.tsdb.block;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** A growable byte buffer with the integer encodings of docs/storage-format.md (big-endian). */
final class Enc {
  byte[] buf;
  int len;

  Enc(int capacity) {
    buf = new byte[capacity];
  }

  void reset() {
    len = 0;
  }

  private void ensure(int n) {
    if (len + n > buf.length) {
      buf = Arrays.copyOf(buf, Math.max(buf.length * 2, len + n));
    }
  }

  void u8(int v) {
    ensure(1);
    buf[len++] = (byte) v;
  }

  void u32(int v) {
    ensure(4);
    buf[len++] = (byte) (v >>> 24);
    buf[len++] = (byte) (v >>> 16);
    buf[len++] = (byte) (v >>> 8);
    buf[len++] = (byte) v;
  }

  void u64(long v) {
    u32((int) (v >>> 32));
    u32((int) v);
  }

  void uvarint(long v) {
    ensure(10);
    while ((v & ~0x7FL) != 0) {
      buf[len++] = (byte) ((v & 0x7F) | 0x80);
      v >>>= 7;
    }
    buf[len++] = (byte) v;
  }

  /** Zig-zag, so small negative numbers stay short. */
  void varint(long v) {
    uvarint((v << 1) ^ (v >> 63));
  }

  void bytes(byte[] b, int off, int n) {
    ensure(n);
    System.arraycopy(b, off, buf, len, n);
    len += n;
  }

  void string(String s) {
    byte[] b = s.getBytes(StandardCharsets.UTF_8);
    uvarint(b.length);
    bytes(b, 0, b.length);
  }
}
