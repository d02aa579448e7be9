package dev.vigil.server.promql.engine;

/**
 * Runs PromQL over a storage. Thread-safe: many queries may run at once, bounded by the engine's
 * concurrency limit. Failures are {@link QueryException}s whose {@link QueryException#errorType()}
 * is the HTTP API's {@code errorType}.
 */
public interface QueryEngine {
  /** Evaluates {@code query} at {@code timeMs}. */
  QueryResult instant(String query, long timeMs);

  /** Evaluates {@code query} at every step from {@code startMs} to {@code endMs} inclusive. */
  QueryResult range(String query, long startMs, long endMs, long stepMs);
}
