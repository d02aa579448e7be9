package dev.vigil.server.promql.parser;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.server.model.Matcher;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Entry points other than PromQL.parse's happy path: series selectors, error positions, node types. */
class ParseApiTest {

  @Test
  void seriesSelectorGivesMatchersWithTheName() {
    List<Matcher> m = PromQL.parseSeriesSelector("up{job=~\"a|b\"}");
    assertThat(m).extracting(Matcher::toString).containsExactly("job=~\"a|b\"", "__name__=\"up\"");
    assertThat(PromQL.parseSeriesSelector("{\"my.metric\"}")).extracting(Matcher::toString)
        .containsExactly("__name__=\"my.metric\"");
  }

  @Test
  void seriesSelectorRejectsOtherExpressions() {
    assertThatThrownBy(() -> PromQL.parseSeriesSelector("up[5m]"))
        .hasMessage("1:3: parse error: unexpected \"[\"");
    assertThatThrownBy(() -> PromQL.parseSeriesSelector("rate(up[5m])"))
        .isInstanceOf(ParseException.class);
    assertThatThrownBy(() -> PromQL.parseSeriesSelector("sum(up)"))
        .isInstanceOf(ParseException.class);
    assertThatThrownBy(() -> PromQL.parseSeriesSelector("{job="))
        .hasMessage("1:6: parse error: unexpected end of input inside braces");
  }

  @Test
  void seriesSelectorLeavesTheNonEmptyMatcherCheckToItsCaller() {
    assertThat(PromQL.parseSeriesSelector("{job=~\".*\"}")).extracting(Matcher::toString)
        .containsExactly("job=~\".*\"");
    assertThat(PromQL.parseSeriesSelector("{}")).isEmpty();
    // A query still refuses it, at the selector's position.
    assertThatThrownBy(() -> PromQL.parse("1 + {job=~\".*\"}"))
        .hasMessage("1:5: parse error: vector selector must contain at least one non-empty "
            + "matcher");
  }

  @Test
  void errorsCarryOffsetLineAndColumn() {
    ParseException e = catchParse("sum(foo)\n  + bar baz");
    assertThat(e.position()).isEqualTo(17);
    assertThat(e.line()).isEqualTo(2);
    assertThat(e.column()).isEqualTo(9);
    assertThat(e.detail()).isEqualTo("unexpected identifier \"baz\"");
    assertThat(e).hasMessage("2:9: parse error: unexpected identifier \"baz\"");
  }

  @Test
  void nodesKnowTheirTypeAndPosition() {
    BinaryExpr b = (BinaryExpr) PromQL.parse("rate(x[5m]) * on(a) group_left(b) y");
    assertThat(b.type()).isEqualTo(ValueType.VECTOR);
    assertThat(b.pos()).isEqualTo(new PosRange(0, 35));
    assertThat(b.lhs().pos()).isEqualTo(new PosRange(0, 11));
    assertThat(((Call) b.lhs()).args().get(0).type()).isEqualTo(ValueType.MATRIX);
    assertThat(b.matching().card()).isEqualTo(VectorMatching.Cardinality.MANY_TO_ONE);
    assertThat(b.matching().include()).containsExactly("b");
    assertThat(PromQL.parse("1 + 2 * 3").type()).isEqualTo(ValueType.SCALAR);
    assertThat(PromQL.parse("\"s\"").type()).isEqualTo(ValueType.STRING);
    assertThat(PromQL.parse("x[5m:]").type()).isEqualTo(ValueType.MATRIX);
  }

  @Test
  void precedenceAndAssociativity() {
    BinaryExpr pow = (BinaryExpr) PromQL.parse("2 ^ 3 ^ 2");
    assertThat(pow.rhs()).isInstanceOf(BinaryExpr.class);
    BinaryExpr sub = (BinaryExpr) PromQL.parse("1 - 2 - 3");
    assertThat(sub.lhs()).isInstanceOf(BinaryExpr.class);
    UnaryExpr neg = (UnaryExpr) PromQL.parse("-x ^ 2");
    assertThat(neg.expr()).isInstanceOf(BinaryExpr.class);
    BinaryExpr mul = (BinaryExpr) PromQL.parse("-x * 2");
    assertThat(mul.lhs()).isInstanceOf(UnaryExpr.class);
    BinaryExpr or = (BinaryExpr) PromQL.parse("a or b and c");
    assertThat(or.op()).isEqualTo(BinaryOp.OR);
    // A sign folds into a number literal, but not into a power of one.
    assertThat(((NumberLiteral) PromQL.parse("-2")).value()).isEqualTo(-2.0);
    assertThat(PromQL.parse("-2 ^ 2")).isInstanceOf(UnaryExpr.class);
  }

  @Test
  void experimentalSyntaxNeedsItsFeatureFlag() {
    ParseOptions stable = ParseOptions.STABLE;
    assertThatThrownBy(() -> PromQL.parse("sort_by_label(foo, \"a\")", stable))
        .hasMessage("1:1: parse error: function \"sort_by_label\" is not enabled");
    assertThatThrownBy(() -> PromQL.parse("sum(limitk(2, foo))", stable))
        .hasMessageContaining("promql-experimental-functions");
    assertThatThrownBy(() -> PromQL.parse("rate(foo[5m] anchored)", stable))
        .hasMessageContaining("promql-extended-range-selectors");
    assertThatThrownBy(() -> PromQL.parse("foo + fill(0) bar", stable))
        .hasMessageContaining("promql-binop-fill-modifiers");
    assertThat(PromQL.parse("rate(foo[5m * 2]) + time()", stable)).hasToString(
        "rate(foo[5m * 2]) + time()");
    assertThat(PromQL.parse("sort_by_label(foo, \"a\")", new ParseOptions(true, false, false)))
        .isInstanceOf(Call.class);
  }

  @Test
  void everyDocumentedFunctionIsInTheTable() {
    for (String f : List.of("abs", "absent_over_time", "histogram_avg", "histogram_quantiles",
        "info", "sort_by_label_desc", "min_of", "max_of", "start_timestamp", "step", "start",
        "end", "range", "mad_over_time", "ts_of_first_over_time", "double_exponential_smoothing",
        "first_over_time", "pi", "deg", "rad", "days_in_month")) {
      assertThat(Functions.get(f)).as(f).isNotNull();
    }
    assertThat(Functions.get("holt_winters")).isNull();
  }

  private static ParseException catchParse(String q) {
    try {
      PromQL.parse(q);
    } catch (ParseException e) {
      return e;
    }
    throw new AssertionError("parsed: " + q);
  }
}
