package dev.vigil.server.promql.parser;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** AstJson: the /api/v1/parse_query shape. */
class AstJsonTest {

  private static Map<String, Object> sel(String name) {
    Map<String, Object> m = new java.util.LinkedHashMap<>();
    m.put("type", "vectorSelector");
    m.put("name", name);
    m.put("offset", 0L);
    m.put("matchers", List.of(Map.of("name", "__name__", "type", "=", "value", name)));
    m.put("timestamp", null);
    m.put("startOrEnd", null);
    return m;
  }

  @Test
  void binaryExpressionLikeTheApiDocExample() {
    Map<String, Object> m = AstJson.toMap(PromQL.parse("foo/bar"));
    assertThat(m).containsEntry("type", "binaryExpr").containsEntry("op", "/")
        .containsEntry("bool", false).containsEntry("lhs", sel("foo"))
        .containsEntry("rhs", sel("bar"))
        .containsEntry("matching", Map.of("card", "one-to-one", "include", List.of(),
            "labels", List.of(), "on", false));
  }

  @Test
  void scalarOperandsHaveNoMatching() {
    assertThat(AstJson.toMap(PromQL.parse("foo * 2"))).containsEntry("matching", null);
    assertThat(AstJson.toMap(PromQL.parse("foo and on(a) bar")).get("matching")).isEqualTo(
        Map.of("card", "many-to-many", "include", List.of(), "labels", List.of("a"), "on", true));
  }

  @Test
  void matrixSubqueryAndModifiers() {
    Map<String, Object> m = AstJson.toMap(PromQL.parse("foo[5m] offset 1m @ 100"));
    assertThat(m).containsEntry("type", "matrixSelector").containsEntry("range", 300000L)
        .containsEntry("offset", 60000L).containsEntry("timestamp", 100000L)
        .containsEntry("startOrEnd", null);
    Map<String, Object> s = AstJson.toMap(PromQL.parse("rate(foo[1m])[10m:] @ end()"));
    assertThat(s).containsEntry("type", "subquery").containsEntry("range", 600000L)
        .containsEntry("step", 0L).containsEntry("startOrEnd", "end");
  }

  @Test
  void aggregationCallAndLiterals() {
    Map<String, Object> a = AstJson.toMap(PromQL.parse("topk without (a) (3, -foo)"));
    assertThat(a).containsEntry("type", "aggregation").containsEntry("op", "topk")
        .containsEntry("grouping", List.of("a")).containsEntry("without", true)
        .containsEntry("param", Map.of("type", "numberLiteral", "val", "3"));
    assertThat(a.get("expr")).isEqualTo(Map.of("type", "unaryExpr", "op", "-", "expr", sel("foo")));
    Map<String, Object> c = AstJson.toMap(PromQL.parse("round(foo, 0.5)"));
    assertThat(c).containsEntry("type", "call");
    assertThat(c.get("func")).isEqualTo(Map.of("name", "round", "argTypes",
        List.of("vector", "scalar"), "variadic", 1, "returnType", "vector"));
    assertThat(AstJson.toMap(PromQL.parse("(\"x\")"))).isEqualTo(Map.of("type", "parenExpr",
        "expr", Map.of("type", "stringLiteral", "val", "x")));
    assertThat(AstJson.toMap(PromQL.parse("1e21"))).containsEntry("val", "1000000000000000000000");
    assertThat(AstJson.toMap(PromQL.parse("-Inf"))).containsEntry("val", "-Inf");
  }
}
