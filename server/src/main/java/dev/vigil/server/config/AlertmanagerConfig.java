package dev.vigil.server.config;

import dev.vigil.server.relabel.RelabelConfig;
import java.time.Duration;
import java.util.List;

/** An {@code alerting.alertmanagers} entry: where and how alerts are pushed. */
public record AlertmanagerConfig(
    Duration timeout,
    String apiVersion,
    String pathPrefix,
    String scheme,
    HttpClientConfig http,
    List<StaticConfig> staticConfigs,
    List<FileSdConfig> fileSdConfigs,
    List<HttpSdConfig> httpSdConfigs,
    List<RelabelConfig> relabelConfigs,
    List<RelabelConfig> alertRelabelConfigs) {

  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

  public AlertmanagerConfig {
    staticConfigs = List.copyOf(staticConfigs);
    fileSdConfigs = List.copyOf(fileSdConfigs);
    httpSdConfigs = List.copyOf(httpSdConfigs);
    relabelConfigs = List.copyOf(relabelConfigs);
    alertRelabelConfigs = List.copyOf(alertRelabelConfigs);
  }
}
