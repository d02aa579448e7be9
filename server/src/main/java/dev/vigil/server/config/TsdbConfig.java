package dev.vigil.server.config;

import java.time.Duration;

/**
 * The runtime-reloadable TSDB settings of {@code storage.tsdb} in {@code prometheus.yml}.
 *
 * @param outOfOrderTimeWindow how far behind the head's newest sample a sample older than its
 *     series' newest is still taken; zero (the default) refuses every such sample
 * @param maxExemplars {@code storage.exemplars.max_exemplars}: slots of the exemplar ring, used
 *     only with {@code --enable-feature=exemplar-storage}; 0 keeps none
 */
public record TsdbConfig(Duration outOfOrderTimeWindow, int maxExemplars) {
  /** Prometheus's default ring size. */
  public static final int DEFAULT_MAX_EXEMPLARS = 100_000;
  public static final TsdbConfig DEFAULT = new TsdbConfig(Duration.ZERO, DEFAULT_MAX_EXEMPLARS);

  /** Only the out-of-order window set; the exemplar ring at its default. */
  public TsdbConfig(Duration outOfOrderTimeWindow) {
    this(outOfOrderTimeWindow, DEFAULT_MAX_EXEMPLARS);
  }
}
