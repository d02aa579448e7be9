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
    this(position, lineOf(query, position), position - lastLineBreak(query, position), detail);
  }

  private ParseException(int position, int line, int column, String detail) {
    super(line + ":" + column + ": parse error: " + detail);
    this.position = position;
    this.line = line;
    this.column = column;
    this.detail = detail;
  }

  private static int lineOf(String query, int position) {
    int line = 1;
    for (int i = 0; i < Math.min(position, query.length()); i++) {
      if (query.charAt(i) == '\n') {
        line++;
      }
    }
    return line;
  }

  private static int lastLineBreak(String query, int position) {
    return query.lastIndexOf('\n', Math.min(position, query.length()) - 1);
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
