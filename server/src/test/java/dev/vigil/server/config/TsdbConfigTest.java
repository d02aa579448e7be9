package dev.vigil.server.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class TsdbConfigTest {
  @Test
  void theOutOfOrderWindowIsOffUnlessSet() throws Exception {
    assertThat(ConfigLoader.parse("", "empty.yml").tsdb()).isEqualTo(TsdbConfig.DEFAULT);
    assertThat(ConfigLoader.parse("storage:\n  tsdb: {}\n", "x.yml").tsdb().outOfOrderTimeWindow())
        .isZero();
    assertThat(ConfigLoader.defaultConfig().tsdb()).isEqualTo(TsdbConfig.DEFAULT);
  }

  @Test
  void readsTheWindowAndAcceptsTheSettingsVigilDoesNotUse() throws Exception {
    Config c = ConfigLoader.parse("""
        storage:
          tsdb:
            out_of_order_time_window: 30m
            stale_series_compaction_threshold: 0.5
            retention:
              time: 15d
          exemplars:
            max_exemplars: 100
        """, "prometheus.yml");
    assertThat(c.tsdb().outOfOrderTimeWindow()).isEqualTo(Duration.ofMinutes(30));
    assertThat(c.tsdb().maxExemplars()).isEqualTo(100);
  }

  @Test
  void theExemplarRingDefaultsToPrometheusSizeAndRefusesBadValues() throws Exception {
    assertThat(ConfigLoader.parse("", "x.yml").tsdb().maxExemplars()).isEqualTo(100_000);
    assertThat(ConfigLoader.parse("storage:\n  exemplars:\n    max_exemplars: 0\n", "x.yml")
        .tsdb().maxExemplars()).isZero();
    assertThatThrownBy(() -> ConfigLoader.parse(
        "storage:\n  exemplars:\n    max_exemplars: -1\n", "x.yml"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("x.yml:3")
        .hasMessageContaining("storage.exemplars.max_exemplars")
        .hasMessageContaining("must not be negative, got -1");
    assertThatThrownBy(() -> ConfigLoader.parse(
        "storage:\n  exemplars:\n    max_exemplar: 5\n", "x.yml"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("max_exemplar");
  }
}
