package dev.vigil.server.promql.engine;

/**
 * Runs PromQL over a storage. Thread-safe: many queries may run at once, bounded by the engine's
 * concurrency limit. Failures are {@link QueryException}s whose {@link QueryException#errorType()}
 * is the HTTP API's {@code errorType}.
 */
public interface QueryEngine {
  /** Evaluates {@code query} at {@code timeMs} with per-query overrides. */
  QueryResult instant(String query, long timeMs, QueryOptions options);

  /**
   * Evaluates {@code query} at every step from {@code startMs} to {@code endMs} inclusive, with
   * per-query overrides.
   */
  QueryResult range(String query, long startMs, long endMs, long stepMs, QueryOptions options);

  /** Evaluates {@code query} at {@code timeMs} with the engine's settings. */
  default QueryResult instant(String query, long timeMs) {
    return instant(query, timeMs, QueryOptions.DEFAULTS);
  }

  /** Evaluates {@code query} over a range with the engine's settings. */
  default QueryResult range(String query, long startMs, long endMs, long stepMs) {
    return range(query, startMs, endMs, stepMs, QueryOptions.DEFAULTS);
  }
}
