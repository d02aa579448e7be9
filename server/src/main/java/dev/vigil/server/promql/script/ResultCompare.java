package dev.vigil.server.promql.script;

import dev.vigil.server.model.FloatHistogram;
import dev.vigil.server.promql.functions.HistogramQuantile;
import dev.vigil.server.model.Labels;
import dev.vigil.server.promql.value.InstantVector;
import dev.vigil.server.promql.value.Matrix;
import dev.vigil.server.promql.value.Sample;
import dev.vigil.server.promql.value.Scalar;
import dev.vigil.server.promql.value.Series;
import dev.vigil.server.promql.value.StringValue;
import dev.vigil.server.promql.value.Value;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Compares a query's value with an eval's expected result the way Prometheus's test framework
 * does: label sets exactly, floats within a relative tolerance of 1e-6 (NaN equals NaN), order
 * only for ordered evals, matrices point by point on the expected time grid. Each method returns
 * why the value does not match, or null when it does.
 */
final class ResultCompare {
  static final double EPSILON = 1e-6;

  private ResultCompare() {}

  /** Prometheus's float equality for tests, at its test tolerance. */
  static boolean almostEqual(double a, double b) {
    return HistogramQuantile.almostEqual(a, b, EPSILON);
  }

  static String compare(Command.Eval e, Value v) {
    Expectations x = e.expect();
    if (x.string() != null) {
      if (!(v instanceof StringValue s)) {
        return "expected string \"" + x.string() + "\", but got a " + v.resultType();
      }
      return s.v().equals(x.string()) ? null
          : "expected string \"" + x.string() + "\", but got \"" + s.v() + "\"";
    }
    if (v instanceof Scalar s) {
      return scalar(e, s);
    } else if (v instanceof InstantVector vec) {
      return vector(e, vec);
    } else if (v instanceof Matrix m) {
      return matrix(e, m);
    }
    return "expected a " + (e.scalar() != null ? "scalar" : "vector or matrix")
        + " result, but got string \"" + ((StringValue) v).v() + "\"";
  }

  private static String scalar(Command.Eval e, Scalar s) {
    if (e.scalar() == null) {
      return "expected a vector or matrix result, but got scalar " + Numbers.format(s.v());
    }
    return almostEqual(e.scalar(), s.v()) ? null
        : "expected scalar " + Numbers.format(e.scalar()) + " but got " + Numbers.format(s.v());
  }

  private static String vector(Command.Eval e, InstantVector vec) {
    if (e.scalar() != null) {
      return "expected a scalar result, but got a vector";
    }
    if (e.range()) {
      return "a range query must return a matrix, but got a vector";
    }
    if (e.expect().rangeVector() != null) {
      return "expected a range vector, but got an instant vector";
    }
    Map<Labels, Integer> positions = positions(e);
    Set<Labels> seen = new HashSet<>();
    for (int pos = 0; pos < vec.samples().size(); pos++) {
      Sample s = vec.samples().get(pos);
      Integer want = positions.get(s.labels());
      if (want == null) {
        return "unexpected series " + s.labels() + " in the result, with value "
            + Numbers.format(s.v());
      }
      if (!seen.add(s.labels())) {
        return "series " + s.labels() + " is in the result twice";
      }
      if (e.expect().ordered() && want != pos) {
        return "expected series " + s.labels() + " at position " + (want + 1) + " but it was at "
            + (pos + 1);
      }
      Points p = e.series().get(want).points();
      if (p.kind(0) == Points.HISTOGRAM) {
        if (s.h() == null) {
          return "expected a native histogram for " + s.labels() + " but got float "
              + Numbers.format(s.v());
        }
        if (!histogramsMatch(p.histogram(0), s.h())) {
          return "expected " + p.histogram(0) + " for " + s.labels() + " but got " + s.h();
        }
        continue;
      }
      if (s.h() != null) {
        return "expected " + Numbers.format(p.value(0)) + " for " + s.labels()
            + " but got the histogram " + s.h();
      }
      if (!almostEqual(p.value(0), s.v())) {
        return "expected " + Numbers.format(p.value(0)) + " for " + s.labels() + " but got "
            + Numbers.format(s.v());
      }
    }
    for (SeriesLine s : e.series()) {
      if (!seen.contains(s.labels())) {
        return "expected series " + s.labels() + " with " + s.points() + " not found";
      }
    }
    return null;
  }

