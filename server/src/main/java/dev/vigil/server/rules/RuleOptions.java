package dev.vigil.server.rules;

import java.time.Duration;

/**
 * The rule manager's command-line settings ({@code --rules.*}, {@code --web.external-url}).
 * Immutable.
 *
 * @param outageTolerance {@code --rules.alert.for-outage-tolerance}: how long an outage may last
 *     for the {@code for} state of alerts to be restored after it (default 1h)
 * @param forGracePeriod {@code --rules.alert.for-grace-period}: the least time left between a
 *     restart and a restored alert firing, for rules whose {@code for} exceeds it (default 10m)
 * @param resendDelay {@code --rules.alert.resend-delay}: the least time between two sends of
 *     the same firing alert (default 1m)
 * @param externalUrl the URL users reach the server at, for generator URLs and templates; no
 *     trailing slash
 * @param maxConcurrentEvals how many groups may evaluate at the same time (threads)
 */
public record RuleOptions(Duration outageTolerance, Duration forGracePeriod,
    Duration resendDelay, String externalUrl, int maxConcurrentEvals) {
  public static final RuleOptions DEFAULTS = new RuleOptions(Duration.ofHours(1),
      Duration.ofMinutes(10), Duration.ofMinutes(1), "http://localhost:9090", 4);

  public RuleOptions {
    if (maxConcurrentEvals < 1) {
      throw new IllegalArgumentException("maxConcurrentEvals must be at least 1");
    }
    externalUrl = externalUrl.endsWith("/") ? externalUrl.substring(0, externalUrl.length() - 1)
        : externalUrl;
  }

  public RuleOptions withExternalUrl(String url) {
    return new RuleOptions(outageTolerance, forGracePeriod, resendDelay, url, maxConcurrentEvals);
  }
}
