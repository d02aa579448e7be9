package dev.vigil.server.promql.engine;

import dev.vigil.server.promql.parser.AggregateExpr;
import dev.vigil.server.promql.parser.BinaryExpr;
import dev.vigil.server.promql.parser.Call;
import dev.vigil.server.promql.parser.Expr;
import dev.vigil.server.promql.parser.MatrixSelector;
import dev.vigil.server.promql.parser.NumberLiteral;
import dev.vigil.server.promql.parser.ParenExpr;
import dev.vigil.server.promql.parser.StringLiteral;
import dev.vigil.server.promql.parser.SubqueryExpr;
import dev.vigil.server.promql.parser.UnaryExpr;
import dev.vigil.server.promql.parser.VectorSelector;
import java.util.Set;

/**
 * Which expressions give the same value at every step, so a range query can evaluate them once:
 * those whose selectors and subqueries all carry {@code @}, and that call no function reading the
 * evaluation time.
 */
final class StepInvariance {
  /** Functions whose result depends on the step time itself, as Prometheus lists them. */
  private static final Set<String> TIME_DEPENDENT = Set.of("time", "predict_linear",
      "days_in_month", "day_of_month", "day_of_week", "day_of_year", "hour", "minute", "month",
      "year", "start", "end", "step", "range");

  private StepInvariance() {}

  /** Whether {@code e} reads storage only at fixed times (literals alone do not count). */
  static boolean worthHoisting(Expr e) {
    return invariant(e) && !(e instanceof NumberLiteral) && !(e instanceof StringLiteral);
  }

  static boolean invariant(Expr e) {
    if (e instanceof NumberLiteral || e instanceof StringLiteral) {
      return true;
    } else if (e instanceof VectorSelector v) {
      return v.at().isSet();
    } else if (e instanceof MatrixSelector m) {
      return m.selector().at().isSet();
    } else if (e instanceof SubqueryExpr s) {
      // The inner expression runs at its own steps; only the @ pins the window.
      return s.at().isSet();
    } else if (e instanceof ParenExpr p) {
      return invariant(p.expr());
    } else if (e instanceof UnaryExpr u) {
      return invariant(u.expr());
    } else if (e instanceof BinaryExpr b) {
      return invariant(b.lhs()) && invariant(b.rhs());
    } else if (e instanceof AggregateExpr a) {
      return invariant(a.expr()) && (a.param() == null || invariant(a.param()));
    } else if (e instanceof Call c) {
      if (TIME_DEPENDENT.contains(c.function().name())) {
        return false;
      }
      for (Expr arg : c.args()) {
        if (!invariant(arg)) {
          return false;
        }
      }
      return true;
    }
    return false;
  }
}
