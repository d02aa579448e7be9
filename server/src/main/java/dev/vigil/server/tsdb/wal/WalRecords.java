package dev.vigil.server.tsdb.wal;

import dev.vigil.server.model.Labels;
import java.nio.charset.StandardCharsets;

/**
 * Payload codecs of the WAL's record types. Byte layouts are in docs/storage-format.md
 * ("Write-ahead log"); all fixed-width integers are big-endian.
 *
 * <ul>
 *   <li>SERIES: repeated {@code ref u64, n uvarint, n × (len uvarint, name utf8, len uvarint,
 *       value utf8)}
 *   <li>SAMPLES: {@code baseRef u64, baseT i64}, then repeated {@code ref-baseRef varint,
 *       t-baseT varint, value f64 bits}
 *   <li>TOMBSTONES: repeated {@code ref uvarint, mint varint, maxt-mint uvarint}
 *   <li>EXEMPLARS: {@code baseRef u64, baseT i64}, then repeated {@code ref-baseRef varint,
 *       t-baseT varint, value f64 bits, n uvarint, n × (len uvarint, name utf8, len uvarint,
 *       value utf8)}
 * </ul>
 */
public final class WalRecords {
  public static final byte SERIES = 1;
  public static final byte SAMPLES = 2;
  public static final byte TOMBSTONES = 3;
  public static final byte EXEMPLARS = 4;

  private WalRecords() {}

  static void putSeries(WalBatch b, long ref, Labels labels) {
    b.putLong(ref);
    b.putUvarint(labels.size());
    for (int i = 0; i < labels.size(); i++) {
      putString(b, labels.name(i));
      putString(b, labels.value(i));
    }
  }

  static void putSample(WalBatch b, long ref, long t, double v) {
    b.putVarint(ref - b.baseRef);
    b.putVarint(t - b.baseT);
    // Raw bits rather than a float codec: keeps NaN payloads (stale markers) exact.
    b.putLong(Double.doubleToRawLongBits(v));
  }

  static void putExemplar(WalBatch b, long ref, long t, double v, Labels labels) {
    b.putVarint(ref - b.baseRef);
    b.putVarint(t - b.baseT);
    b.putLong(Double.doubleToRawLongBits(v));
    b.putUvarint(labels.size());
    for (int i = 0; i < labels.size(); i++) {
      putString(b, labels.name(i));
      putString(b, labels.value(i));
    }
  }

  static void putTombstone(WalBatch b, long ref, long mint, long maxt) {
    if (maxt < mint) {
      throw new IllegalArgumentException("tombstone maxt " + maxt + " < mint " + mint);
    }
    b.putUvarint(ref);
    b.putVarint(mint);
    b.putUvarint(maxt - mint);
  }

