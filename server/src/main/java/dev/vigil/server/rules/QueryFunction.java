package dev.vigil.server.rules;

import dev.vigil.server.model.Labels;
import dev.vigil.server.promql.engine.QueryEngine;
import dev.vigil.server.promql.engine.QueryOptions;
import dev.vigil.server.promql.value.InstantVector;
import dev.vigil.server.promql.value.Sample;
import dev.vigil.server.promql.value.Scalar;
import dev.vigil.server.promql.value.Value;
import java.util.List;

/**
 * How rules evaluate PromQL: an instant query at a time. The seam between rules and the engine,
 * so rule logic is tested with a table of answers instead of storage. Must be thread-safe
 * (groups evaluate concurrently).
 */
@FunctionalInterface
public interface QueryFunction {
  /**
   * Evaluates {@code expr} at {@code timeMillis}.
   *
   * @return the instant vector; a scalar result is one sample with no labels
   * @throws Exception when the query fails; its message becomes the rule's lastError
   */
  List<Sample> query(String expr, long timeMillis) throws Exception;

  /** Queries {@code engine} with its default options. */
  static QueryFunction of(QueryEngine engine) {
    return (expr, t) -> {
      Value v = engine.instant(expr, t, QueryOptions.DEFAULTS).value();
      if (v instanceof InstantVector iv) {
        return iv.samples();
      }
      if (v instanceof Scalar s) {
        return List.of(new Sample(Labels.EMPTY, s.t(), s.v()));
      }
      throw new IllegalArgumentException("rule result is not a vector or scalar");
    };
  }
}
