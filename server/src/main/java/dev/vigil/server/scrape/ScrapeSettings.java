package dev.vigil.server.scrape;

import dev.vigil.server.relabel.RelabelConfig;
import java.util.List;
import java.util.Map;

/**
 * How one target is scraped: everything the loop needs, resolved from its scrape config.
 *
 * @param metricRelabel applied to every scraped series (the synthetic ones excepted)
 * @param sampleLimit and the other limits: 0 means no limit
 * @param seriesAddedLimit series one scrape may create in the head
 *     ({@code --scrape.series-added-limit}); a scrape over it fails like one over sample_limit
 */
public record ScrapeSettings(
    long intervalMillis,
    long timeoutMillis,
    boolean honorLabels,
    boolean honorTimestamps,
    List<RelabelConfig> metricRelabel,
    Map<String, String> headers,
    int sampleLimit,
    int labelLimit,
    int labelNameLengthLimit,
    int labelValueLengthLimit,
    long bodySizeLimit,
    int seriesAddedLimit) {

  /** Settings without a limit on series a scrape may add to the head. */
  public ScrapeSettings(long intervalMillis, long timeoutMillis, boolean honorLabels,
      boolean honorTimestamps, List<RelabelConfig> metricRelabel, Map<String, String> headers,
      int sampleLimit, int labelLimit, int labelNameLengthLimit, int labelValueLengthLimit,
      long bodySizeLimit) {
    this(intervalMillis, timeoutMillis, honorLabels, honorTimestamps, metricRelabel, headers,
        sampleLimit, labelLimit, labelNameLengthLimit, labelValueLengthLimit, bodySizeLimit, 0);
  }
}
