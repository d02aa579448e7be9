package dev.vigil.server.config;

import dev.vigil.server.model.Labels;
import java.util.List;

/** A {@code static_configs} entry: targets ({@code host:port}) and labels common to them. */
public record StaticConfig(List<String> targets, Labels labels) {
  public StaticConfig {
    targets = List.copyOf(targets);
  }
}
