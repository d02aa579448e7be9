package dev.vigil.server.config;

import dev.vigil.server.relabel.RelabelConfig;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * One {@code scrape_configs} entry, with the global defaults already applied.
 *
 * @param scrapeProtocols empty when neither the job nor the global section sets it
 * @param params URL parameters, each with one or more values, in file order
 * @param limits this job's limits, unset ones inherited from global
 * @param scrapeFailureLogFile null when unset
 */
public record ScrapeConfig(
    String jobName,
    Duration scrapeInterval,
    Duration scrapeTimeout,
    List<String> scrapeProtocols,
    String fallbackScrapeProtocol,
    String metricsPath,
    String scheme,
    Map<String, List<String>> params,
    boolean honorLabels,
    boolean honorTimestamps,
    boolean trackTimestampsStaleness,
    boolean enableCompression,
    HttpClientConfig http,
    List<StaticConfig> staticConfigs,
    List<FileSdConfig> fileSdConfigs,
    List<HttpSdConfig> httpSdConfigs,
    List<RelabelConfig> relabelConfigs,
    List<RelabelConfig> metricRelabelConfigs,
    ScrapeLimits limits,
    String scrapeFailureLogFile) {

  public static final String DEFAULT_METRICS_PATH = "/metrics";

  public ScrapeConfig {
    scrapeProtocols = List.copyOf(scrapeProtocols);
    params = Copies.map(params);
    staticConfigs = List.copyOf(staticConfigs);
    fileSdConfigs = List.copyOf(fileSdConfigs);
    httpSdConfigs = List.copyOf(httpSdConfigs);
    relabelConfigs = List.copyOf(relabelConfigs);
    metricRelabelConfigs = List.copyOf(metricRelabelConfigs);
  }
}
