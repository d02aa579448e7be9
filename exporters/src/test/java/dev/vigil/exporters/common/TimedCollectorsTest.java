package dev.vigil.exporters.common;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.client.exposition.PrometheusTextWriter;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(10)
class TimedCollectorsTest {
  interface Body {
    void collect(Families f) throws Exception;
  }

  private static Source source(String name, Body body) {
    return new Source() {
      @Override
      public String name() {
        return name;
      }

      @Override
      public void collect(Families out) throws Exception {
        body.collect(out);
      }
    };
  }

  private static String scrape(TimedCollectors c) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    new PrometheusTextWriter().write(out, c.collect());
    return out.toString(StandardCharsets.UTF_8);
  }

  @Test
  void aFailingOrHungCollectorGivesAPartialScrapeWithSuccessZero() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    try (TimedCollectors c = new TimedCollectors("node", List.of(
        source("ok", f -> f.gauge("node_load1", "1m load average.", 0.5)
            .counter("node_forks_total", "Forks.", 7)
            .info("node_uname_info", "Uname.", "sysname", "Linux")),
        source("broken", f -> {
          f.gauge("node_broken", "never shown", 1);
          throw new java.io.IOException("no such file");
        }),
        source("hung", f -> release.await())), Duration.ofMillis(300))) {
      String text = scrape(c);
      assertThat(text).contains("node_load1 0.5\n").contains("node_forks_total 7\n")
          .contains("node_uname_info{sysname=\"Linux\"} 1\n")
          .doesNotContain("node_broken")
          .contains("node_scrape_collector_success{collector=\"ok\"} 1\n")
          .contains("node_scrape_collector_success{collector=\"broken\"} 0\n")
          .contains("node_scrape_collector_success{collector=\"hung\"} 0\n");
      // Still hung: not started a second time, and the scrape still answers in time.
      assertThat(scrape(c)).contains("node_scrape_collector_success{collector=\"hung\"} 0\n")
          .contains("node_scrape_collector_success{collector=\"ok\"} 1\n");
      release.countDown();
    }
  }
}
