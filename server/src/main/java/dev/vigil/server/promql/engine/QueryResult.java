package dev.vigil.server.promql.engine;

import dev.vigil.server.promql.value.Value;
import java.util.List;

/**
 * A query's value with the annotations Prometheus returns beside it: {@code warnings} (results may
 * be incomplete or wrong) and {@code infos} (hints, e.g. a non-counter passed to rate).
 */
public record QueryResult(Value value, List<String> warnings, List<String> infos, QueryStats stats) {
  public QueryResult {
    warnings = List.copyOf(warnings);
    infos = List.copyOf(infos);
  }
}
