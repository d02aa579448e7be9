package dev.vigil.server.promql.script;

import dev.vigil.server.config.Durations;
import dev.vigil.server.model.Labels;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Parses promqltest scripts: {@code load}, {@code load_with_nhcb}, {@code clear}, {@code eval}
 * (and the deprecated {@code eval_fail}, {@code eval_warn}, {@code eval_info},
 * {@code eval_ordered}) with their blocks. As in Prometheus, lines are trimmed, a line starting
 * with {@code #} counts as blank, and a blank line ends a block. Stops at the first error.
 */
public final class ScriptParser {
  private final String file;
  private final String[] lines;
  /** The current line, 0-based. */
  private int n;

  private ScriptParser(String file, String text) {
    this.file = file;
    this.lines = text.split("\r?\n", -1);
  }

  /** Parses {@code text}; {@code file} names it in error messages. */
  public static Script parse(String file, String text) throws ScriptSyntaxException {
    ScriptParser p = new ScriptParser(file, text);
    try {
      return new Script(file, p.commands());
    } catch (ScriptSyntaxException e) {
      throw e.inFile(file);
    }
  }

  private List<Command> commands() throws ScriptSyntaxException {
    List<Command> out = new ArrayList<>();
    for (n = 0; n < lines.length; n++) {
      if (blank(n)) {
        continue;
      }
      Words w = words(n);
      String first = w.next().toLowerCase(Locale.ROOT);
      if (first.equals("clear")) {
        if (!w.rest().isEmpty()) {
          throw w.error("unexpected text after clear");
        }
        out.add(new Command.Clear(n + 1));
      } else if (first.startsWith("load")) {
        out.add(load(w, first));
      } else if (first.startsWith("eval")) {
        out.add(EvalParser.parse(this, w, first));
      } else {
        throw new ScriptSyntaxException(n + 1, w.column(),
            "invalid command \"" + first + "\": expected load, clear or eval");
      }
    }
    return out;
  }

  private Command.Load load(Words w, String keyword) throws ScriptSyntaxException {
    boolean nhcb = keyword.equals("load_with_nhcb");
    if (!nhcb && !keyword.equals("load")) {
      throw w.error("invalid command \"" + keyword + "\": expected load or load_with_nhcb");
    }
    int line = n + 1;
    long interval = duration(w, "load interval");
    if (interval <= 0) {
      throw w.error("the load interval must be greater than 0");
    }
    if (!w.rest().isEmpty()) {
      throw w.error("unexpected text after the load interval");
    }
    Map<Labels, SeriesLine> series = new LinkedHashMap<>();
    while (n + 1 < lines.length && !blank(n + 1)) {
      n++;
      addSeriesLine(series);
    }
    return new Command.Load(line, interval, nhcb, List.copyOf(series.values()));
  }

  /**
   * Parses the series line at {@link #n} into {@code block}. A series given twice in one block
   * keeps its last points, as in Prometheus (the conformance suite relies on it).
   */
  void addSeriesLine(Map<Labels, SeriesLine> block) throws ScriptSyntaxException {
    String raw = lines[n];
    SeriesLine s = SeriesLineParser.parse(raw.strip(), n + 1, indent(raw));
    block.put(s.labels(), s);
  }

  /** Reads a Prometheus duration ({@code 1m}, {@code 10s53ms}, {@code 0}) as milliseconds. */
  static long duration(Words w, String what) throws ScriptSyntaxException {
    String word = w.next();
    if (word.isEmpty()) {
      throw w.error("missing " + what);
    }
    try {
      return Durations.parse(word).toMillis();
    } catch (IllegalArgumentException e) {
      throw w.error("invalid " + what + " \"" + word + "\": " + e.getMessage());
    }
  }

  boolean blank(int i) {
    String t = lines[i].strip();
    return t.isEmpty() || t.startsWith("#");
  }

  boolean hasLine(int i) {
    return i < lines.length;
  }

  String line(int i) {
    return lines[i];
  }

  int current() {
    return n;
  }

  void advance() {
    n++;
  }

  Words words(int i) {
    return new Words(lines[i], i + 1);
  }

  private static int indent(String raw) {
    int i = 0;
    while (i < raw.length() && Character.isWhitespace(raw.charAt(i))) {
      i++;
    }
    return i;
  }

  /** Reads a line word by word, remembering columns for error messages. */
  static final class Words {
    private final String s;
    private final int lineNo;
    private int pos;
    private int wordStart;

    Words(String s, int lineNo) {
      this.s = s;
      this.lineNo = lineNo;
      skip();
    }

    /** The next whitespace-separated word, or "" at the end. */
    String next() {
      wordStart = pos;
      while (pos < s.length() && !Character.isWhitespace(s.charAt(pos))) {
        pos++;
      }
      String w = s.substring(wordStart, pos);
      skip();
      return w;
    }

    /** The next word when it equals {@code word} (consumed), else false (nothing consumed). */
    boolean accept(String word) {
      int save = pos;
      int saveStart = wordStart;
      if (next().equals(word)) {
        return true;
      }
      pos = save;
      wordStart = saveStart;
      return false;
    }

    /** Everything after the words read so far, trimmed. */
    String rest() {
      wordStart = pos;
      return s.substring(pos).strip();
    }

    /** 1-based column of where the rest starts. */
    int restColumn() {
      return pos + 1;
    }

    int column() {
      return wordStart + 1;
    }

    ScriptSyntaxException error(String detail) {
      return new ScriptSyntaxException(lineNo, wordStart + 1, detail);
    }

    private void skip() {
      while (pos < s.length() && Character.isWhitespace(s.charAt(pos))) {
        pos++;
      }
    }
  }
}
