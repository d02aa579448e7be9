package dev.vigil.server.api;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.vigil.server.model.FloatHistogram;
import dev.vigil.server.promql.engine.QueryStats;
import dev.vigil.server.promql.functions.FloatFormat;
import dev.vigil.server.promql.value.InstantVector;
import dev.vigil.server.promql.value.Matrix;
import dev.vigil.server.promql.value.Sample;
import dev.vigil.server.promql.value.Scalar;
import dev.vigil.server.promql.value.Series;
import dev.vigil.server.promql.value.StringValue;
import dev.vigil.server.promql.value.Value;
import java.io.IOException;

/**
 * Query results in Prometheus's JSON: {@code {"resultType":..,"result":..}} with points as
 * {@code [<unix seconds>, "<value>"]}. Timestamps are written as Prometheus writes them, which
 * depends on the result type: vector and matrix points with three fraction digits when there is
 * a fraction ({@code 1700000000.500}), scalars and strings as the shortest decimal
 * ({@code 1700000000.5}). JSON readers take both as the same number.
 */
final class QueryJson {
  private QueryJson() {}

  /** The {@code data} object of a query answer; {@code stats} null leaves them out. */
  static void data(JsonGenerator g, Value value, QueryStats stats) throws IOException {
    g.writeStartObject();
    g.writeStringField("resultType", value.resultType());
    g.writeFieldName("result");
    result(g, value);
    if (stats != null) {
      g.writeFieldName("stats");
      stats(g, stats);
    }
    g.writeEndObject();
  }

  static void result(JsonGenerator g, Value value) throws IOException {
    // One builder per answer: points are written as raw text, so the hot loop makes no strings
    // beyond the value's own.
    StringBuilder sb = new StringBuilder(32);
    if (value instanceof Scalar s) {
      g.writeStartArray();
      sb.setLength(0);
      appendShortTimestamp(sb, s.t());
      g.writeNumber(sb.toString());
      sb.setLength(0);
      FloatFormat.appendApi(sb, s.v());
      g.writeString(sb.toString());
      g.writeEndArray();
    } else if (value instanceof StringValue s) {
      g.writeStartArray();
      sb.setLength(0);
      appendShortTimestamp(sb, s.t());
      g.writeNumber(sb.toString());
      g.writeString(s.v());
      g.writeEndArray();
    } else if (value instanceof InstantVector v) {
      g.writeStartArray();
      for (Sample s : v.samples()) {
        g.writeStartObject();
        g.writeFieldName("metric");
        ApiJson.labels(g, s.labels());
        if (s.h() != null) {
          g.writeFieldName("histogram");
          histogramPoint(g, sb, s.t(), s.h());
        } else {
          g.writeFieldName("value");
          point(g, sb, s.t(), s.v());
        }
        g.writeEndObject();
      }
      g.writeEndArray();
    } else if (value instanceof Matrix m) {
      g.writeStartArray();
      for (Series s : m.series()) {
        g.writeStartObject();
        g.writeFieldName("metric");
        ApiJson.labels(g, s.labels());
        long[] ts = s.ts();
        double[] vs = s.vs();
        if (s.hs() == null) {
          g.writeArrayFieldStart("values");
          for (int i = 0; i < s.size(); i++) {
            point(g, sb, ts[i], vs[i]);
          }
          g.writeEndArray();
        } else {
          mixed(g, sb, s);
        }
        g.writeEndObject();
      }
      g.writeEndArray();
    } else {
      throw new IllegalStateException("unknown value type " + value.getClass());
    }
  }

  /**
   * A series with histogram points: its floats under {@code values} and its histograms under
   * {@code histograms}, each left out when empty, as Prometheus writes them.
   */
  private static void mixed(JsonGenerator g, StringBuilder sb, Series s) throws IOException {
    FloatHistogram[] hs = s.hs();
    boolean open = false;
    for (int i = 0; i < s.size(); i++) {
      if (hs[i] == null) {
        if (!open) {
          g.writeArrayFieldStart("values");
          open = true;
        }
        point(g, sb, s.ts()[i], s.vs()[i]);
      }
    }
    if (open) {
      g.writeEndArray();
      open = false;
    }
    for (int i = 0; i < s.size(); i++) {
      if (hs[i] != null) {
        if (!open) {
          g.writeArrayFieldStart("histograms");
          open = true;
        }
        histogramPoint(g, sb, s.ts()[i], hs[i]);
      }
    }
    if (open) {
      g.writeEndArray();
    }
  }

  private static void histogramPoint(JsonGenerator g, StringBuilder sb, long t, FloatHistogram h)
      throws IOException {
    g.writeStartArray();
    timestamp(g, sb, t);
    histogram(g, sb, h);
    g.writeEndArray();
  }

