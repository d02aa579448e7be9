package dev.vigil.server.config;

import java.time.Duration;
import java.util.Map;

/**
 * A {@code remote_read} entry.
 *
 * @param name null when unset; unique among remote read configs when set
 * @param requiredMatchers equality matchers a selector must contain to be sent to this endpoint
 */
public record RemoteReadConfig(
    String url,
    String name,
    Map<String, String> requiredMatchers,
    Duration remoteTimeout,
    Map<String, String> headers,
    boolean readRecent,
    boolean filterExternalLabels,
    HttpClientConfig http) {

  public static final Duration DEFAULT_REMOTE_TIMEOUT = Duration.ofMinutes(1);

  public RemoteReadConfig {
    requiredMatchers = Copies.map(requiredMatchers);
    headers = Copies.map(headers);
  }
}
