package dev.vigil.server.scrape.parse;

import java.nio.charset.StandardCharsets;

/**
 * OpenMetrics 1.0.0 text, strictly: single spaces, no blank lines or comments, {@code # EOF}
 * last, timestamps in (float) seconds. This class checks the syntax of each line;
 * {@link OpenMetricsRules} checks what the lines mean together (families, suffixes, values,
 * ordering). Any violation rejects the whole exposition, as the specification requires.
 */
public final class OpenMetricsParser extends BaseParser {
  private final OpenMetricsRules rules = new OpenMetricsRules(this);
  private boolean done;
  /** Timestamp of the current sample in seconds, for ordering checks at full precision. */
  double tsSeconds;
  int valueStart;

  /** Parses {@code buf[0, len)} with a private string cache. */
  public OpenMetricsParser(byte[] buf, int len) {
    super(buf, len, null);
  }

  /** Parses {@code buf[0, len)}, interning strings in {@code cache} (kept across scrapes). */
  public OpenMetricsParser(byte[] buf, int len, StringCache cache) {
    super(buf, len, cache);
  }

  public OpenMetricsParser(byte[] buf) {
    this(buf, buf.length);
  }

  @Override
  boolean helpEscapesQuote() {
    return true;
  }

  @Override
  public Entry next() throws ParseException {
    if (done) {
      return null;
    }
    line++;
    lineStart = pos;
    if (pos >= end) {
      throw error("missing \"# EOF\" at the end of the exposition");
    }
    byte c = buf[pos];
    if (c == '#') {
      return hashLine();
    }
    if (c == '\n') {
      throw error("blank lines are not allowed");
    }
    sample();
    rules.sample();
    return Entry.SERIES;
  }

  private boolean startsWith(String s) {
    if (pos + s.length() > end) {
      return false;
    }
    for (int i = 0; i < s.length(); i++) {
      if (buf[pos + i] != s.charAt(i)) {
        return false;
      }
    }
    return true;
  }

  private Entry hashLine() throws ParseException {
    if (startsWith("# EOF")) {
      int after = pos + 5;
      if (after == end || (buf[after] == '\n' && after + 1 == end)) {
        pos = end;
        rules.eof();
        done = true;
        return null;
      }
      if (buf[after] == '\n') {
        line++;
        lineStart = after + 1;
        throw errorAt(after + 1, "text after \"# EOF\"");
      }
      throw errorAt(after, "unexpected " + describe(buf, after, end) + " after \"# EOF\"");
    }
    Entry kind;
    if (startsWith("# TYPE ")) {
      kind = Entry.TYPE;
    } else if (startsWith("# HELP ")) {
      kind = Entry.HELP;
    } else if (startsWith("# UNIT ")) {
      kind = Entry.UNIT;
    } else {
      throw error("lines starting with '#' must be \"# TYPE\", \"# HELP\", \"# UNIT\" or"
          + " \"# EOF\" in OpenMetrics");
    }
    pos += 7;
    metaNameStart = pos;
    metaNameFlags = 0;
    name(NAME_START, NAME_CHAR, "metric name");
    metaNameEnd = pos;
    expect(' ', "after the metric name");
    textStart = pos;
    switch (kind) {
      case TYPE -> {
        while (pos < end && buf[pos] != '\n') {
          pos++;
        }
        type = typeOf(textStart, pos);
        if (type == null) {
          throw errorAt(textStart, "invalid metric type \""
              + new String(buf, textStart, pos - textStart, StandardCharsets.UTF_8) + "\"");
        }
      }
      case UNIT -> {
        while (pos < end && NAME_CHAR[buf[pos] & 0xff]) {
          pos++;
        }
      }
      default -> {
        while (pos < end && buf[pos] != '\n') {
          pos++;
        }
      }
    }
    textEnd = pos;
    expect('\n', "at the end of the line");
    rules.metadata(kind);
    return kind;
  }

  private MetricType typeOf(int s, int e) {
    return switch (new String(buf, s, e - s, StandardCharsets.ISO_8859_1)) {
      case "counter" -> MetricType.COUNTER;
      case "gauge" -> MetricType.GAUGE;
      case "histogram" -> MetricType.HISTOGRAM;
      case "gaugehistogram" -> MetricType.GAUGEHISTOGRAM;
      case "summary" -> MetricType.SUMMARY;
      case "info" -> MetricType.INFO;
      case "stateset" -> MetricType.STATESET;
      case "unknown" -> MetricType.UNKNOWN;
      default -> null;
    };
  }

  private void expect(char c, String where) throws ParseException {
    if (pos >= end || buf[pos] != c) {
      throw error("expected " + (c == '\n' ? "end of line" : c == ' ' ? "a single space"
          : "'" + c + "'") + " " + where + ", got " + describe(buf, pos, end));
    }
    pos++;
  }

  private void name(boolean[] first, boolean[] rest, String what) throws ParseException {
    final byte[] b = buf;
    if (pos >= end || !first[b[pos] & 0xff]) {
      throw error("expected " + what + ", got " + describe(b, pos, end));
    }
    pos++;
    while (pos < end && rest[b[pos] & 0xff]) {
      pos++;
    }
  }

