package dev.vigil.client.exposition;

import static dev.vigil.client.exposition.LineBuffer.BUCKET;
import static dev.vigil.client.exposition.LineBuffer.COUNT;
import static dev.vigil.client.exposition.LineBuffer.CREATED;
import static dev.vigil.client.exposition.LineBuffer.INFO;
import static dev.vigil.client.exposition.LineBuffer.LE;
import static dev.vigil.client.exposition.LineBuffer.QUANTILE;
import static dev.vigil.client.exposition.LineBuffer.SUM;
import static dev.vigil.client.exposition.LineBuffer.TOTAL;

import dev.vigil.client.model.CounterSnapshot;
import dev.vigil.client.model.DataPointSnapshot;
import dev.vigil.client.model.GaugeSnapshot;
import dev.vigil.client.model.HistogramSnapshot;
import dev.vigil.client.model.InfoSnapshot;
import dev.vigil.client.model.MetricSnapshot;
import dev.vigil.client.model.MetricSnapshots;
import dev.vigil.client.model.StateSetSnapshot;
import dev.vigil.client.model.SummarySnapshot;
import dev.vigil.client.model.UnknownSnapshot;
import java.io.IOException;
import java.io.OutputStream;
import java.util.List;

/**
 * The Prometheus text format 0.0.4.
 *
 * <p>The format has no info, state set, unit or exemplar, so: a counter {@code foo} is the family
 * {@code foo_total}; an info {@code foo} is the gauge {@code foo_info} with value 1; a state set
 * is a gauge with one sample per state, labelled {@code foo="<state>"}, valued 1 or 0; an unknown
 * family is {@code untyped}; units and exemplars are left out. {@code le} and {@code quantile}
 * values use the same canonical rendering as {@link OpenMetricsWriter} ({@code 1.0}, not
 * {@code 1}), so series keep their identity whichever format a scraper negotiates.
 *
 * <p>Created timestamps are left out by default. With {@link Builder#includeCreatedTimestamps},
 * each counter, histogram and summary family is followed by a gauge family {@code foo_created}
 * holding, per data point, the creation time in seconds since the epoch.
 *
 * <p>Stateless and thread-safe.
 */
public final class PrometheusTextWriter implements ExpositionWriter {
  public static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

  private static final byte[] HELP = LineBuffer.ascii("# HELP ");
  private static final byte[] TYPE = LineBuffer.ascii("# TYPE ");

  private final boolean includeCreatedTimestamps;

  /** A writer without {@code _created} families. */
  public PrometheusTextWriter() {
    this(false);
  }

  private PrometheusTextWriter(boolean includeCreatedTimestamps) {
    this.includeCreatedTimestamps = includeCreatedTimestamps;
  }

  public static Builder builder() {
    return new Builder();
  }

  public boolean isIncludeCreatedTimestamps() {
    return includeCreatedTimestamps;
  }

  /**
   * True for {@code text/plain} without version or with version 0.0.4, and for the wildcards
   * {@code text/*} and {@code *}{@code /*}, since this is the format to answer them with.
   */
  @Override
  public boolean accepts(String acceptHeader) {
    for (HeaderElement e : HeaderElement.parse(acceptHeader)) {
      if (e.q > 0 && matches(e)) {
        return true;
      }
    }
    return false;
  }

  private static boolean matches(HeaderElement e) {
    if (e.isMediaType("text/plain")) {
      return e.version == null || e.version.equals("0.0.4");
    }
    return e.isMediaType("*/*") || e.isMediaType("text/*");
  }

  @Override
  public String getContentType() {
    return CONTENT_TYPE;
  }

  @Override
  public void write(OutputStream out, MetricSnapshots snapshots) throws IOException {
    LineBuffer lines = new LineBuffer(out);
    for (MetricSnapshot<?> s : snapshots) {
      byte[] name = LineBuffer.ascii(s.getName());
      String help = s.getMetadata().getHelp();
      switch (s.getType()) {
        case COUNTER:
          writeCounter(lines, name, help, (CounterSnapshot) s);
          break;
        case GAUGE:
          writeGauge(lines, name, help, (GaugeSnapshot) s);
          break;
        case HISTOGRAM:
          writeHistogram(lines, name, help, (HistogramSnapshot) s);
          break;
        case SUMMARY:
          writeSummary(lines, name, help, (SummarySnapshot) s);
          break;
        case INFO:
          writeInfo(lines, name, help, (InfoSnapshot) s);
          break;
        case STATESET:
          writeStateSet(lines, name, help, (StateSetSnapshot) s);
          break;
        case UNKNOWN:
          writeUnknown(lines, name, help, (UnknownSnapshot) s);
          break;
        default:
          throw new IllegalArgumentException("no text 0.0.4 rendering for type " + s.getType());
      }
    }
    lines.finish();
  }

  private void writeCounter(LineBuffer lines, byte[] name, String help, CounterSnapshot s)
      throws IOException {
    metadata(lines, name, TOTAL, help, "counter");
    for (CounterSnapshot.DataPoint p : s.getDataPoints()) {
      lines.setLabels(p.getLabels());
      lines.sample(name, TOTAL).doubleValue(p.getValue());
      lines.endLine();
    }
    writeCreated(lines, name, help, s.getDataPoints());
  }

