package dev.vigil.server.scrape.parse;

import dev.vigil.server.model.Labels;
import java.util.Arrays;

/**
 * State and accessors shared by both formats. A sample is kept as offsets into the caller's
 * buffer; strings are only produced (from the cache) when asked for.
 */
abstract class BaseParser implements ExpositionParser {
  /** Per label: name start, name end, value start, value end, flags. */
  static final int SLOTS = 5;
  static final int F_NAME_ESC = 1;
  static final int F_VALUE_ESC = 2;
  static final int F_NAME_QUOTED = 4;

  static final boolean[] NAME_START = new boolean[256];
  static final boolean[] NAME_CHAR = new boolean[256];
  static final boolean[] LABEL_START = new boolean[256];
  static final boolean[] LABEL_CHAR = new boolean[256];

  static {
    for (int c = 0; c < 128; c++) {
      boolean alpha = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
      boolean digit = c >= '0' && c <= '9';
      LABEL_START[c] = alpha;
      LABEL_CHAR[c] = alpha || digit;
      NAME_START[c] = alpha || c == ':';
      NAME_CHAR[c] = alpha || digit || c == ':';
    }
  }

  final byte[] buf;
  final int end;
  int pos;
  int line;
  int lineStart;

  final StringCache cache;
  byte[] scratch = new byte[256];

  // Current series.
  int nameStart;
  int nameEnd;
  int nameFlags;
  int seriesStart;
  int seriesEnd;
  int[] labels = new int[SLOTS * 16];
  int labelCount;
  double value;
  boolean hasTs;
  long tsMillis;

  // Current exemplar (OpenMetrics only).
  boolean hasExemplar;
  int[] exLabels = new int[SLOTS * 4];
  int exLabelCount;
  double exValue;
  boolean exHasTs;
  long exTsMillis;

  // Current metadata / comment.
  int metaNameStart;
  int metaNameEnd;
  int metaNameFlags;
  int textStart;
  int textEnd;
  MetricType type;

  BaseParser(byte[] buf, int len, StringCache cache) {
    this.cache = cache != null ? cache : new StringCache(4096);
    if (len < 0 || len > buf.length) {
      throw new IllegalArgumentException("len " + len + " outside buffer of " + buf.length);
    }
    this.buf = buf;
    this.end = len;
  }

  // ---------------------------------------------------------------- errors

  ParseException error(String message) {
    return errorAt(pos, message);
  }

  ParseException errorAt(int at, String message) {
    return new ParseException(line, at - lineStart + 1, message + near(at));
  }

  /** A short excerpt of the offending line, so errors are readable in scrape logs. */
  private String near(int at) {
    int e = lineStart;
    while (e < end && buf[e] != '\n' && e - lineStart < 80) {
      e++;
    }
    String text = new String(buf, lineStart, e - lineStart, java.nio.charset.StandardCharsets.UTF_8);
    return " in \"" + text + (e < end && buf[e] != '\n' ? "...\"" : "\"");
  }

  static String describe(byte[] buf, int at, int end) {
    if (at >= end) {
      return "end of input";
    }
    int c = buf[at] & 0xff;
    return switch (c) {
      case '\n' -> "end of line";
      case ' ' -> "space";
      case '\t' -> "tab";
      default -> c < 32 || c >= 127 ? String.format("byte 0x%02x", c) : "'" + (char) c + "'";
    };
  }

  // ---------------------------------------------------------------- labels

  void addLabel(int ns, int ne, int vs, int ve, int flags) throws ParseException {
    int base = labelCount * SLOTS;
    if (base + SLOTS > labels.length) {
      labels = Arrays.copyOf(labels, labels.length * 2);
    }
    // Duplicate names are an error in both formats; label sets are small, so a quadratic
    // byte comparison beats hashing.
    for (int b = 0; b < base; b += SLOTS) {
      if (Arrays.equals(buf, labels[b], labels[b + 1], buf, ns, ne)) {
        throw errorAt(ns, "duplicate label name");
      }
    }
    labels[base] = ns;
    labels[base + 1] = ne;
    labels[base + 2] = vs;
    labels[base + 3] = ve;
    labels[base + 4] = flags;
    labelCount++;
  }

  void addExemplarLabel(int ns, int ne, int vs, int ve, int flags) throws ParseException {
    int base = exLabelCount * SLOTS;
    if (base + SLOTS > exLabels.length) {
      exLabels = Arrays.copyOf(exLabels, exLabels.length * 2);
    }
    for (int b = 0; b < base; b += SLOTS) {
      if (Arrays.equals(buf, exLabels[b], exLabels[b + 1], buf, ns, ne)) {
        throw errorAt(ns, "duplicate exemplar label name");
      }
    }
    exLabels[base] = ns;
    exLabels[base + 1] = ne;
    exLabels[base + 2] = vs;
    exLabels[base + 3] = ve;
    exLabels[base + 4] = flags;
    exLabelCount++;
  }

