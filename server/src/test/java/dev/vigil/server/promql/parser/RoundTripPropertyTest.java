package dev.vigil.server.promql.parser;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Property: for generated well-typed queries, printing and parsing again gives the same tree
 * and the same text, in both the one-line and the pretty form. Seeded, so failures reproduce.
 */
class RoundTripPropertyTest {
  private static final String[] NUMBERS = {"1", "0.5", "1e-07", "2e+10", "Inf", "NaN", "0x10",
      "1h", "-3"};
  private static final String[] SELECTORS = {"foo", "foo{a=\"b\"}", "{__name__=~\"x|y\"}",
      "bar{a!=\"\", b=~\"c.*\"}", "{\"my.metric\", \"a.b\"=\"x\\ny\"}", "baz:rate5m"};
  private static final String[] RANGES = {"5m", "1h30m", "90", "step() * 2", "max_of(step(), 5s)"};

  private final Random rnd = new Random(20261125L);

  @Test
  void printedFormsParseBackToTheSameTree() {
    for (int i = 0; i < 2000; i++) {
      String q = rnd.nextBoolean() ? vector(4) : scalar(4);
      Expr first = PromQL.parse(q);
      String printed = first.toString();
      Expr again = PromQL.parse(printed);
      assertThat(again.toString()).as(q).isEqualTo(printed);
      assertThat(AstJson.toMap(again)).as(q).isEqualTo(AstJson.toMap(first));
      Expr fromPretty = PromQL.parse(Printer.pretty(first));
      assertThat(fromPretty.toString()).as(q).isEqualTo(printed);
    }
  }

  /**
   * Operands are generated as text, so a binary expression is parenthesised to keep its type
   * when it becomes an operand itself; precedence has its own tests.
   */
  private static String group(String binary) {
    return "(" + binary + ")";
  }

  private String pick(String[] options) {
    return options[rnd.nextInt(options.length)];
  }

  private String selector() {
    String s = pick(SELECTORS);
    switch (rnd.nextInt(5)) {
      case 0: return s + " offset " + pick(new String[] {"5m", "-1h", "(1h / 2)"});
      case 1: return s + " @ " + pick(new String[] {"100", "start()", "end()", "1.5"});
      default: return s;
    }
  }

  private String vector(int depth) {
    if (depth == 0) {
      return selector();
    }
    int d = depth - 1;
    switch (rnd.nextInt(14)) {
      case 0: return "rate(" + pick(SELECTORS) + "[" + pick(RANGES) + "])";
      case 1: return "sum by (a, b) (" + vector(d) + ")";
      case 2: return "topk(" + scalar(d) + ", " + vector(d) + ") without (c)";
      case 3: return group(vector(d) + " "
          + pick(new String[] {"+", "-", "*", "/", "%", "^", "atan2"}) + " "
          + (rnd.nextBoolean() ? vector(d) : scalar(d)));
      case 4: return group(vector(d) + " * on(a) group_left(b) " + vector(d));
      case 5: return group(vector(d) + " > bool " + scalar(d));
      case 6: return group(vector(d) + " " + pick(new String[] {"and", "or", "unless"})
          + " ignoring(x) " + vector(d));
      case 7: return "-" + vector(d);
      case 8: return "(" + vector(d) + ")";
      case 9: return "max_over_time((" + vector(d) + ")[" + pick(RANGES) + ":" 
          + pick(new String[] {"", "1m"}) + "])";
      case 10: return "label_replace(" + vector(d) + ", \"dst\", \"$1\", \"src\", \"(.*)\")";
      case 11: return "count_values(\"v\", " + vector(d) + ")";
      case 12: return group(vector(d) + " + fill(0) " + vector(d));
      default: return "histogram_quantile(0.9, " + vector(d) + ")";
    }
  }

  private String scalar(int depth) {
    if (depth == 0) {
      return pick(NUMBERS);
    }
    int d = depth - 1;
    switch (rnd.nextInt(6)) {
      case 0: return "scalar(" + vector(d) + ")";
      case 1: return "time()";
      case 2: return group(scalar(d) + " " + pick(new String[] {"+", "-", "*", "/", "^"}) + " "
          + scalar(d));
      case 3: return "(" + scalar(d) + ")";
      case 4: return group(scalar(d) + " == bool " + scalar(d));
      default: return pick(NUMBERS);
    }
  }
}
