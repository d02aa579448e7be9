package dev.vigil.server.scrape.parse;

/** Metric family types of both formats; the text format's {@code untyped} maps to UNKNOWN. */
public enum MetricType {
  COUNTER, GAUGE, HISTOGRAM, GAUGEHISTOGRAM, SUMMARY, INFO, STATESET, UNKNOWN
}
