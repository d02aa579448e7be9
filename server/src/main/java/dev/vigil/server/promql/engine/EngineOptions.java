package dev.vigil.server.promql.engine;

import java.time.Duration;

/**
 * Settings of an {@link Engine}, named after Prometheus's flags: {@code --query.lookback-delta},
 * {@code --query.timeout}, {@code --query.max-samples}, {@code --query.max-concurrency} and the
 * {@code promql-experimental-functions} feature.
 *
 * @param lookbackDelta how far back an instant selector looks for the latest sample
 * @param timeout longest a query may take, time waiting in the queue included
 * @param maxSamples most samples a query may hold in memory at once
 * @param maxConcurrency queries that may run at the same time; more wait in a fair queue
 * @param experimentalFunctions whether experimental functions, aggregations and the binary
 *     operators' fill modifiers are allowed
 * @param subqueryStep the step of a subquery written without one ({@code x[5m:]}); Prometheus
 *     uses the global {@code evaluation_interval}, 1m by default
 */
public record EngineOptions(Duration lookbackDelta, Duration timeout, long maxSamples,
    int maxConcurrency, boolean experimentalFunctions, Duration subqueryStep) {
  public static final EngineOptions DEFAULTS = new EngineOptions(Duration.ofMinutes(5),
      Duration.ofMinutes(2), 50_000_000, 20, true, Duration.ofMinutes(1));

  public EngineOptions {
    if (lookbackDelta.isNegative() || lookbackDelta.isZero()) {
      throw new IllegalArgumentException("lookback delta must be positive, got " + lookbackDelta);
    }
    if (subqueryStep.toMillis() <= 0) {
      throw new IllegalArgumentException("subquery step must be positive, got " + subqueryStep);
    }
    if (maxConcurrency < 1) {
      throw new IllegalArgumentException("max concurrency must be at least 1, got "
          + maxConcurrency);
    }
  }

  public EngineOptions withLookbackDelta(Duration d) {
    return new EngineOptions(d, timeout, maxSamples, maxConcurrency, experimentalFunctions,
        subqueryStep);
  }

  public EngineOptions withTimeout(Duration d) {
    return new EngineOptions(lookbackDelta, d, maxSamples, maxConcurrency, experimentalFunctions,
        subqueryStep);
  }

  public EngineOptions withMaxSamples(long n) {
    return new EngineOptions(lookbackDelta, timeout, n, maxConcurrency, experimentalFunctions,
        subqueryStep);
  }

  public EngineOptions withMaxConcurrency(int n) {
    return new EngineOptions(lookbackDelta, timeout, maxSamples, n, experimentalFunctions,
        subqueryStep);
  }

  public EngineOptions withExperimentalFunctions(boolean on) {
    return new EngineOptions(lookbackDelta, timeout, maxSamples, maxConcurrency, on,
        subqueryStep);
  }

  public EngineOptions withSubqueryStep(Duration d) {
    return new EngineOptions(lookbackDelta, timeout, maxSamples, maxConcurrency,
        experimentalFunctions, d);
  }
}