  private static void writeGauge(LineBuffer lines, byte[] name, String help, GaugeSnapshot s)
      throws IOException {
    metadata(lines, name, null, help, "gauge");
    for (GaugeSnapshot.DataPoint p : s.getDataPoints()) {
      lines.setLabels(p.getLabels());
      lines.sample(name, null).doubleValue(p.getValue());
      lines.endLine();
    }
  }

  private void writeHistogram(LineBuffer lines, byte[] name, String help, HistogramSnapshot s)
      throws IOException {
    metadata(lines, name, null, help, "histogram");
    for (HistogramSnapshot.DataPoint p : s.getDataPoints()) {
      lines.setLabels(p.getLabels());
      for (int i = 0; i < p.getBucketCount(); i++) {
        byte[] le = lines.canonical(i, p.getUpperBound(i));
        lines.sample(name, BUCKET, LE, le).longValue(p.getCumulativeCount(i));
        lines.endLine();
      }
      sumAndCount(lines, name, p.getSum(), p.getCount());
    }
    writeCreated(lines, name, help, s.getDataPoints());
  }

  private void writeSummary(LineBuffer lines, byte[] name, String help, SummarySnapshot s)
      throws IOException {
    metadata(lines, name, null, help, "summary");
    for (SummarySnapshot.DataPoint p : s.getDataPoints()) {
      lines.setLabels(p.getLabels());
      for (int i = 0; i < p.getQuantileCount(); i++) {
        byte[] quantile = lines.canonical(i, p.getQuantile(i));
        lines.sample(name, null, QUANTILE, quantile).doubleValue(p.getValue(i));
        lines.endLine();
      }
      sumAndCount(lines, name, p.getSum(), p.getCount());
    }
    writeCreated(lines, name, help, s.getDataPoints());
  }

  private static void sumAndCount(LineBuffer lines, byte[] name, double sum, long count)
      throws IOException {
    lines.sample(name, SUM).doubleValue(sum);
    lines.endLine();
    lines.sample(name, COUNT).longValue(count);
    lines.endLine();
  }

  private static void writeInfo(LineBuffer lines, byte[] name, String help, InfoSnapshot s)
      throws IOException {
    metadata(lines, name, INFO, help, "gauge");
    for (InfoSnapshot.DataPoint p : s.getDataPoints()) {
      lines.setLabels(p.getLabels());
      lines.sample(name, INFO).put('1');
      lines.endLine();
    }
  }

  private static void writeStateSet(LineBuffer lines, byte[] name, String help,
      StateSetSnapshot s) throws IOException {
    metadata(lines, name, null, help, "gauge");
    for (StateSetSnapshot.DataPoint p : s.getDataPoints()) {
      lines.setLabels(p.getLabels());
      for (int i = 0; i < p.size(); i++) {
        lines.sample(name, null, name, p.getState(i)).put(p.isEnabled(i) ? '1' : '0');
        lines.endLine();
      }
    }
  }

  private static void writeUnknown(LineBuffer lines, byte[] name, String help, UnknownSnapshot s)
      throws IOException {
    metadata(lines, name, null, help, "untyped");
    for (UnknownSnapshot.DataPoint p : s.getDataPoints()) {
      lines.setLabels(p.getLabels());
      lines.sample(name, null).doubleValue(p.getValue());
      lines.endLine();
    }
  }

  /** The {@code foo_created} gauge family, when enabled and some data point has a timestamp. */
  private void writeCreated(LineBuffer lines, byte[] name, String help,
      List<? extends DataPointSnapshot> points) throws IOException {
    if (!includeCreatedTimestamps || !anyCreated(points)) {
      return;
    }
    metadata(lines, name, CREATED, help, "gauge");
    for (DataPointSnapshot p : points) {
      if (p.hasCreatedTimestamp()) {
        lines.setLabels(p.getLabels());
        lines.sample(name, CREATED).millisAsSeconds(p.getCreatedTimestampMillis());
        lines.endLine();
      }
    }
  }

  private static boolean anyCreated(List<? extends DataPointSnapshot> points) {
    for (DataPointSnapshot p : points) {
      if (p.hasCreatedTimestamp()) {
        return true;
      }
    }
    return false;
  }

  /** HELP (when there is a non-empty help text) and TYPE, as 0.0.4 orders them by convention. */
  private static void metadata(LineBuffer lines, byte[] name, byte[] suffix, String help,
      String type) throws IOException {
    ByteSink out = lines.out;
    if (help != null && !help.isEmpty()) {
      out.put(HELP).put(name);
      if (suffix != null) {
        out.put(suffix);
      }
      // 0.0.4 escapes only backslash and line feed in HELP; a quote stays as it is.
      out.put(' ').escaped(help, false);
      lines.endLine();
    }
    out.put(TYPE).put(name);
    if (suffix != null) {
      out.put(suffix);
    }
    out.put(' ').ascii(type);
    lines.endLine();
  }

  /** Options of {@link PrometheusTextWriter}. */
  public static final class Builder {
    private boolean includeCreatedTimestamps;

    private Builder() {}

    /**
     * Also writes {@code foo_created} gauge families (seconds since the epoch) after counters,
     * histograms and summaries. Off by default: 0.0.4 has no notion of created timestamps, so
     * they cost one extra series per data point.
     */
    public Builder includeCreatedTimestamps(boolean include) {
      this.includeCreatedTimestamps = include;
      return this;
    }

    public PrometheusTextWriter build() {
      return new PrometheusTextWriter(includeCreatedTimestamps);
    }
  }
}
