package dev.vigil.server.scrape.parse;

/**
 * The Prometheus text format 0.0.4, as lenient as Prometheus itself: blanks and tabs between
 * tokens, blank lines, a trailing comma in label sets, {@code \r\n} line ends, arbitrary
 * comments, and the Prometheus 3 quoted UTF-8 names ({@code {"my.metric","label.name"="v"}}).
 * Values follow Go's float syntax without hex floats and underscores; timestamps are integer
 * milliseconds.
 */
public final class TextParser extends BaseParser {
  private static final byte[] NAME_LABEL =
      "__name__".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
  private final boolean[] ok = new boolean[1];

  /** Parses {@code buf[0, len)} with a private string cache. */
  public TextParser(byte[] buf, int len) {
    super(buf, len, null);
  }

  /** Parses {@code buf[0, len)}, interning strings in {@code cache} (kept across scrapes). */
  public TextParser(byte[] buf, int len, StringCache cache) {
    super(buf, len, cache);
  }

  public TextParser(byte[] buf) {
    this(buf, buf.length);
  }

  @Override
  boolean helpEscapesQuote() {
    return false;
  }

  @Override
  public Entry next() throws ParseException {
    final byte[] b = buf;
    while (pos < end) {
      line++;
      lineStart = pos;
      skipBlanks();
      if (pos >= end) {
        return null;
      }
      byte c = b[pos];
      if (c == '\n') {
        pos++;
        continue;
      }
      if (c == '\r' && (pos + 1 == end || b[pos + 1] == '\n')) {
        pos = Math.min(end, pos + 2);
        continue;
      }
      if (c == '#') {
        return commentLine();
      }
      sample();
      return Entry.SERIES;
    }
    return null;
  }

  private void skipBlanks() {
    final byte[] b = buf;
    while (pos < end && (b[pos] == ' ' || b[pos] == '\t')) {
      pos++;
    }
  }

  /** At end of line (after optional blanks and \r): consumes the line feed. */
  private void endOfLine(String what) throws ParseException {
    skipBlanks();
    if (pos < end && buf[pos] == '\r') {
      pos++;
    }
    if (pos < end) {
      if (buf[pos] != '\n') {
        throw error("unexpected " + describe(buf, pos, end) + " after " + what);
      }
      pos++;
    }
  }

  private Entry commentLine() throws ParseException {
    pos++; // '#'
    skipBlanks();
    boolean help = startsWithWord("HELP");
    if (help || startsWithWord("TYPE")) {
      pos += 4;
      skipBlanks();
      metaName();
      if (help) {
        // The docstring runs to the end of the line; one or more blanks separate it.
        skipBlanks();
        textStart = pos;
        textEnd = lineEnd();
        pos = textEnd < end ? textEnd + 1 : end;
        if (textEnd > textStart && buf[textEnd - 1] == '\r') {
          textEnd--;
        }
        return Entry.HELP;
      }
      if (pos >= end || (buf[pos] != ' ' && buf[pos] != '\t')) {
        throw error("expected a blank and a type after the metric name");
      }
      skipBlanks();
      int s = pos;
      while (pos < end && buf[pos] != ' ' && buf[pos] != '\t' && buf[pos] != '\n'
          && buf[pos] != '\r') {
        pos++;
      }
      type = typeOf(s, pos);
      if (type == null) {
        throw errorAt(s, "invalid metric type \"" + new String(buf, s, pos - s,
            java.nio.charset.StandardCharsets.UTF_8) + "\"");
      }
      endOfLine("the type");
      return Entry.TYPE;
    }
    textStart = pos;
    textEnd = lineEnd();
    pos = textEnd < end ? textEnd + 1 : end;
    if (textEnd > textStart && buf[textEnd - 1] == '\r') {
      textEnd--;
    }
    return Entry.COMMENT;
  }

  private int lineEnd() {
    int i = pos;
    while (i < end && buf[i] != '\n') {
      i++;
    }
    return i;
  }

  /** {@code word} followed by a blank (HELP/TYPE need one to count as metadata). */
  private boolean startsWithWord(String word) {
    if (pos + word.length() >= end) {
      return false;
    }
    for (int i = 0; i < word.length(); i++) {
      if (buf[pos + i] != word.charAt(i)) {
        return false;
      }
    }
    byte c = buf[pos + word.length()];
    return c == ' ' || c == '\t';
  }

  private void metaName() throws ParseException {
    metaNameFlags = 0;
    if (pos < end && buf[pos] == '"') {
      int s = pos;
      boolean esc = scanQuoted();
      metaNameStart = s + 1;
      metaNameEnd = pos - 1;
      metaNameFlags = esc ? F_NAME_ESC : 0;
      if (metaNameEnd == metaNameStart) {
        throw errorAt(s, "empty metric name");
      }
    } else {
      metaNameStart = pos;
      scanName(NAME_START, NAME_CHAR, "metric name");
      metaNameEnd = pos;
    }
    if (pos < end && buf[pos] != ' ' && buf[pos] != '\t' && buf[pos] != '\n'
        && buf[pos] != '\r') {
      throw error("invalid character " + describe(buf, pos, end) + " in metric name");
    }
  }

