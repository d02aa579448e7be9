package dev.vigil.server.config;

import static org.assertj.core.api.Assertions.assertThat;

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
  }
}
