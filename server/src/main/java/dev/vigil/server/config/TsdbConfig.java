package dev.vigil.server.config;

import java.time.Duration;

/**
 * The runtime-reloadable TSDB settings of {@code storage.tsdb} in {@code prometheus.yml}.
 *
 * @param outOfOrderTimeWindow how far behind the head's newest sample a sample older than its
 *     series' newest is still taken; zero (the default) refuses every such sample
 */
public record TsdbConfig(Duration outOfOrderTimeWindow) {
  public static final TsdbConfig DEFAULT = new TsdbConfig(Duration.ZERO);
}
