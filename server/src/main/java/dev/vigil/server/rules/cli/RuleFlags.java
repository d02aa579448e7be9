package dev.vigil.server.rules.cli;

import dev.vigil.server.config.Durations;
import dev.vigil.server.rules.RuleOptions;
import java.time.Duration;
import picocli.CommandLine.Option;

/**
 * Prometheus's {@code --rules.*} server flags, as a picocli mixin for the server command
 * ({@code @Mixin RuleFlags ruleFlags;}); {@link #options} turns them into {@link RuleOptions}.
 */
public final class RuleFlags {
  @Option(names = "--rules.alert.for-outage-tolerance", paramLabel = "DURATION",
      defaultValue = "1h", description = "Max time to tolerate prometheus outage for restoring"
          + " \"for\" state of alert (default: ${DEFAULT-VALUE}).")
  String outageTolerance;

  @Option(names = "--rules.alert.for-grace-period", paramLabel = "DURATION",
      defaultValue = "10m", description = "Minimum duration between alert and restored \"for\""
          + " state. This is maintained only for alerts with configured \"for\" time greater"
          + " than grace period (default: ${DEFAULT-VALUE}).")
  String gracePeriod;

  @Option(names = "--rules.alert.resend-delay", paramLabel = "DURATION", defaultValue = "1m",
      description = "Minimum amount of time to wait before resending an alert to Alertmanager"
          + " (default: ${DEFAULT-VALUE}).")
  String resendDelay;

  @Option(names = "--rules.max-concurrent-evals", paramLabel = "N", defaultValue = "4",
      description = "How many rule groups may evaluate at the same time"
          + " (default: ${DEFAULT-VALUE}).")
  int maxConcurrentEvals;

  /**
   * The settings, with {@code externalUrl} ({@code --web.external-url}, or the server's own URL).
   *
   * @throws IllegalArgumentException naming the flag whose value is invalid
   */
  public RuleOptions options(String externalUrl) {
    return new RuleOptions(duration("--rules.alert.for-outage-tolerance", outageTolerance),
        duration("--rules.alert.for-grace-period", gracePeriod),
        duration("--rules.alert.resend-delay", resendDelay), externalUrl,
        positive(maxConcurrentEvals));
  }

  private static Duration duration(String flag, String text) {
    try {
      return Durations.parse(text);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(flag + ": " + e.getMessage(), e);
    }
  }

  private static int positive(int n) {
    if (n < 1) {
      throw new IllegalArgumentException("--rules.max-concurrent-evals: must be at least 1, got "
          + n);
    }
    return n;
  }
}
