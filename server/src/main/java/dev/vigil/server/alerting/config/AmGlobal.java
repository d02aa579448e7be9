package dev.vigil.server.alerting.config;

import dev.vigil.server.config.Node;
import java.time.Duration;

/**
 * The {@code global} section. Only {@code resolve_timeout} is used by the core; the integration
 * defaults ({@code smtp_*}, {@code slack_api_url}, {@code http_config}, ...) stay in {@code raw}
 * for the integration factory, which reads them with their locations.
 *
 * @param resolveTimeout how long an alert without an end time stays firing (default 5m)
 * @param raw the section as written; an empty mapping when absent. Callers must not modify it.
 */
public record AmGlobal(Duration resolveTimeout, Node.Mapping raw) {
  public static final Duration DEFAULT_RESOLVE_TIMEOUT = Duration.ofMinutes(5);
}
