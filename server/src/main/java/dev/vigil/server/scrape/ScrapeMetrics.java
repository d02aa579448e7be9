package dev.vigil.server.scrape;

import dev.vigil.client.core.Counter;
import dev.vigil.client.core.Histogram;
import dev.vigil.client.model.Registry;

/** The scraper's own metrics, exposed on the server's {@code /metrics}. */
public final class ScrapeMetrics {
  final Histogram duration;
  final Counter failures;
  final Counter samples;

  public ScrapeMetrics(Registry registry) {
    duration = Histogram.builder().name("vigil_target_scrape_duration_seconds")
        .help("Time taken by scrapes, per job.")
        .buckets(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60)
        .labelNames("scrape_job").register(registry);
    failures = Counter.builder().name("vigil_target_scrape_failures_total")
        .help("Scrapes that failed (target down, timeout, bad body, limits), per job.")
        .labelNames("scrape_job").register(registry);
    samples = Counter.builder().name("vigil_target_scraped_samples_total")
        .help("Samples appended from scrapes, per job.")
        .labelNames("scrape_job").register(registry);
  }

  /** For tests and tools that do not expose metrics. */
  public static ScrapeMetrics unregistered() {
    return new ScrapeMetrics(new Registry());
  }
}
