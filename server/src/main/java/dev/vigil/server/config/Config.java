package dev.vigil.server.config;

import java.util.List;

/**
 * A parsed, validated {@code prometheus.yml}. Immutable; every default is already applied, and
 * relative file names are resolved against the directory of the config file.
 *
 * @param ruleFiles rule file globs, as written (resolved against the config directory)
 * @param source the file name (or other source name) the config was read from
 * @param tsdb the {@code storage.tsdb} settings
 */
public record Config(
    GlobalConfig global,
    List<String> ruleFiles,
    List<ScrapeConfig> scrapeConfigs,
    AlertingConfig alerting,
    List<RemoteWriteConfig> remoteWrite,
    List<RemoteReadConfig> remoteRead,
    String source,
    TsdbConfig tsdb) {

  public Config {
    ruleFiles = List.copyOf(ruleFiles);
    scrapeConfigs = List.copyOf(scrapeConfigs);
    remoteWrite = List.copyOf(remoteWrite);
    remoteRead = List.copyOf(remoteRead);
  }

  /** The scrape config with this job name, or null. */
  public ScrapeConfig scrapeConfig(String jobName) {
    for (ScrapeConfig s : scrapeConfigs) {
      if (s.jobName().equals(jobName)) {
        return s;
      }
    }
    return null;
  }
}
