package dev.vigil.server.promql.parser;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Property: any text either parses or fails with a ParseException whose position lies inside
 * the query; nothing else escapes (no index, number-format or arithmetic exceptions).
 * Inputs are the canonical cases with characters deleted, duplicated and swapped in.
 */
class FuzzTest {
  private static final String ALPHABET = "(){}[],:@=!~<>+-*/%^\"'`\\#.0123456789eEmshxabyz_ \n";

  @Test
  void mutatedQueriesFailOnlyWithParseErrors() throws IOException {
    List<ParserCasesTest.Case> seeds = ParserCasesTest.cases("canonical.txt");
    Random rnd = new Random(42);
    int parsed = 0;
    for (int i = 0; i < 20000; i++) {
      StringBuilder q = new StringBuilder(seeds.get(rnd.nextInt(seeds.size())).query());
      for (int m = rnd.nextInt(3) + 1; m > 0 && q.length() > 0; m--) {
        int at = rnd.nextInt(q.length());
        switch (rnd.nextInt(3)) {
          case 0 -> q.deleteCharAt(at);
          case 1 -> q.insert(at, q.charAt(at));
          default -> q.setCharAt(at, ALPHABET.charAt(rnd.nextInt(ALPHABET.length())));
        }
      }
      String query = q.toString();
      try {
        Expr e = PromQL.parse(query);
        parsed++;
        assertThat(PromQL.parse(e.toString()).toString()).as(query).isEqualTo(e.toString());
      } catch (ParseException expected) {
        assertThat(expected.position()).as(query).isBetween(0, query.length());
      } catch (RuntimeException other) {
        throw new AssertionError("query " + Printer.quote(query) + " threw " + other, other);
      }
    }
    assertThat(parsed).isGreaterThan(1000);
  }
}
