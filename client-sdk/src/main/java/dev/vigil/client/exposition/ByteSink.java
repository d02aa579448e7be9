package dev.vigil.client.exposition;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A growable byte array with the encoders both text formats need. The writers fill it and hand
 * it to the output stream in large chunks, so they never go through a {@code Writer} or a
 * {@code CharsetEncoder} and never build a String per sample.
 *
 * <p>Not thread-safe: one instance per {@code write} call.
 */
final class ByteSink {
  private static final byte[] NAN = {'N', 'a', 'N'};
  private static final byte[] POS_INF = {'+', 'I', 'n', 'f'};
  private static final byte[] NEG_INF = {'-', 'I', 'n', 'f'};
  private static final byte[] MIN_LONG =
      "-9223372036854775808".getBytes(StandardCharsets.US_ASCII);

  private byte[] buf;
  private int size;

  ByteSink(int capacity) {
    buf = new byte[capacity];
  }

  int size() {
    return size;
  }

  void reset() {
    size = 0;
  }

  /** Makes room for {@code extra} more bytes. */
  private void ensure(int extra) {
    int needed = size + extra;
    if (needed > buf.length) {
      buf = Arrays.copyOf(buf, Math.max(buf.length << 1, needed));
    }
  }

  /** Sends the content to {@code out} and empties the sink. */
  void drainTo(OutputStream out) throws IOException {
    if (size > 0) {
      out.write(buf, 0, size);
      size = 0;
    }
  }

  ByteSink put(char asciiChar) {
    if (size == buf.length) {
      ensure(1);
    }
    buf[size++] = (byte) asciiChar;
    return this;
  }

  ByteSink put(byte[] bytes) {
    ensure(bytes.length);
    System.arraycopy(bytes, 0, buf, size, bytes.length);
    size += bytes.length;
    return this;
  }

  ByteSink put(ByteSink other) {
    ensure(other.size);
    System.arraycopy(other.buf, 0, buf, size, other.size);
    size += other.size;
    return this;
  }

  /** For strings known to be ASCII: metric names, label names, units (validated by the model). */
  ByteSink ascii(String s) {
    int n = s.length();
    ensure(n);
    byte[] b = buf;
    int p = size;
    for (int i = 0; i < n; i++) {
      b[p++] = (byte) s.charAt(i);
    }
    size = p;
    return this;
  }

  /** ASCII characters that need an escape: backslash and line feed; with quote, also '"'. */
  private static final boolean[] SPECIAL = new boolean[128];
  private static final boolean[] SPECIAL_WITH_QUOTE = new boolean[128];
  /** Two ASCII digits per entry, for writing numbers two digits per division. */
  private static final byte[] DIGIT_PAIRS = new byte[200];

  static {
    SPECIAL['\\'] = SPECIAL['\n'] = true;
    SPECIAL_WITH_QUOTE['\\'] = SPECIAL_WITH_QUOTE['\n'] = SPECIAL_WITH_QUOTE['"'] = true;
    for (int i = 0; i < 100; i++) {
      DIGIT_PAIRS[2 * i] = (byte) ('0' + i / 10);
      DIGIT_PAIRS[2 * i + 1] = (byte) ('0' + i % 10);
    }
  }

  /**
   * UTF-8 with the escapes of both formats: backslash and line feed always, the double quote
   * when {@code escapeQuote} (label values everywhere, HELP only in OpenMetrics). A lone
   * surrogate cannot be encoded in UTF-8 and becomes {@code ?}, as {@code String.getBytes} does.
   */
  ByteSink escaped(String s, boolean escapeQuote) {
    int n = s.length();
    // 3 bytes per char is the worst case: a BMP char takes at most 3, a surrogate pair 4 for 2.
    ensure(3 * n);
    boolean[] special = escapeQuote ? SPECIAL_WITH_QUOTE : SPECIAL;
    byte[] b = buf;
    int p = size;
    int i = 0;
    // Label values are nearly always plain ASCII: one compare and one table look-up per char.
    for (; i < n; i++) {
      char c = s.charAt(i);
      if (c >= 0x80 || special[c]) {
        break;
      }
      b[p++] = (byte) c;
    }
    for (; i < n; i++) {
      char c = s.charAt(i);
      if (c < 0x80) {
        if (special[c]) {
          b[p++] = '\\';
          b[p++] = (byte) (c == '\n' ? 'n' : c);
        } else {
          b[p++] = (byte) c;
        }
      } else if (c < 0x800) {
        b[p++] = (byte) (0xC0 | (c >> 6));
        b[p++] = (byte) (0x80 | (c & 0x3F));
      } else if (Character.isSurrogate(c)) {
        char low;
        if (Character.isHighSurrogate(c) && i + 1 < n
            && Character.isLowSurrogate(low = s.charAt(i + 1))) {
          int cp = Character.toCodePoint(c, low);
          i++;
          b[p++] = (byte) (0xF0 | (cp >> 18));
          b[p++] = (byte) (0x80 | ((cp >> 12) & 0x3F));
          b[p++] = (byte) (0x80 | ((cp >> 6) & 0x3F));
          b[p++] = (byte) (0x80 | (cp & 0x3F));
        } else {
          b[p++] = '?';
        }
      } else {
        b[p++] = (byte) (0xE0 | (c >> 12));
        b[p++] = (byte) (0x80 | ((c >> 6) & 0x3F));
        b[p++] = (byte) (0x80 | (c & 0x3F));
      }
    }
    size = p;
    return this;
  }

