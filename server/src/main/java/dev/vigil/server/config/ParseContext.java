package dev.vigil.server.config;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * State shared by the section parsers of one file: the source name for messages, the directory
 * relative file names are resolved against, the environment used by {@code external_labels}, and
 * the problems found so far (parsing goes on after an error so a user sees them all at once).
 */
public final class ParseContext {
  public final String source;
  private final Path baseDir;
  final UnaryOperator<String> env;
  final List<Problem> problems = new ArrayList<>();

  /** One problem; sorted by position so users read them in file order. */
  public record Problem(int line, int column, String text) {}

  public ParseContext(String source, Path baseDir, UnaryOperator<String> env) {
    this.source = source;
    this.baseDir = baseDir;
    this.env = env;
  }

  /** Records {@code source:line:col: path: message}. */
  public void error(Node at, String path, String message) {
    int line = at == null ? 0 : at.line();
    int col = at == null ? 0 : at.column();
    String where = at == null ? source : source + ":" + line + ":" + col;
    problems.add(new Problem(line, col, where + ": " + (path.isEmpty() ? "" : path + ": ")
        + message));
  }

  public void errorAt(int line, int column, String message) {
    problems.add(new Problem(line, column, source + ":" + line + ":" + column + ": " + message));
  }

  /** The problems as message lines, in file order. */
  public List<String> sortedProblems() {
    return problems.stream()
        .sorted(java.util.Comparator.comparingInt(Problem::line).thenComparingInt(Problem::column))
        .map(Problem::text)
        .toList();
  }

  /**
   * Resolves a file name written in the config relative to the config file's directory, as
   * Prometheus does; absolute and empty names stay as they are.
   */
  public String file(String name) {
    if (name == null || name.isEmpty() || baseDir == null || Path.of(name).isAbsolute()) {
      return name;
    }
    return baseDir.resolve(name).normalize().toString();
  }
}
