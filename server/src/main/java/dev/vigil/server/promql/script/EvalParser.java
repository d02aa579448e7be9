package dev.vigil.server.promql.script;

import dev.vigil.server.model.Labels;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Parses one {@code eval} command and its block of expectations and result lines. */
final class EvalParser {
  private final ScriptParser p;
  private final int line;
  private final boolean range;
  private boolean ordered;
  private boolean noWarn;
  private boolean noInfo;
  private final List<MessageMatch> fails = new ArrayList<>();
  private final List<MessageMatch> warns = new ArrayList<>();
  private final List<MessageMatch> infos = new ArrayList<>();
  private String string;
  private Expectations.Grid rangeVector;
  private boolean legacyFail;

  private EvalParser(ScriptParser p, int line, boolean range) {
    this.p = p;
    this.line = line;
    this.range = range;
  }

  static Command.Eval parse(ScriptParser p, ScriptParser.Words w, String keyword)
      throws ScriptSyntaxException {
    int line = p.current() + 1;
    String variant = keyword.equals("eval") ? "" : keyword.startsWith("eval_")
        ? keyword.substring(5) : null;
    if (variant == null || !(variant.isEmpty() || variant.equals("fail")
        || variant.equals("warn") || variant.equals("info") || variant.equals("ordered"))) {
      throw w.error("invalid command \"" + keyword
          + "\": expected eval, eval_fail, eval_warn, eval_info or eval_ordered");
    }
    String mode = w.next();
    long start;
    long end;
    long step = 0;
    if (mode.equals("instant")) {
      start = w.accept("at") ? ScriptParser.duration(w, "evaluation time") : 0;
      end = start;
    } else if (mode.equals("range")) {
      if (variant.equals("ordered")) {
        throw w.error("eval_ordered only applies to instant queries");
      }
      expectWord(w, "from");
      start = ScriptParser.duration(w, "start time");
      expectWord(w, "to");
      end = ScriptParser.duration(w, "end time");
      expectWord(w, "step");
      step = ScriptParser.duration(w, "step");
      if (end < start) {
        throw w.error("the end time is before the start time");
      }
      if (step <= 0) {
        throw w.error("the step must be greater than 0");
      }
    } else {
      throw w.error("expected \"instant\" or \"range\" after " + keyword + ", found \""
          + mode + "\"");
    }
    int exprColumn = w.restColumn();
    String expr = w.rest();
    if (expr.isEmpty()) {
      throw new ScriptSyntaxException(line, exprColumn, "missing the query expression");
    }
    EvalParser e = new EvalParser(p, line, mode.equals("range"));
    switch (variant) {
      case "fail" -> {
        e.fails.add(MessageMatch.ANY);
        e.legacyFail = true;
      }
      case "warn" -> e.warns.add(MessageMatch.ANY);
      case "info" -> e.infos.add(MessageMatch.ANY);
      case "ordered" -> e.ordered = true;
      default -> { }
    }
    return e.block(p.line(line - 1).strip(), expr, start, end, step);
  }

  private Command.Eval block(String source, String expr, long start, long end, long step)
      throws ScriptSyntaxException {
    Map<Labels, SeriesLine> series = new LinkedHashMap<>();
    Double scalar = null;
    int scalarLine = 0;
    while (p.hasLine(p.current() + 1) && !p.blank(p.current() + 1)) {
      p.advance();
      int lineNo = p.current() + 1;
      String text = p.line(p.current()).strip();
      ScriptParser.Words w = p.words(p.current());
      String first = w.next();
      if (first.equals("expected_fail_message") || first.equals("expected_fail_regexp")) {
        legacyFailMessage(w, first);
      } else if (first.equals("expect")) {
        expect(w);
      } else if (isNumber(text)) {
        if (scalar != null || !series.isEmpty()) {
          throw new ScriptSyntaxException(lineNo, w.column(),
              "a scalar result must be the only result line");
        }
        scalar = Numbers.parse(text);
        scalarLine = lineNo;
      } else {
        if (scalar != null) {
          throw new ScriptSyntaxException(lineNo, w.column(),
              "a series cannot follow the scalar result on line " + scalarLine);
        }
        p.addSeriesLine(series);
      }
    }
    if (string != null && (scalar != null || !series.isEmpty())) {
      throw new ScriptSyntaxException(line, 0, "expect string cannot be combined with result lines");
    }
    if (!range && rangeVector == null) {
      for (SeriesLine s : series.values()) {
        if (s.points().size() != 1 || s.points().kind(0) == Points.OMITTED) {
          throw new ScriptSyntaxException(s.line(), 0, "an instant query expects exactly one value"
              + " per series (use 'expect range vector' for a range vector result)");
        }
      }
    }
    Expectations x = new Expectations(ordered, noWarn, noInfo, fails, warns, infos, string,
        rangeVector);
    return new Command.Eval(line, source, expr, range, start, end, step, x,
        List.copyOf(series.values()), scalar);
  }