  /**
   * {@code {"count":"..","sum":"..","buckets":[[rule,"lower","upper","count"],..]}}: buckets from
   * the lowest, empty ones left out (and {@code buckets} with them when all are). The rule says
   * which ends are inclusive: 0 upper only (positive buckets), 1 lower only (negative buckets),
   * 3 both (the zero bucket).
   */
  static void histogram(JsonGenerator g, StringBuilder sb, FloatHistogram h) throws IOException {
    g.writeStartObject();
    g.writeFieldName("count");
    apiString(g, sb, h.count());
    g.writeFieldName("sum");
    apiString(g, sb, h.sum());
    boolean any = false;
    int[] ni = h.negativeIndexes();
    double[] nc = h.negativeCounts();
    for (int i = ni.length - 1; i >= 0; i--) {
      any = bucketsStart(g, any);
      bucket(g, sb, 1, -FloatHistogram.upperBound(ni[i], h.schema()),
          -FloatHistogram.upperBound(ni[i] - 1, h.schema()), nc[i]);
    }
    if (h.zeroCount() != 0) {
      any = bucketsStart(g, any);
      bucket(g, sb, 3, -h.zeroThreshold(), h.zeroThreshold(), h.zeroCount());
    }
    int[] pi = h.positiveIndexes();
    double[] pc = h.positiveCounts();
    for (int i = 0; i < pi.length; i++) {
      any = bucketsStart(g, any);
      bucket(g, sb, 0, h.positiveLower(pi[i]), h.positiveUpper(pi[i]), pc[i]);
    }
    if (any) {
      g.writeEndArray();
    }
    g.writeEndObject();
  }

  private static boolean bucketsStart(JsonGenerator g, boolean started) throws IOException {
    if (!started) {
      g.writeArrayFieldStart("buckets");
    }
    return true;
  }

  private static void bucket(JsonGenerator g, StringBuilder sb, int rule, double lower,
      double upper, double count) throws IOException {
    g.writeStartArray();
    g.writeNumber(rule);
    apiString(g, sb, lower);
    apiString(g, sb, upper);
    apiString(g, sb, count);
    g.writeEndArray();
  }

  private static void apiString(JsonGenerator g, StringBuilder sb, double v) throws IOException {
    sb.setLength(0);
    FloatFormat.appendApi(sb, v);
    g.writeString(sb.toString());
  }

  private static void point(JsonGenerator g, StringBuilder sb, long t, double v)
      throws IOException {
    g.writeStartArray();
    timestamp(g, sb, t);
    sb.setLength(0);
    FloatFormat.appendApi(sb, v);
    g.writeString(sb.toString());
    g.writeEndArray();
  }

  private static void timestamp(JsonGenerator g, StringBuilder sb, long ms) throws IOException {
    sb.setLength(0);
    appendTimestamp(sb, ms);
    g.writeNumber(sb.toString());
  }

  /** Milliseconds as seconds, fraction in three digits: {@code 1500} → {@code 1.500}. */
  static void appendTimestamp(StringBuilder sb, long ms) {
    appendSeconds(sb, ms, false);
  }

  /** Milliseconds as the shortest decimal seconds: {@code 1500} → {@code 1.5}. */
  static void appendShortTimestamp(StringBuilder sb, long ms) {
    appendSeconds(sb, ms, true);
  }

  // Integer arithmetic: ms / 1000.0 formatted as a double gives the short text too, slower.
  private static void appendSeconds(StringBuilder sb, long ms, boolean trim) {
    long whole = ms / 1000;
    int f = (int) Math.abs(ms % 1000);
    if (ms < 0 && whole == 0 && f != 0) {
      sb.append('-');
    }
    sb.append(whole);
    if (f == 0) {
      return;
    }
    sb.append('.').append((char) ('0' + f / 100));
    if (!trim || f % 100 != 0) {
      sb.append((char) ('0' + f / 10 % 10));
    }
    if (!trim || f % 10 != 0) {
      sb.append((char) ('0' + f % 10));
    }
  }

  /** {@code stats}: timings in seconds and sample counts, with Prometheus's field names. */
  static void stats(JsonGenerator g, QueryStats s) throws IOException {
    g.writeStartObject();
    g.writeObjectFieldStart("timings");
    g.writeNumberField("evalTotalTime", s.evalTotalTime());
    // The engine does not sort results as a separate phase, so nothing is spent there.
    g.writeNumberField("resultSortTime", 0.0);
    g.writeNumberField("queryPreparationTime", s.queryPreparationTime());
    g.writeNumberField("innerEvalTime", s.innerEvalTime());
    g.writeNumberField("execQueueTime", s.execQueueTime());
    g.writeNumberField("execTotalTime", s.execTotalTime());
    g.writeEndObject();
    g.writeObjectFieldStart("samples");
    g.writeNumberField("totalQueryableSamples", s.totalQueryableSamples());
    g.writeNumberField("peakSamples", s.peakSamples());
    g.writeEndObject();
    g.writeEndObject();
  }
}
