package dev.vigil.server.promql.parser;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Table-driven parser cases from {@code canonical.txt} (query ==> printed form) and
 * {@code errors.txt} (query ==> error). A query may continue on following lines until the line
 * holding {@code ==>}.
 */
class ParserCasesTest {

  record Case(int line, String query, String expected) {}

  @TestFactory
  Stream<DynamicTest> canonicalForms() throws IOException {
    return cases("canonical.txt").stream().map(c -> DynamicTest.dynamicTest(
        c.line() + ": " + c.query(), () -> {
          Expr e = PromQL.parse(c.query());
          assertThat(e.toString()).isEqualTo(c.expected());
          assertThat(AstJson.toMap(PromQL.parse(e.toString()))).isEqualTo(AstJson.toMap(e));
        }));
  }

  @TestFactory
  Stream<DynamicTest> errors() throws IOException {
    return cases("errors.txt").stream().map(c -> DynamicTest.dynamicTest(
        c.line() + ": " + c.query(), () -> {
          var thrown = assertThatThrownBy(() -> PromQL.parse(c.query()))
              .isInstanceOf(ParseException.class);
          if (!c.expected().isEmpty() && Character.isDigit(c.expected().charAt(0))) {
            thrown.hasMessage(c.expected());
          } else {
            thrown.hasMessageContaining(c.expected());
          }
        }));
  }

  static List<Case> cases(String resource) throws IOException {
    String text;
    try (InputStream in = ParserCasesTest.class.getResourceAsStream("/promql/parser/" + resource)) {
      text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    List<Case> out = new ArrayList<>();
    StringBuilder pending = new StringBuilder();
    int start = 0;
    String[] lines = text.split("\n", -1);
    for (int i = 0; i < lines.length; i++) {
      String l = lines[i];
      if (pending.length() == 0 && (l.isBlank() || l.startsWith("#"))) {
        continue;
      }
      if (pending.length() == 0) {
        start = i + 1;
      } else {
        pending.append('\n');
      }
      int arrow = l.indexOf(" ==> ");
      if (arrow < 0 && l.startsWith("==> ")) {
        arrow = -1;
        out.add(new Case(start, pending.toString(), l.substring(4)));
        pending.setLength(0);
        continue;
      }
      if (arrow < 0) {
        pending.append(l);
        continue;
      }
      pending.append(l, 0, arrow);
      out.add(new Case(start, pending.toString(), l.substring(arrow + 5)));
      pending.setLength(0);
    }
    return out;
  }
}