  private static String matrix(Command.Eval e, Matrix m) {
    if (e.expect().ordered()) {
      return "expected an ordered result, but the query returned a matrix";
    }
    if (e.scalar() != null) {
      return "expected a scalar result, but got a matrix";
    }
    Expectations.Grid grid = grid(e);
    if (grid == null) {
      return "the instant query returned a range vector; add \"expect range vector from <start>"
          + " to <end> step <step>\" to check it";
    }
    for (int i = 1; i < m.series().size(); i++) {
      if (m.series().get(i - 1).labels().compareTo(m.series().get(i).labels()) >= 0) {
        return "matrix results must be sorted by labels, but " + m.series().get(i - 1).labels()
            + " (index " + (i - 1) + ") does not sort before " + m.series().get(i).labels();
      }
    }
    Map<Labels, Integer> positions = positions(e);
    Set<Labels> seen = new HashSet<>();
    for (Series s : m.series()) {
      Integer want = positions.get(s.labels());
      if (want == null) {
        return "unexpected series " + s.labels() + " in the result, with "
            + ResultText.points(s, grid);
      }
      seen.add(s.labels());
      String why = points(e.series().get(want), s, grid);
      if (why != null) {
        return why;
      }
    }
    for (SeriesLine s : e.series()) {
      if (!seen.contains(s.labels())) {
        return "expected series " + s.labels() + " not found";
      }
    }
    return null;
  }

  /** One series against its expected points; omitted points ({@code _}) must be absent. */
  private static String points(SeriesLine want, Series got, Expectations.Grid grid) {
    Points p = want.points();
    int j = 0;
    for (int i = 0; i < p.size(); i++) {
      long t = grid.startMs() + i * grid.stepMs();
      if (t > grid.endMs()) {
        return "expected " + p.size() + " points for " + want.labels() + ", but the time range"
            + " has only " + ((grid.endMs() - grid.startMs()) / grid.stepMs() + 1) + " steps";
      }
      if (p.kind(i) == Points.OMITTED) {
        continue;
      }
      String wantText = p.kind(i) == Points.HISTOGRAM ? String.valueOf(p.histogram(i))
          : Numbers.format(p.value(i));
      if (j >= got.size()) {
        return "expected " + wantText + " at " + ResultText.time(t) + " for "
            + want.labels() + ", but the series has no point there";
      }
      long gotT = got.ts()[j];
      if (gotT != t) {
        return "expected a point at " + ResultText.time(t) + " for " + want.labels()
            + ", but the next point is at " + ResultText.time(gotT);
      }
      FloatHistogram gotH = got.histogram(j);
      if (p.kind(i) == Points.HISTOGRAM || gotH != null) {
        if (p.kind(i) != Points.HISTOGRAM || gotH == null
            || !histogramsMatch(p.histogram(i), gotH)) {
          return "expected " + wantText + " at " + ResultText.time(t) + " for " + want.labels()
              + " but got " + (gotH != null ? gotH.toString() : Numbers.format(got.vs()[j]));
        }
        j++;
        continue;
      }
      if (!almostEqual(p.value(i), got.vs()[j])) {
        return "expected " + Numbers.format(p.value(i)) + " at " + ResultText.time(t) + " for "
            + want.labels() + " but got " + Numbers.format(got.vs()[j]);
      }
      j++;
    }
    if (j < got.size()) {
      return "unexpected point " + Numbers.format(got.vs()[j]) + " at "
          + ResultText.time(got.ts()[j]) + " for " + want.labels();
    }
    return null;
  }

  /**
   * Prometheus's test comparison of histograms: same schema, zero threshold, custom bounds and
   * non-empty buckets, floats within the tolerance. The counter-reset hint counts only when the
   * expected histogram states one.
   */
  static boolean histogramsMatch(FloatHistogram want, FloatHistogram got) {
    if (want.schema() != got.schema() || !almostEqual(want.count(), got.count())
        || !almostEqual(want.sum(), got.sum())
        || want.zeroThreshold() != got.zeroThreshold()
        || !almostEqual(want.zeroCount(), got.zeroCount())
        || !java.util.Arrays.equals(want.customValues(), got.customValues())) {
      return false;
    }
    if (want.counterResetHint() != FloatHistogram.UNKNOWN
        && want.counterResetHint() != got.counterResetHint()) {
      return false;
    }
    return bucketsMatch(want.positiveIndexes(), want.positiveCounts(), got.positiveIndexes(),
        got.positiveCounts())
        && bucketsMatch(want.negativeIndexes(), want.negativeCounts(), got.negativeIndexes(),
        got.negativeCounts());
  }

  private static boolean bucketsMatch(int[] wi, double[] wc, int[] gi, double[] gc) {
    if (!java.util.Arrays.equals(wi, gi)) {
      return false;
    }
    for (int i = 0; i < wc.length; i++) {
      if (!almostEqual(wc[i], gc[i])) {
        return false;
      }
    }
    return true;
  }

  /** The expected time grid of a matrix: the range query's, or the instant query's range vector. */
  static Expectations.Grid grid(Command.Eval e) {
    return e.range() ? new Expectations.Grid(e.startMs(), e.endMs(), e.stepMs())
        : e.expect().rangeVector();
  }

  private static Map<Labels, Integer> positions(Command.Eval e) {
    Map<Labels, Integer> m = new HashMap<>();
    for (int i = 0; i < e.series().size(); i++) {
      m.put(e.series().get(i).labels(), i);
    }
    return m;
  }
}