  private MetricType typeOf(int s, int e) {
    return switch (new String(buf, s, e - s, java.nio.charset.StandardCharsets.ISO_8859_1)) {
      case "counter" -> MetricType.COUNTER;
      case "gauge" -> MetricType.GAUGE;
      case "histogram" -> MetricType.HISTOGRAM;
      case "summary" -> MetricType.SUMMARY;
      case "untyped" -> MetricType.UNKNOWN;
      default -> null;
    };
  }

  private void scanName(boolean[] first, boolean[] rest, String what) throws ParseException {
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
    nameStart = -1;
    seriesStart = pos;
    if (b[pos] != '{') {
      nameStart = pos;
      scanName(NAME_START, NAME_CHAR, "metric name");
      nameEnd = pos;
      seriesEnd = pos;
      int afterName = pos;
      skipBlanks();
      if (pos >= end || b[pos] != '{') {
        pos = afterName; // the blanks separate the value
      }
    }
    if (pos < end && b[pos] == '{') {
      pos++;
      labelSet();
      seriesEnd = pos;
    }
    if (nameStart < 0) {
      throw errorAt(seriesStart, "missing metric name");
    }
    if (pos >= end || (b[pos] != ' ' && b[pos] != '\t')) {
      throw error("expected a blank and a value, got " + describe(b, pos, end));
    }
    skipBlanks();
    int vs = pos;
    while (pos < end && b[pos] != ' ' && b[pos] != '\t' && b[pos] != '\n' && b[pos] != '\r') {
      pos++;
    }
    double v = Numbers.parse(b, vs, pos, true);
    if (Numbers.failed(v)) {
      throw errorAt(vs, vs == pos ? "missing value" : "invalid value \""
          + new String(b, vs, pos - vs, java.nio.charset.StandardCharsets.UTF_8) + "\"");
    }
    value = v;
    hasTs = false;
    skipBlanks();
    if (pos < end && b[pos] != '\n' && b[pos] != '\r') {
      int ts = pos;
      while (pos < end && b[pos] != ' ' && b[pos] != '\t' && b[pos] != '\n' && b[pos] != '\r') {
        pos++;
      }
      long t = Numbers.parseLong(b, ts, pos, ok);
      if (!ok[0]) {
        throw errorAt(ts, "invalid timestamp \""
            + new String(b, ts, pos - ts, java.nio.charset.StandardCharsets.UTF_8) + "\"");
      }
      hasTs = true;
      tsMillis = t;
    }
    endOfLine("the sample");
  }

  /** After '{': labels up to and including '}'; a quoted bare string names the metric. */
  private void labelSet() throws ParseException {
    final byte[] b = buf;
    while (true) {
      skipBlanks();
      if (pos >= end) {
        throw error("unterminated label set");
      }
      if (b[pos] == '}') {
        pos++;
        return;
      }
      int ns = pos;
      int ne;
      int flags = 0;
      if (b[pos] == '"') {
        boolean esc = scanQuoted();
        ns++;
        ne = pos - 1;
        flags = F_NAME_QUOTED | (esc ? F_NAME_ESC : 0);
        skipBlanks();
        if (pos < end && (b[pos] == ',' || b[pos] == '}')) {
          // {"metric.name", ...}: the Prometheus 3 form for names outside the legacy charset.
          if (nameStart >= 0) {
            throw errorAt(ns - 1, "metric name given twice");
          }
          if (ne == ns) {
            throw errorAt(ns - 1, "empty metric name");
          }
          nameStart = ns;
          nameEnd = ne;
          nameFlags = esc ? F_NAME_ESC : 0;
          if (b[pos] == ',') {
            pos++;
          }
          continue;
        }
        if (ne == ns) {
          throw errorAt(ns - 1, "empty label name");
        }
      } else {
        scanName(LABEL_START, LABEL_CHAR, "label name");
        ne = pos;
        skipBlanks();
      }
      if (pos >= end || b[pos] != '=') {
        throw error("expected '=' after label name, got " + describe(b, pos, end));
      }
      pos++;
      skipBlanks();
      if (pos >= end || b[pos] != '"') {
        throw error("expected '\"' to start the label value, got " + describe(b, pos, end));
      }
      if (ne - ns == 8 && java.util.Arrays.equals(b, ns, ne, NAME_LABEL, 0, 8)) {
        // labels() sets __name__ from the metric name; a label would silently replace it.
        throw errorAt(ns, "__name__ is not allowed as a label name");
      }
      int vs = pos + 1;
      if (scanQuoted()) {
        flags |= F_VALUE_ESC;
      }
      int ve = pos - 1;
      addLabel(ns, ne, vs, ve, flags);
      skipBlanks();
      if (pos < end && b[pos] == ',') {
        pos++;
      } else if (pos >= end || b[pos] != '}') {
        throw error("expected ',' or '}' after label value, got " + describe(b, pos, end));
      }
    }
  }
}
