package dev.vigil.server.config;

import dev.vigil.server.model.Labels;
import java.time.Duration;
import java.util.List;

/**
 * The {@code global} section: defaults for every other section.
 *
 * @param externalLabels labels added when talking to external systems; environment references
 *     ({@code $VAR}, {@code ${VAR}}, {@code $$}) are already expanded, as the spec documents
 * @param scrapeProtocols empty when unset (the scrape layer then uses its default order)
 * @param queryLogFile null when unset
 * @param scrapeFailureLogFile null when unset
 */
public record GlobalConfig(
    Duration scrapeInterval,
    Duration scrapeTimeout,
    Duration evaluationInterval,
    Duration ruleQueryOffset,
    Labels externalLabels,
    List<String> scrapeProtocols,
    String queryLogFile,
    String scrapeFailureLogFile,
    ScrapeLimits limits,
    boolean scrapeNativeHistograms,
    boolean convertClassicHistogramsToNhcb,
    boolean alwaysScrapeClassicHistograms,
    boolean extraScrapeMetrics) {

  public static final Duration DEFAULT_SCRAPE_INTERVAL = Duration.ofMinutes(1);
  public static final Duration DEFAULT_SCRAPE_TIMEOUT = Duration.ofSeconds(10);
  public static final Duration DEFAULT_EVALUATION_INTERVAL = Duration.ofMinutes(1);

  public GlobalConfig {
    scrapeProtocols = List.copyOf(scrapeProtocols);
  }

  /** The global section of a file that has none. */
  public static GlobalConfig defaults() {
    return new GlobalConfig(DEFAULT_SCRAPE_INTERVAL, DEFAULT_SCRAPE_TIMEOUT,
        DEFAULT_EVALUATION_INTERVAL, Duration.ZERO, Labels.EMPTY, List.of(), null, null,
        ScrapeLimits.NONE, false, false, false, false);
  }
}
