package dev.vigil.server.api;

import com.fasterxml.jackson.core.JsonGenerator;
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
        g.writeFieldName("value");
        point(g, sb, s.t(), s.v());
        g.writeEndObject();
      }
      g.writeEndArray();
    } else if (value instanceof Matrix m) {
      g.writeStartArray();
      for (Series s : m.series()) {
        g.writeStartObject();
        g.writeFieldName("metric");
        ApiJson.labels(g, s.labels());
        g.writeArrayFieldStart("values");
        long[] ts = s.ts();
        double[] vs = s.vs();
        for (int i = 0; i < s.size(); i++) {
          point(g, sb, ts[i], vs[i]);
        }
        g.writeEndArray();
        g.writeEndObject();
      }
      g.writeEndArray();
    } else {
      throw new IllegalStateException("unknown value type " + value.getClass());
    }
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
