package dev.vigil.server.promql.parser;

/**
 * A query that does not parse or type-check. The message reads like Prometheus's:
 * {@code 1:5: parse error: unexpected end of input}; {@link #detail()} is the part after it.
 */
public final class ParseException extends RuntimeException {
  private final int position;
  private final int line;
  private final int column;
  private final String detail;

  public ParseException(String query, int position, String detail) {
    super(format(query, position, detail));
    this.position = position;
    int ln = 1;
    int lastBreak = -1;
    for (int i = 0; i < Math.min(position, query.length()); i++) {
      if (query.charAt(i) == '\n') {
        ln++;
        lastBreak = i;
      }
    }
    this.line = ln;
    this.column = position - lastBreak;
    this.detail = detail;
  }

  private static String format(String query, int position, String detail) {
    int ln = 1;
    int lastBreak = -1;
    for (int i = 0; i < Math.min(position, query.length()); i++) {
      if (query.charAt(i) == '\n') {
        ln++;
        lastBreak = i;
      }
    }
    return ln + ":" + (position - lastBreak) + ": parse error: " + detail;
  }

  /** Character offset of the error in the query. */
  public int position() {
    return position;
  }

  /** 1-based line. */
  public int line() {
    return line;
  }

  /** 1-based column within the line. */
  public int column() {
    return column;
  }

  /** The message without the position prefix. */
  public String detail() {
    return detail;
  }
}
