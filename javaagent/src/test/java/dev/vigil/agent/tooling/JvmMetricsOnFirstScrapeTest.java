package dev.vigil.agent.tooling;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.client.model.MetricSnapshot;
import dev.vigil.client.model.MetricSnapshots;
import dev.vigil.client.model.Registry;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class JvmMetricsOnFirstScrapeTest {
  private static List<String> names(MetricSnapshots s) {
    return s.asList().stream().map(MetricSnapshot::getName).collect(Collectors.toList());
  }

  @Test
  void theFirstScrapeSetsThemUpAndLaterOnesReuseThem() {
    Registry registry = new Registry();
    registry.register(new JvmMetricsOnFirstScrape());
    List<String> first = names(registry.scrape());
    assertThat(first).contains("jvm_threads_current", "jvm_classes_loaded")
        .doesNotHaveDuplicates();
    // Only new families may appear (allocated bytes, after a collection), none twice.
    assertThat(names(registry.scrape())).containsAll(first).doesNotHaveDuplicates();
  }
}