  /**
   * Scans a quoted string whose opening quote is at {@code pos}; leaves {@code pos} after the
   * closing quote and returns whether it contains backslash escapes.
   */
  boolean scanQuoted() throws ParseException {
    int i = pos + 1;
    boolean esc = false;
    int high = 0;
    final byte[] b = buf;
    while (true) {
      if (i >= end) {
        throw errorAt(pos, "unterminated quoted string");
      }
      byte c = b[i];
      high |= c;
      if (c == '"') {
        break;
      } else if (c == '\\') {
        esc = true;
        i++;
        if (i >= end || b[i] == '\n') {
          throw errorAt(i, "unterminated escape sequence");
        }
      } else if (c == '\n') {
        throw errorAt(i, "line feed inside quoted string");
      }
      i++;
    }
    if (high < 0) {
      validateUtf8(pos + 1, i); // only strings with non-ASCII bytes need the decoder
    }
    pos = i + 1;
    return esc;
  }

  /** The string for {@code buf[from, to)}, unescaping {@code \\ \" \n} first if needed. */
  String string(int from, int to, boolean escaped, boolean quoteEscape) {
    String s;
    if (!escaped) {
      s = cache.get(buf, from, to);
    } else {
      int n = unescape(from, to, quoteEscape);
      s = cache.get(scratch, 0, n);
    }
    // Invalid UTF-8 was rejected while parsing (see validateUtf8); keep labels non-null anyway.
    return s != null ? s : StringCache.decodeLenient(buf, from, to);
  }

  /** Writes the unescaped bytes to {@link #scratch}; unknown escapes stay as written. */
  int unescape(int from, int to, boolean quoteEscape) {
    if (scratch.length < to - from) {
      scratch = new byte[Math.max(to - from, scratch.length * 2)];
    }
    int n = 0;
    for (int i = from; i < to; i++) {
      byte c = buf[i];
      if (c == '\\' && i + 1 < to) {
        byte d = buf[i + 1];
        if (d == 'n') {
          scratch[n++] = '\n';
          i++;
          continue;
        } else if (d == '\\' || (d == '"' && quoteEscape)) {
          scratch[n++] = d;
          i++;
          continue;
        }
      }
      scratch[n++] = c;
    }
    return n;
  }

  /** Rejects invalid UTF-8 in a label value or quoted name, as Prometheus does. */
  void validateUtf8(int from, int to) throws ParseException {
    for (int i = from; i < to; i++) {
      if (buf[i] < 0) {
        if (StringCache.decode(buf, from, to) == null) {
          throw errorAt(from, "invalid UTF-8");
        }
        return;
      }
    }
  }

  // ---------------------------------------------------------------- accessors

  @Override
  public int lineNumber() {
    return line;
  }

  @Override
  public String metricName() {
    return string(nameStart, nameEnd, (nameFlags & F_NAME_ESC) != 0, true);
  }

  @Override
  public void labels(Labels.Builder into) {
    into.reset();
    into.set(Labels.METRIC_NAME, metricName());
    copyLabels(labels, labelCount, into);
  }

  private void copyLabels(int[] ls, int count, Labels.Builder into) {
    for (int b = 0, e = count * SLOTS; b < e; b += SLOTS) {
      int flags = ls[b + 4];
      into.set(string(ls[b], ls[b + 1], (flags & F_NAME_ESC) != 0, true),
          string(ls[b + 2], ls[b + 3], (flags & F_VALUE_ESC) != 0, true));
    }
  }

  @Override
  public byte[] buffer() {
    return buf;
  }

  @Override
  public int seriesStart() {
    return seriesStart;
  }

  @Override
  public int seriesEnd() {
    return seriesEnd;
  }

  @Override
  public double value() {
    return value;
  }

  @Override
  public boolean hasTimestamp() {
    return hasTs;
  }

  @Override
  public long timestampMillis() {
    return tsMillis;
  }

  @Override
  public boolean hasExemplar() {
    return hasExemplar;
  }

  @Override
  public void exemplarLabels(Labels.Builder into) {
    into.reset();
    copyLabels(exLabels, exLabelCount, into);
  }

  @Override
  public double exemplarValue() {
    return exValue;
  }

  @Override
  public boolean exemplarHasTimestamp() {
    return exHasTs;
  }

  @Override
  public long exemplarTimestampMillis() {
    return exTsMillis;
  }

  @Override
  public String metadataName() {
    return string(metaNameStart, metaNameEnd, (metaNameFlags & F_NAME_ESC) != 0, true);
  }

  @Override
  public MetricType type() {
    return type;
  }

  @Override
  public String help() {
    // HELP text escapes only backslash and line feed in the text format; OpenMetrics also
    // escapes quotes, which the subclass signals via helpEscapesQuote().
    int n = unescape(textStart, textEnd, helpEscapesQuote());
    String s = StringCache.decode(scratch, 0, n);
    return s != null ? s : StringCache.decodeLenient(scratch, 0, n);
  }

  abstract boolean helpEscapesQuote();

  @Override
  public String unit() {
    return new String(buf, textStart, textEnd - textStart, java.nio.charset.StandardCharsets.UTF_8);
  }

  @Override
  public boolean textEquals(byte[] raw) {
    return java.util.Arrays.equals(buf, textStart, textEnd, raw, 0, raw.length);
  }

  @Override
  public byte[] rawText() {
    return java.util.Arrays.copyOfRange(buf, textStart, textEnd);
  }

  @Override
  public String comment() {
    return new String(buf, textStart, textEnd - textStart, java.nio.charset.StandardCharsets.UTF_8);
  }
}
