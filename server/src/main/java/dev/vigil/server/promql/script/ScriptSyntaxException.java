package dev.vigil.server.promql.script;

/**
 * A script that is not valid promqltest syntax. {@link #getMessage()} reads
 * {@code file:line:column: what is wrong} (the column is left out when it does not help).
 */
public final class ScriptSyntaxException extends Exception {
  private final int line;
  private final int column;
  private final String detail;

  ScriptSyntaxException(int line, int column, String detail) {
    this(null, line, column, detail);
  }

  private ScriptSyntaxException(String file, int line, int column, String detail) {
    super((file == null ? "" : file + ":") + line + (column > 0 ? ":" + column : "") + ": "
        + detail);
    this.line = line;
    this.column = column;
    this.detail = detail;
  }

  /** The same error, with the file name in front of the position. */
  ScriptSyntaxException inFile(String file) {
    return new ScriptSyntaxException(file, line, column, detail);
  }

  public int line() {
    return line;
  }

  public int column() {
    return column;
  }

  /** The message without the position. */
  public String detail() {
    return detail;
  }
}
