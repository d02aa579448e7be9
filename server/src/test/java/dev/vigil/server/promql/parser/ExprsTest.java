package dev.vigil.server.promql.parser;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Exprs: tree walking for evaluators. */
class ExprsTest {

  @Test
  void walkVisitsEveryNodeDepthFirst() {
    Expr e = PromQL.parse("topk(2, -(rate(a[5m]) + max_over_time(b[10m:1m] @ 5)))");
    List<String> seen = new ArrayList<>();
    Exprs.walk(e, x -> seen.add(x.getClass().getSimpleName()));
    assertThat(seen).containsExactly("AggregateExpr", "NumberLiteral", "UnaryExpr", "ParenExpr",
        "BinaryExpr", "Call", "MatrixSelector", "VectorSelector", "Call", "SubqueryExpr",
        "VectorSelector");
  }

  @Test
  void selectorsAndParens() {
    Expr e = PromQL.parse("((sum by (x) (a offset 1m) / on(x) b))");
    assertThat(Exprs.selectors(e)).extracting(VectorSelector::name).containsExactly("a", "b");
    assertThat(Exprs.unwrapParens(e)).isInstanceOf(BinaryExpr.class);
    assertThat(Exprs.children(PromQL.parse("1"))).isEmpty();
  }
}
