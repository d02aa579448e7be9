package dev.vigil.server.promql.script;

import dev.vigil.server.model.Labels;
import dev.vigil.server.promql.engine.QueryEngine;
import dev.vigil.server.promql.engine.QueryOptions;
import dev.vigil.server.promql.engine.QueryException;
import dev.vigil.server.promql.engine.QueryResult;
import dev.vigil.server.promql.engine.QueryStats;
import dev.vigil.server.promql.value.InstantVector;
import dev.vigil.server.promql.value.Matrix;
import dev.vigil.server.promql.value.Sample;
import dev.vigil.server.promql.value.Scalar;
import dev.vigil.server.promql.value.Series;
import dev.vigil.server.promql.value.Value;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A test-only engine that answers from a table: instant results keyed by query and time, range
 * results keyed by query and range. A range query with no entry of its own is assembled from the
 * instant entries at its steps, which is what a correct engine does; a query with no entry at all
 * fails as bad_data.
 */
final class TableEngine implements QueryEngine {
  private final Map<String, QueryResult> instant = new HashMap<>();
  private final Map<String, QueryResult> range = new HashMap<>();
  private final Map<String, RuntimeException> errors = new HashMap<>();
  final List<String> calls = new ArrayList<>();

  TableEngine instant(String query, long t, Value v) {
    return instant(query, t, v, List.of(), List.of());
  }

  TableEngine instant(String query, long t, Value v, List<String> warnings, List<String> infos) {
    instant.put(query + "@" + t, new QueryResult(v, warnings, infos, QueryStats.EMPTY));
    return this;
  }

  TableEngine range(String query, long start, long end, long step, Matrix m) {
    range.put(query + "@" + start + ":" + end + ":" + step,
        new QueryResult(m, List.of(), List.of(), QueryStats.EMPTY));
    return this;
  }

  /** {@code query} throws {@code e}: a QueryException, or anything else to play a crash. */
  TableEngine fails(String query, RuntimeException e) {
    errors.put(query, e);
    return this;
  }

  @Override
  public QueryResult instant(String query, long timeMs, QueryOptions options) {
    calls.add("instant " + query + " @" + timeMs);
    RuntimeException e = errors.get(query);
    if (e != null) {
      throw e;
    }
    QueryResult r = instant.get(query + "@" + timeMs);
    if (r == null) {
      throw QueryException.badData("no table entry for " + query + " at " + timeMs);
    }
    return r;
  }

  @Override
  public QueryResult range(String query, long startMs, long endMs, long stepMs,
      QueryOptions options) {
    calls.add("range " + query + " " + startMs + ":" + endMs + ":" + stepMs);
    RuntimeException e = errors.get(query);
    if (e != null) {
      throw e;
    }
    QueryResult r = range.get(query + "@" + startMs + ":" + endMs + ":" + stepMs);
    if (r != null) {
      return r;
    }
    Map<Labels, List<long[]>> points = new TreeMap<>();
    Map<Labels, List<Double>> values = new TreeMap<>();
    boolean any = false;
    for (long t = startMs; t <= endMs; t += stepMs) {
      QueryResult at = instant.get(query + "@" + t);
      if (at == null) {
        continue;
      }
      any = true;
      List<Sample> samples = at.value() instanceof Scalar s
          ? List.of(new Sample(Labels.EMPTY, t, s.v()))
          : ((InstantVector) at.value()).samples();
      for (Sample s : samples) {
        points.computeIfAbsent(s.labels(), k -> new ArrayList<>()).add(new long[] {t});
        values.computeIfAbsent(s.labels(), k -> new ArrayList<>()).add(s.v());
      }
    }
    if (!any) {
      throw QueryException.badData("no table entry for " + query + " in range " + startMs + ":"
          + endMs);
    }
    List<Series> series = new ArrayList<>();
    for (Map.Entry<Labels, List<long[]>> en : points.entrySet()) {
      int n = en.getValue().size();
      long[] ts = new long[n];
      double[] vs = new double[n];
      for (int i = 0; i < n; i++) {
        ts[i] = en.getValue().get(i)[0];
        vs[i] = values.get(en.getKey()).get(i);
      }
      series.add(Series.of(en.getKey(), ts, vs));
    }
    return new QueryResult(new Matrix(series), List.of(), List.of(), QueryStats.EMPTY);
  }

  static InstantVector vector(Sample... samples) {
    return new InstantVector(List.of(samples));
  }

  static Sample sample(String labels, double v) {
    return new Sample(labels(labels), 0, v);
  }

  /** {@code "m a=b c=d"}: a metric name (or "-" for none) then name=value pairs. */
  static Labels labels(String spec) {
    String[] parts = spec.split(" ");
    Labels.Builder b = new Labels.Builder();
    if (!parts[0].equals("-")) {
      b.set(Labels.METRIC_NAME, parts[0]);
    }
    for (int i = 1; i < parts.length; i++) {
      int eq = parts[i].indexOf('=');
      b.set(parts[i].substring(0, eq), parts[i].substring(eq + 1));
    }
    return b.build();
  }
}
