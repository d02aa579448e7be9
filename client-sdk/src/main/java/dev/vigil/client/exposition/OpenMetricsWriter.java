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
import dev.vigil.client.model.Exemplar;
import dev.vigil.client.model.GaugeSnapshot;
import dev.vigil.client.model.HistogramSnapshot;
import dev.vigil.client.model.InfoSnapshot;
import dev.vigil.client.model.Labels;
import dev.vigil.client.model.MetricMetadata;
import dev.vigil.client.model.MetricSnapshot;
import dev.vigil.client.model.MetricSnapshots;
import dev.vigil.client.model.StateSetSnapshot;
import dev.vigil.client.model.SummarySnapshot;
import dev.vigil.client.model.UnknownSnapshot;
import java.io.IOException;
import java.io.OutputStream;

/**
 * The OpenMetrics 1.0.0 text format.
 *
 * <p>Metadata lines come in the order the specification recommends (TYPE, UNIT, HELP) and use
 * the family's base name; samples carry the type's suffixes ({@code _total}, {@code _bucket},
 * {@code _count}, {@code _sum}, {@code _created}, {@code _info}). Created timestamps and exemplar
 * timestamps are seconds since the epoch with up to three decimals. Exemplars are written where
 * OpenMetrics 1.0 allows them, on counter totals and histogram buckets; a gauge's exemplar is
 * left out. {@code le} and {@code quantile} values are canonical numbers ({@code 0.5},
 * {@code 1.0}, {@code 1e+06}, {@code +Inf}). A histogram with a negative bucket bound has no
 * {@code _sum}, and then also no {@code _count}, as the specification requires.
 *
 * <p>Stateless and thread-safe.
 */
public final class OpenMetricsWriter implements ExpositionWriter {
  public static final String CONTENT_TYPE =
      "application/openmetrics-text; version=1.0.0; charset=utf-8";

  private static final byte[] TYPE = LineBuffer.ascii("# TYPE ");
  private static final byte[] UNIT = LineBuffer.ascii("# UNIT ");
  private static final byte[] HELP = LineBuffer.ascii("# HELP ");
  private static final byte[] EXEMPLAR = LineBuffer.ascii(" # {");
  private static final byte[] EOF = LineBuffer.ascii("# EOF");

