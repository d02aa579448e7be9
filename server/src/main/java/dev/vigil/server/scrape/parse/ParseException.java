package dev.vigil.server.scrape.parse;

/** Malformed exposition: carries the 1-based line and column where parsing stopped. */
public final class ParseException extends Exception {
  private final int line;
  private final int column;

  public ParseException(int line, int column, String message) {
    super("line " + line + ", column " + column + ": " + message);
    this.line = line;
    this.column = column;
  }

  public int line() {
    return line;
  }

  public int column() {
    return column;
  }
}
