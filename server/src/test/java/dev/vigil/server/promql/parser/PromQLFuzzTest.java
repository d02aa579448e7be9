package dev.vigil.server.promql.parser;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Timeout;

/**
 * Fuzzes the PromQL parser, which reads queries from any HTTP client. Allowed out: a
 * {@link ParseException} whose position lies inside the query. And when a query parses, the
 * printer must be its inverse: the printed form, and the pretty form, parse again to the same
 * tree and print identically. Anything else is a finding.
 *
 * <p>Without {@code JAZZER_FUZZ} the seeds under {@code PromQLFuzzTestInputs/} run as ordinary
 * tests; see docs/fuzzing.md for the fuzzing runs.
 */
class PromQLFuzzTest {
  /** Real queries are short; long inputs only slow each run. */
  private static final int MAX_INPUT = 4096;

  @FuzzTest(maxDuration = "10s")
  @Timeout(30)
  void parseAndPrint(byte[] data) {
    if (data.length > MAX_INPUT) {
      return;
    }
    String query = new String(data, StandardCharsets.UTF_8);
    Expr first;
    try {
      first = PromQL.parse(query);
    } catch (ParseException expected) {
      if (expected.position() < 0 || expected.position() > query.length()) {
        throw new IllegalStateException("error position " + expected.position()
            + " outside the query of length " + query.length(), expected);
      }
      return;
    }
    String printed = Printer.print(first);
    sameAs(printed, first, printed, "printed");
    sameAs(printed, first, Printer.pretty(first), "pretty-printed");
  }

  private static void sameAs(String printed, Expr first, String text, String form) {
    Expr again;
    try {
      again = PromQL.parse(text);
    } catch (ParseException e) {
      throw new AssertionError("the " + form + " form " + Printer.quote(text)
          + " does not parse: " + e.getMessage(), e);
    }
    String reprinted = Printer.print(again);
    if (!reprinted.equals(printed)) {
      throw new AssertionError("the " + form + " form " + Printer.quote(text) + " prints as "
          + Printer.quote(reprinted) + ", not " + Printer.quote(printed));
    }
    if (!AstJson.toMap(again).equals(AstJson.toMap(first))) {
      throw new AssertionError("the " + form + " form " + Printer.quote(text)
          + " parses to another tree than " + Printer.quote(printed));
    }
  }
}