  private void sample() throws ParseException {
    final byte[] b = buf;
    labelCount = 0;
    nameFlags = 0;
    seriesStart = pos;
    nameStart = pos;
    name(NAME_START, NAME_CHAR, "metric name");
    nameEnd = pos;
    if (pos < end && b[pos] == '{') {
      labelSet(false);
    }
    seriesEnd = pos;
    expect(' ', "before the value");
    valueStart = pos;
    value = number(true, "value");
    hasTs = false;
    hasExemplar = false;
    if (pos < end && b[pos] == ' ') {
      pos++;
      if (pos < end && b[pos] != '#') {
        tsSeconds = number(false, "timestamp");
        tsMillis = toMillis(tsSeconds);
        hasTs = true;
        if (pos < end && b[pos] == ' ') {
          pos++;
          exemplar();
        }
      } else {
        exemplar();
      }
    }
    expect('\n', "after the sample");
  }

  private void exemplar() throws ParseException {
    if (pos + 2 >= end || buf[pos] != '#' || buf[pos + 1] != ' ' || buf[pos + 2] != '{') {
      throw error("expected an exemplar \"# {...} value\", got " + describe(buf, pos, end));
    }
    pos += 2;
    exLabelCount = 0;
    int start = pos;
    labelSet(true);
    if (exemplarRunes() > 128) {
      throw errorAt(start, "exemplar label names and values exceed 128 characters");
    }
    expect(' ', "before the exemplar value");
    exValue = number(true, "exemplar value");
    exHasTs = false;
    if (pos < end && buf[pos] == ' ') {
      pos++;
      exTsMillis = toMillis(number(false, "exemplar timestamp"));
      exHasTs = true;
    }
    hasExemplar = true;
  }

  private int exemplarRunes() {
    int n = 0;
    for (int b = 0, e = exLabelCount * SLOTS; b < e; b += SLOTS) {
      n += exLabels[b + 1] - exLabels[b];
      if ((exLabels[b + 4] & F_VALUE_ESC) != 0) {
        int len = unescape(exLabels[b + 2], exLabels[b + 3], true);
        n += runes(scratch, 0, len);
      } else {
        n += runes(buf, exLabels[b + 2], exLabels[b + 3]);
      }
    }
    return n;
  }

  private static int runes(byte[] a, int from, int to) {
    int n = 0;
    for (int i = from; i < to; i++) {
      if ((a[i] & 0xC0) != 0x80) { // count every byte but UTF-8 continuation bytes
        n++;
      }
    }
    return n;
  }

  /** Parses '{' label (',' label)* '}' or '{}' with no blanks, as the ABNF says. */
  private void labelSet(boolean exemplar) throws ParseException {
    final byte[] b = buf;
    pos++; // '{'
    if (pos < end && b[pos] == '}') {
      pos++;
      return;
    }
    while (true) {
      int ns = pos;
      name(LABEL_START, LABEL_CHAR, "label name");
      int ne = pos;
      if (ne - ns >= 2 && b[ns] == '_' && b[ns + 1] == '_') {
        // Reserved for the ingestor (like __name__); an exposition must not set them.
        throw errorAt(ns, "label names starting with \"__\" are reserved");
      }
      expect('=', "after the label name");
      if (pos >= end || b[pos] != '"') {
        throw error("expected '\"' to start the label value, got " + describe(b, pos, end));
      }
      int vs = pos + 1;
      int flags = scanQuoted() ? F_VALUE_ESC : 0;
      if (exemplar) {
        addExemplarLabel(ns, ne, vs, pos - 1, flags);
      } else {
        addLabel(ns, ne, vs, pos - 1, flags);
      }
      if (pos < end && b[pos] == ',') {
        pos++;
        continue;
      }
      expect('}', "after the label value");
      return;
    }
  }

  /** A number up to the next space or line end; timestamps must be real numbers. */
  private double number(boolean allowSpecial, String what) throws ParseException {
    int s = pos;
    while (pos < end && buf[pos] != ' ' && buf[pos] != '\n') {
      pos++;
    }
    double d = Numbers.parse(buf, s, pos, allowSpecial);
    if (Numbers.failed(d)) {
      throw errorAt(s, s == pos ? "missing " + what : "invalid " + what + " \""
          + new String(buf, s, pos - s, StandardCharsets.UTF_8) + "\"");
    }
    return d;
  }

  private static long toMillis(double seconds) {
    // Rounds to the nearest millisecond: 4.35 s is 4350 ms although 4.35 * 1000 < 4350.
    return Math.round(seconds * 1000.0);
  }

  /** The label slot base whose name equals {@code name}, or -1. */
  int findLabel(byte[] name) {
    for (int b = 0, e = labelCount * SLOTS; b < e; b += SLOTS) {
      if (java.util.Arrays.equals(buf, labels[b], labels[b + 1], name, 0, name.length)) {
        return b;
      }
    }
    return -1;
  }
}