  /** UTF-8 written straight into the batch: String.getBytes would allocate per label. */
  private static void putString(WalBatch b, String s) {
    int n = utf8Length(s);
    b.putUvarint(n);
    b.ensure(n);
    byte[] out = b.buf;
    int p = b.len;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < 0x80) {
        out[p++] = (byte) c;
      } else if (c < 0x800) {
        out[p++] = (byte) (0xC0 | (c >> 6));
        out[p++] = (byte) (0x80 | (c & 0x3F));
      } else if (Character.isHighSurrogate(c) && i + 1 < s.length()
          && Character.isLowSurrogate(s.charAt(i + 1))) {
        int cp = Character.toCodePoint(c, s.charAt(++i));
        out[p++] = (byte) (0xF0 | (cp >> 18));
        out[p++] = (byte) (0x80 | ((cp >> 12) & 0x3F));
        out[p++] = (byte) (0x80 | ((cp >> 6) & 0x3F));
        out[p++] = (byte) (0x80 | (cp & 0x3F));
      } else {
        if (Character.isSurrogate(c)) {
          c = '?'; // a lone surrogate, as String.getBytes would encode it
          out[p++] = (byte) c;
          continue;
        }
        out[p++] = (byte) (0xE0 | (c >> 12));
        out[p++] = (byte) (0x80 | ((c >> 6) & 0x3F));
        out[p++] = (byte) (0x80 | (c & 0x3F));
      }
    }
    b.len = p;
  }

  private static int utf8Length(String s) {
    int n = 0;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < 0x80) {
        n++;
      } else if (c < 0x800) {
        n += 2;
      } else if (Character.isHighSurrogate(c) && i + 1 < s.length()
          && Character.isLowSurrogate(s.charAt(i + 1))) {
        n += 4;
        i++;
      } else if (Character.isSurrogate(c)) {
        n++;
      } else {
        n += 3;
      }
    }
    return n;
  }

  /**
   * Decodes one record payload into {@code h}. Throws {@link IllegalArgumentException} when a
   * payload whose checksum matched still does not parse (a writer bug, not disk damage).
   */
  static void decode(byte type, byte[] buf, int off, int n, WalReader.Handler h,
      Labels.Builder lb) {
    Dec d = new Dec(buf, off, off + n);
    switch (type) {
      case SERIES -> {
        while (d.pos < d.end) {
          long ref = d.fixed64();
          long count = d.uvarint();
          lb.reset();
          for (long i = 0; i < count; i++) {
            String name = d.string();
            lb.set(name, d.string());
          }
          h.onSeries(ref, lb.build());
        }
      }
      case SAMPLES -> {
        long baseRef = d.fixed64();
        long baseT = d.fixed64();
        while (d.pos < d.end) {
          long ref = baseRef + d.varint();
          long t = baseT + d.varint();
          h.onSample(ref, t, Double.longBitsToDouble(d.fixed64()));
        }
      }
      case TOMBSTONES -> {
        while (d.pos < d.end) {
          long ref = d.uvarint();
          long mint = d.varint();
          h.onTombstone(ref, mint, mint + d.uvarint());
        }
      }
      case EXEMPLARS -> {
        long baseRef = d.fixed64();
        long baseT = d.fixed64();
        while (d.pos < d.end) {
          long ref = baseRef + d.varint();
          long t = baseT + d.varint();
          double v = Double.longBitsToDouble(d.fixed64());
          long count = d.uvarint();
          lb.reset();
          for (long i = 0; i < count; i++) {
            String name = d.string();
            lb.set(name, d.string());
          }
          h.onExemplar(ref, t, v, lb.build());
        }
      }
      default -> h.onRecord(type, buf, off, n);
    }
  }

  /** A bounds-checked cursor over one payload. */
  private static final class Dec {
    final byte[] b;
    int pos;
    final int end;

    Dec(byte[] b, int pos, int end) {
      this.b = b;
      this.pos = pos;
      this.end = end;
    }

    private void need(int n) {
      if (end - pos < n) {
        throw new IllegalArgumentException("record payload ends early at byte " + pos);
      }
    }

    long fixed64() {
      need(8);
      long v = 0;
      for (int i = 0; i < 8; i++) {
        v = (v << 8) | (b[pos++] & 0xFF);
      }
      return v;
    }

    long uvarint() {
      long v = 0;
      for (int shift = 0; shift < 64; shift += 7) {
        need(1);
        byte x = b[pos++];
        v |= (long) (x & 0x7F) << shift;
        if (x >= 0) {
          return v;
        }
      }
      throw new IllegalArgumentException("varint longer than 10 bytes at byte " + pos);
    }

    long varint() {
      long u = uvarint();
      return (u >>> 1) ^ -(u & 1);
    }

    String string() {
      long n = uvarint();
      if (n > end - pos) {
        throw new IllegalArgumentException("string of " + n + " bytes overruns payload at " + pos);
      }
      String s = new String(b, pos, (int) n, StandardCharsets.UTF_8);
      pos += (int) n;
      return s;
    }
  }
}