  private void expect(ScriptParser.Words w) throws ScriptSyntaxException {
    String type = w.next().toLowerCase(Locale.ROOT);
    switch (type) {
      case "ordered", "no_warn", "no_info" -> {
        if (type.equals("ordered") && range) {
          throw w.error("expect ordered only applies to instant queries: range results are"
              + " always sorted by labels");
        }
        if (!w.rest().isEmpty()) {
          throw w.error("expect " + type + " takes no message");
        }
        if (type.equals("ordered")) {
          ordered = true;
        } else if (type.equals("no_warn")) {
          noWarn = true;
        } else {
          noInfo = true;
        }
      }
      case "fail" -> fails.add(message(w, type));
      case "warn" -> warns.add(message(w, type));
      case "info" -> infos.add(message(w, type));
      case "string" -> {
        instantOnly(w, "expect string");
        int column = w.restColumn();
        string = SeriesLineParser.unquote(w.rest(), p.current() + 1, column - 1);
      }
      case "range" -> {
        instantOnly(w, "expect range vector");
        expectWord(w, "vector");
        w.accept("from");
        long start = ScriptParser.duration(w, "range vector start");
        expectWord(w, "to");
        long end = ScriptParser.duration(w, "range vector end");
        expectWord(w, "step");
        long step = ScriptParser.duration(w, "range vector step");
        if (step <= 0 || end < start) {
          throw w.error("the range vector needs a step > 0 and an end not before its start");
        }
        if (!w.rest().isEmpty()) {
          throw w.error("unexpected text after expect range vector");
        }
        rangeVector = new Expectations.Grid(start, end, step);
      }
      default -> throw w.error("unknown expectation \"" + type + "\": expected fail, warn, info,"
          + " no_warn, no_info, ordered, string or range vector");
    }
  }

  /** {@code msg: text}, {@code regex: pattern}, or nothing (any message). */
  private MessageMatch message(ScriptParser.Words w, String type) throws ScriptSyntaxException {
    String rest = w.rest();
    if (rest.isEmpty()) {
      return MessageMatch.ANY;
    }
    int colon = rest.indexOf(':');
    String kind = colon < 0 ? rest : rest.substring(0, colon);
    String text = colon < 0 ? "" : rest.substring(colon + 1).strip();
    if (colon < 0 || !(kind.equals("msg") || kind.equals("regex"))) {
      throw w.error("expect " + type + " takes \"msg: text\" or \"regex: pattern\", found \""
          + rest + "\"");
    }
    if (text.isEmpty()) {
      throw w.error("expect " + type + " " + kind + ": needs a non-empty " + (kind.equals("msg")
          ? "message" : "pattern"));
    }
    if (kind.equals("msg")) {
      return MessageMatch.exact(text);
    }
    try {
      return MessageMatch.regex(text);
    } catch (IllegalArgumentException e) {
      throw w.error(e.getMessage());
    }
  }

  private void legacyFailMessage(ScriptParser.Words w, String keyword)
      throws ScriptSyntaxException {
    if (!legacyFail) {
      throw w.error(keyword + " is only allowed after eval_fail");
    }
    String text = w.rest();
    MessageMatch m;
    try {
      m = keyword.equals("expected_fail_message") ? MessageMatch.exact(text)
          : MessageMatch.regex(text);
    } catch (IllegalArgumentException e) {
      throw w.error(e.getMessage());
    }
    // It narrows eval_fail's "any error" down to this one.
    fails.remove(MessageMatch.ANY);
    fails.add(m);
  }

  private void instantOnly(ScriptParser.Words w, String what) throws ScriptSyntaxException {
    if (range) {
      throw w.error(what + " only applies to instant queries");
    }
  }

  private static void expectWord(ScriptParser.Words w, String word) throws ScriptSyntaxException {
    String got = w.next();
    if (!got.equals(word)) {
      throw w.error("expected \"" + word + "\", found " + (got.isEmpty() ? "the end of the line"
          : "\"" + got + "\""));
    }
  }

  private static boolean isNumber(String text) {
    try {
      Numbers.parse(text);
      return true;
    } catch (NumberFormatException e) {
      return false;
    }
  }
}
