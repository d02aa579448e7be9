package dev.vigil.server.config;

import java.time.Duration;

/** An {@code http_sd_configs} entry: an http(s) URL returning target groups as JSON. */
public record HttpSdConfig(String url, Duration refreshInterval, HttpClientConfig http) {
  public static final Duration DEFAULT_REFRESH_INTERVAL = Duration.ofSeconds(60);
}