  /**
   * True for {@code application/openmetrics-text} without version (the newest this writer
   * speaks, 1.0.0) or with version 1.0.0 or 0.0.1, whose text syntax 1.0.0 keeps.
   */
  @Override
  public boolean accepts(String acceptHeader) {
    for (HeaderElement e : HeaderElement.parse(acceptHeader)) {
      if (e.q > 0 && e.isMediaType("application/openmetrics-text")
          && (e.version == null || e.version.equals("1.0.0") || e.version.equals("0.0.1"))) {
        return true;
      }
    }
    return false;
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
      metadata(lines, name, s.getMetadata(), s.getType().openMetricsName());
      switch (s.getType()) {
        case COUNTER:
          writeCounter(lines, name, (CounterSnapshot) s);
          break;
        case GAUGE:
          for (GaugeSnapshot.DataPoint p : ((GaugeSnapshot) s).getDataPoints()) {
            writeValue(lines, name, p, p.getValue());
          }
          break;
        case HISTOGRAM:
          writeHistogram(lines, name, (HistogramSnapshot) s);
          break;
        case SUMMARY:
          writeSummary(lines, name, (SummarySnapshot) s);
          break;
        case INFO:
          for (InfoSnapshot.DataPoint p : ((InfoSnapshot) s).getDataPoints()) {
            lines.setLabels(p.getLabels());
            lines.sample(name, INFO).put('1');
            lines.endLine();
          }
          break;
        case STATESET:
          writeStateSet(lines, name, (StateSetSnapshot) s);
          break;
        case UNKNOWN:
          for (UnknownSnapshot.DataPoint p : ((UnknownSnapshot) s).getDataPoints()) {
            writeValue(lines, name, p, p.getValue());
          }
          break;
        default:
          throw new IllegalArgumentException("no OpenMetrics rendering for type " + s.getType());
      }
    }
    lines.out.put(EOF);
    lines.endLine();
    lines.finish();
  }

  private static void writeValue(LineBuffer lines, byte[] name, DataPointSnapshot p, double v)
      throws IOException {
    lines.setLabels(p.getLabels());
    lines.sample(name, null).doubleValue(v);
    lines.endLine();
  }

  private static void writeCounter(LineBuffer lines, byte[] name, CounterSnapshot s)
      throws IOException {
    for (CounterSnapshot.DataPoint p : s.getDataPoints()) {
      lines.setLabels(p.getLabels());
      lines.sample(name, TOTAL).doubleValue(p.getValue());
      exemplar(lines.out, p.getExemplar());
      lines.endLine();
      created(lines, name, p);
    }
  }

  private static void writeHistogram(LineBuffer lines, byte[] name, HistogramSnapshot s)
      throws IOException {
    for (HistogramSnapshot.DataPoint p : s.getDataPoints()) {
      lines.setLabels(p.getLabels());
      for (int i = 0; i < p.getBucketCount(); i++) {
        byte[] le = lines.canonical(i, p.getUpperBound(i));
        lines.sample(name, BUCKET, LE, le).longValue(p.getCumulativeCount(i));
        exemplar(lines.out, p.getExemplar(i));
        lines.endLine();
      }
      // A sum over negative observations is no counter, so OpenMetrics forbids it with negative
      // buckets, and _count must appear exactly when _sum does.
      if (!(p.getUpperBound(0) < 0)) {
        lines.sample(name, COUNT).longValue(p.getCount());
        lines.endLine();
        lines.sample(name, SUM).doubleValue(p.getSum());
        lines.endLine();
      }
      created(lines, name, p);
    }
  }

  private static void writeSummary(LineBuffer lines, byte[] name, SummarySnapshot s)
      throws IOException {
    for (SummarySnapshot.DataPoint p : s.getDataPoints()) {
      lines.setLabels(p.getLabels());
      for (int i = 0; i < p.getQuantileCount(); i++) {
        byte[] quantile = lines.canonical(i, p.getQuantile(i));
        lines.sample(name, null, QUANTILE, quantile).doubleValue(p.getValue(i));
        lines.endLine();
      }
      lines.sample(name, COUNT).longValue(p.getCount());
      lines.endLine();
      lines.sample(name, SUM).doubleValue(p.getSum());
      lines.endLine();
      created(lines, name, p);
    }
  }

  private static void writeStateSet(LineBuffer lines, byte[] name, StateSetSnapshot s)
      throws IOException {
    for (StateSetSnapshot.DataPoint p : s.getDataPoints()) {
      lines.setLabels(p.getLabels());
      for (int i = 0; i < p.size(); i++) {
        lines.sample(name, null, name, p.getState(i)).put(p.isEnabled(i) ? '1' : '0');
        lines.endLine();
      }
    }
  }

  /** {@code foo_created{...} <seconds>} when the data point has a created timestamp. */
  private static void created(LineBuffer lines, byte[] name, DataPointSnapshot p)
      throws IOException {
    if (p.hasCreatedTimestamp()) {
      lines.sample(name, CREATED).millisAsSeconds(p.getCreatedTimestampMillis());
      lines.endLine();
    }
  }

  /** {@code  # {trace_id="..."} value [timestamp]}, appended to the current sample line. */
  private static void exemplar(ByteSink out, Exemplar e) {
    if (e == null) {
      return;
    }
    out.put(EXEMPLAR);
    Labels l = e.getLabels();
    for (int i = 0; i < l.size(); i++) {
      if (i > 0) {
        out.put(',');
      }
      out.ascii(l.getName(i)).put('=').put('"').escaped(l.getValue(i), true).put('"');
    }
    out.put('}').put(' ').doubleValue(e.getValue());
    if (e.hasTimestamp()) {
      out.put(' ').millisAsSeconds(e.getTimestampMillis());
    }
  }

  /** TYPE, then UNIT and HELP when set: the order the specification recommends. */
  private static void metadata(LineBuffer lines, byte[] name, MetricMetadata m, String type)
      throws IOException {
    ByteSink out = lines.out;
    out.put(TYPE).put(name).put(' ').ascii(type);
    lines.endLine();
    if (m.getUnit() != null) {
      out.put(UNIT).put(name).put(' ').ascii(m.getUnit().getName());
      lines.endLine();
    }
    String help = m.getHelp();
    if (help != null && !help.isEmpty()) {
      // HELP is an escaped-string in OpenMetrics: the double quote is escaped too.
      out.put(HELP).put(name).put(' ').escaped(help, true);
      lines.endLine();
    }
  }
}
