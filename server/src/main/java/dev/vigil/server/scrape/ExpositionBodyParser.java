package dev.vigil.server.scrape;

import dev.vigil.server.scrape.parse.ExpositionParser;
import dev.vigil.server.scrape.parse.MetricType;
import dev.vigil.server.scrape.parse.OpenMetricsParser;
import dev.vigil.server.scrape.parse.ParseException;
import dev.vigil.server.scrape.parse.StringCache;
import dev.vigil.server.scrape.parse.TextParser;

/**
 * Parses a scrape body with the parser its content type calls for and hands each sample on.
 * One per scrape loop (not thread-safe: it keeps the target's string cache).
 * OpenMetrics {@code _created} series are skipped, as Prometheus does: they are metadata about
 * a counter, not a series of their own.
 */
final class ExpositionBodyParser implements BodyParser {
  /** Names and values repeat every scrape: one cache per target makes them free after the first. */
  private final StringCache strings = new StringCache(4096);

  @Override
  public void parse(ScrapeResponse response, SampleSink sink) throws ScrapeException {
    boolean openMetrics = response.isOpenMetrics();
    ExpositionParser p = openMetrics
        ? new OpenMetricsParser(response.body(), response.length(), strings)
        : new TextParser(response.body(), response.length(), strings);
    MetricType familyType = MetricType.UNKNOWN;
    String family = "";
    try {
      ExpositionParser.Entry e;
      while ((e = p.next()) != null) {
        if (e == ExpositionParser.Entry.TYPE) {
          family = p.metadataName();
          familyType = p.type();
          sink.metadata(p, e);
        } else if (e == ExpositionParser.Entry.HELP || e == ExpositionParser.Entry.UNIT) {
          sink.metadata(p, e);
        } else if (e == ExpositionParser.Entry.SERIES) {
          if (openMetrics && hasCreated(familyType) && isCreated(p.metricName(), family)) {
            continue;
          }
          sink.sample(p, p.value(), p.hasTimestamp() ? p.timestampMillis() : Long.MIN_VALUE);
        }
      }
    } catch (ParseException ex) {
      throw new ScrapeException(ex.getMessage(), ex);
    }
  }

  private static boolean hasCreated(MetricType type) {
    return type == MetricType.COUNTER || type == MetricType.HISTOGRAM
        || type == MetricType.SUMMARY || type == MetricType.GAUGEHISTOGRAM;
  }

  private static boolean isCreated(String name, String family) {
    return name.length() == family.length() + "_created".length()
        && name.startsWith(family) && name.endsWith("_created");
  }
}
