package dev.vigil.server.config;

import dev.vigil.server.relabel.RelabelConfig;
import java.util.List;

/** The {@code alerting} section. */
public record AlertingConfig(List<RelabelConfig> alertRelabelConfigs,
    List<AlertmanagerConfig> alertmanagers) {
  public static final AlertingConfig EMPTY = new AlertingConfig(List.of(), List.of());

  public AlertingConfig {
    alertRelabelConfigs = List.copyOf(alertRelabelConfigs);
    alertmanagers = List.copyOf(alertmanagers);
  }
}