  /** Decimal digits of {@code v}, no allocation. */
  ByteSink longValue(long v) {
    if (v == Long.MIN_VALUE) {
      return put(MIN_LONG);
    }
    ensure(20);
    if (v < 0) {
      buf[size++] = '-';
      v = -v;
    }
    if (v <= Integer.MAX_VALUE) {
      // Counts, counter values and epoch seconds mostly fit, and int division is much cheaper.
      return intDigits((int) v);
    }
    int digits = 10;
    for (long limit = 10_000_000_000L; digits < 19 && v >= limit; limit *= 10) {
      digits++;
    }
    int p = size + digits;
    while (v > Integer.MAX_VALUE) {
      int pair = (int) (v % 100);
      v /= 100;
      buf[--p] = DIGIT_PAIRS[2 * pair + 1];
      buf[--p] = DIGIT_PAIRS[2 * pair];
    }
    writeIntBackwards((int) v, p);
    size += digits;
    return this;
  }

  private ByteSink intDigits(int v) {
    int digits = v < 100_000
        ? (v < 100 ? (v < 10 ? 1 : 2) : v < 1000 ? 3 : v < 10_000 ? 4 : 5)
        : v < 10_000_000 ? (v < 1_000_000 ? 6 : 7)
        : v < 100_000_000 ? 8 : v < 1_000_000_000 ? 9 : 10;
    writeIntBackwards(v, size + digits);
    size += digits;
    return this;
  }

  /** Writes the digits of {@code v >= 0} so that the last one lands just before {@code end}. */
  private void writeIntBackwards(int v, int end) {
    byte[] b = buf;
    int p = end;
    while (v >= 100) {
      int pair = v % 100;
      v /= 100;
      b[--p] = DIGIT_PAIRS[2 * pair + 1];
      b[--p] = DIGIT_PAIRS[2 * pair];
    }
    if (v >= 10) {
      b[--p] = DIGIT_PAIRS[2 * v + 1];
      b[--p] = DIGIT_PAIRS[2 * v];
    } else {
      b[--p] = (byte) ('0' + v);
    }
  }

  /**
   * A sample value: exact (it parses back to the same double), readable by Go's ParseFloat and
   * the OpenMetrics grammar. NaN and infinities are spelled {@code NaN}, {@code +Inf},
   * {@code -Inf}, which both formats accept.
   */
  ByteSink doubleValue(double v) {
    // Most values are counts and whole numbers: print them as integers, no Double.toString.
    // Below 1e15 the long holds every digit, so the text is exact and never uses an exponent.
    if (v == (long) v && Math.abs(v) < 1e15) {
      return longValue((long) v);
    }
    if (v != v) {
      return put(NAN);
    }
    if (v == Double.POSITIVE_INFINITY) {
      return put(POS_INF);
    }
    if (v == Double.NEGATIVE_INFINITY) {
      return put(NEG_INF);
    }
    if (!Numbers.fixedPoint(this, v, 1e15)) {
      Numbers.goStyle(this, v, false);
    }
    return this;
  }

  /**
   * Milliseconds since the epoch as seconds with up to three decimals: {@code 1520430000.123},
   * {@code 1605281325.0}. Exact, and always carries a decimal point since it is a float.
   */
  ByteSink millisAsSeconds(long millis) {
    if (millis < 0 && millis != Long.MIN_VALUE) {
      put('-');
      millis = -millis;
    }
    longValue(millis / 1000);
    int frac = (int) Math.abs(millis % 1000);
    put('.');
    put((char) ('0' + frac / 100));
    if (frac % 100 != 0) {
      put((char) ('0' + frac / 10 % 10));
      if (frac % 10 != 0) {
        put((char) ('0' + frac % 10));
      }
    }
    return this;
  }

  byte[] toByteArray() {
    return Arrays.copyOf(buf, size);
  }

  /** The content as a String, for content known to be ASCII. */
  String toAsciiString() {
    return new String(buf, 0, size, StandardCharsets.US_ASCII);
  }
}
