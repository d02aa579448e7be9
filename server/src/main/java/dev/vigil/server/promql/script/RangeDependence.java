package dev.vigil.server.promql.script;

import dev.vigil.server.promql.parser.At;
import dev.vigil.server.promql.parser.Call;
import dev.vigil.server.promql.parser.Duration;
import dev.vigil.server.promql.parser.Exprs;
import dev.vigil.server.promql.parser.MatrixSelector;
import dev.vigil.server.promql.parser.PromQL;
import dev.vigil.server.promql.parser.SubqueryExpr;
import dev.vigil.server.promql.parser.VectorSelector;
import java.util.Set;

/**
 * Whether a query's answer depends on the query's own range (its start, end or step): then an
 * instant query and the same query run over a range differ by definition, so the range-mode
 * re-check of an instant eval does not apply.
 */
final class RangeDependence {
  private static final Set<String> RANGE_FUNCTIONS = Set.of("step", "range", "start", "end");

  private RangeDependence() {}

  static boolean of(String query) {
    boolean[] found = {false};
    try {
      Exprs.walk(PromQL.parse(query), e -> {
        if (e instanceof Call c && RANGE_FUNCTIONS.contains(c.function().name())) {
          found[0] = true;
        } else if (e instanceof VectorSelector v) {
          found[0] |= dependsOn(v.at()) || dependsOn(v.offset());
        } else if (e instanceof MatrixSelector m) {
          found[0] |= dependsOn(m.range());
        } else if (e instanceof SubqueryExpr s) {
          found[0] |= dependsOn(s.at()) || dependsOn(s.range()) || dependsOn(s.step())
              || dependsOn(s.offset());
        }
      });
    } catch (RuntimeException e) {
      return false; // the eval itself reports the parse error
    }
    return found[0];
  }

  private static boolean dependsOn(At at) {
    return at != null && (at.kind() == At.Kind.START || at.kind() == At.Kind.END);
  }

  private static boolean dependsOn(Duration d) {
    return d != null && !d.isConstant();
  }
}
