package dev.vigil.server.promql.engine;

import java.time.Duration;

/**
 * Settings of one query that override the engine's, as the HTTP API's {@code timeout} and
 * {@code lookback_delta} parameters ask.
 *
 * @param timeout how long this query may take, queue time included; {@code null} for the
 *     engine's timeout. It can only shorten the engine's: the deadline is the earlier of the two.
 *     Zero or negative means the query has already timed out, as a Go context would have.
 * @param lookbackDelta how far back an instant selector looks in this query; {@code null}, zero
 *     or negative for the engine's setting (Prometheus treats a non-positive value as unset)
 */
public record QueryOptions(Duration timeout, Duration lookbackDelta) {
  /** The engine's own settings. */
  public static final QueryOptions DEFAULTS = new QueryOptions(null, null);

  public QueryOptions withTimeout(Duration d) {
    return new QueryOptions(d, lookbackDelta);
  }

  public QueryOptions withLookbackDelta(Duration d) {
    return new QueryOptions(timeout, d);
  }
}
