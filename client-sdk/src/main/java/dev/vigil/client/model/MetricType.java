package dev.vigil.client.model;

/** The metric types of OpenMetrics that Vigil exposes. */
public enum MetricType {
  COUNTER("counter"),
  GAUGE("gauge"),
  HISTOGRAM("histogram"),
  SUMMARY("summary"),
  INFO("info"),
  STATESET("stateset"),
  UNKNOWN("unknown");

  private final String openMetricsName;

  MetricType(String openMetricsName) {
    this.openMetricsName = openMetricsName;
  }

  /** The type as OpenMetrics writes it in {@code # TYPE}. */
  public String openMetricsName() {
    return openMetricsName;
  }
}
