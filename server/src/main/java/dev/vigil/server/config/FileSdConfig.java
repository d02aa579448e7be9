package dev.vigil.server.config;

import java.time.Duration;
import java.util.List;

/**
 * A {@code file_sd_configs} entry.
 *
 * @param files globs ({@code *} only in the last path element) ending in .json, .yml or .yaml,
 *     resolved against the config file's directory
 */
public record FileSdConfig(List<String> files, Duration refreshInterval) {
  public static final Duration DEFAULT_REFRESH_INTERVAL = Duration.ofMinutes(5);

  public FileSdConfig {
    files = List.copyOf(files);
  }
}
