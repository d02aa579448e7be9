package dev.vigil.server.promql.engine;

import dev.vigil.server.model.Labels;
import dev.vigil.server.promql.functions.FloatFormat;
import dev.vigil.server.promql.value.InstantVector;
import dev.vigil.server.promql.value.Matrix;
import dev.vigil.server.promql.value.Sample;
import dev.vigil.server.promql.value.Scalar;
import dev.vigil.server.promql.value.Series;
import dev.vigil.server.promql.value.StringValue;
import dev.vigil.server.promql.value.Value;
import dev.vigil.server.storage.Appender;
import dev.vigil.server.tsdb.Head;
import java.util.ArrayList;
import java.util.List;

/** A small in-memory store and a compact text form of results, for the engine's unit tests. */
final class Fixture {
  final Head head = new Head();
  Engine engine = new Engine(head);

  /** Marks a missing point in {@link #series}; other NaNs (stale markers) are stored. */
  static final double GAP = Double.NaN;
  private static final long GAP_BITS = Double.doubleToRawLongBits(GAP);

  /** Adds a series with values at 0, step, 2*step, ...; {@link #GAP} entries are skipped. */
  Fixture series(String metric, long stepMs, double... values) {
    Appender app = head.appender();
    Labels labels = parse(metric);
    for (int i = 0; i < values.length; i++) {
      if (Double.doubleToRawLongBits(values[i]) != GAP_BITS) {
        app.append(0, labels, i * stepMs, values[i]);
      }
    }
    app.commit();
    return this;
  }

  /** Adds single samples {@code t, v, t, v, ...}. */
  Fixture samples(String metric, double... tv) {
    Appender app = head.appender();
    Labels labels = parse(metric);
    for (int i = 0; i < tv.length; i += 2) {
      app.append(0, labels, (long) tv[i], tv[i + 1]);
    }
    app.commit();
    return this;
  }

  /** {@code name{a="b",c="d"}} without escapes. */
  static Labels parse(String metric) {
    List<String> kv = new ArrayList<>();
    int brace = metric.indexOf('{');
    String name = brace < 0 ? metric : metric.substring(0, brace);
    if (!name.isEmpty()) {
      kv.add(Labels.METRIC_NAME);
      kv.add(name);
    }
    if (brace >= 0) {
      String body = metric.substring(brace + 1, metric.length() - 1);
      for (String pair : body.split(",")) {
        if (pair.isBlank()) {
          continue;
        }
        int eq = pair.indexOf('=');
        kv.add(pair.substring(0, eq).trim());
        kv.add(pair.substring(eq + 2, pair.length() - 1));
      }
    }
    return Labels.of(kv.toArray(new String[0]));
  }

  String instant(String q, long t) {
    return text(engine.instant(q, t).value());
  }

  String range(String q, long start, long end, long step) {
    return text(engine.range(q, start, end, step).value());
  }

  static String text(Value v) {
    StringBuilder sb = new StringBuilder();
    if (v instanceof Scalar s) {
      sb.append("scalar ").append(FloatFormat.goG(s.v()));
    } else if (v instanceof StringValue s) {
      sb.append("string ").append(s.v());
    } else if (v instanceof InstantVector iv) {
      for (Sample s : iv.samples()) {
        sb.append(s.labels()).append(' ').append(FloatFormat.goG(s.v())).append('\n');
      }
    } else if (v instanceof Matrix m) {
      for (Series s : m.series()) {
        sb.append(s.labels());
        for (int i = 0; i < s.size(); i++) {
          sb.append(' ').append(FloatFormat.goG(s.vs()[i])).append('@').append(s.ts()[i] / 1000);
        }
        sb.append('\n');
      }
    }
    return sb.toString().strip();
  }
}
