package dev.vigil.server.promql.parser;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.io.IOException;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/** Every query of the conformance scripts parses, and printing it gives a query that parses the same. */
class ConformanceParseTest {

  @TestFactory
  Stream<DynamicTest> everyEvalQueryParses() throws IOException {
    return ConformanceQueries.load().stream().filter(q -> !q.mayFail()).map(q ->
        DynamicTest.dynamicTest(q.toString(),
            () -> assertThatCode(() -> PromQL.parse(q.text())).doesNotThrowAnyException()));
  }

  @TestFactory
  Stream<DynamicTest> printedFormParsesToTheSameTree() throws IOException {
    return ConformanceQueries.load().stream().filter(q -> parses(q.text())).map(q ->
        DynamicTest.dynamicTest(q.toString(), () -> {
          Expr first = PromQL.parse(q.text());
          String printed = first.toString();
          Expr second = PromQL.parse(printed);
          assertThat(AstJson.toMap(second)).as(printed).isEqualTo(AstJson.toMap(first));
          assertThat(second.toString()).isEqualTo(printed);
          Expr fromPretty = PromQL.parse(Printer.pretty(first));
          assertThat(AstJson.toMap(fromPretty)).isEqualTo(AstJson.toMap(first));
        }));
  }

  @Test
  void theScriptsHaveManyQueries() throws IOException {
    List<ConformanceQueries.Query> all = ConformanceQueries.load();
    assertThat(all).hasSizeGreaterThan(500);
  }

  private static boolean parses(String q) {
    try {
      PromQL.parse(q);
      return true;
    } catch (ParseException e) {
      return false;
    }
  }
}
