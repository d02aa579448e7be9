package dev.vigil.server.promql.script;

import dev.vigil.server.model.Labels;
import dev.vigil.server.promql.engine.QueryEngine;
import dev.vigil.server.promql.engine.QueryException;
import dev.vigil.server.promql.engine.QueryResult;
import dev.vigil.server.promql.value.InstantVector;
import dev.vigil.server.promql.value.Matrix;
import dev.vigil.server.promql.value.Sample;
import dev.vigil.server.promql.value.Scalar;
import dev.vigil.server.promql.value.Series;
import dev.vigil.server.promql.value.Value;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs one eval against an engine and explains any mismatch. Like Prometheus's framework, an
 * instant query that returns a vector or scalar is also run as a range query over
 * {@code [t-1m, t+1m]} step 1m, and its middle step must give the same result (skipped for
 * ordered evals, since range results are sorted by labels).
 */
final class EvalCheck {
  private static final long RANGE_MODE_STEP = 60_000;

  private final QueryEngine engine;
  private final Command.Eval e;
  private final boolean rangeMode;

  EvalCheck(QueryEngine engine, Command.Eval e, boolean rangeMode) {
    this.engine = engine;
    this.e = e;
    this.rangeMode = rangeMode;
  }

  /** Null when the eval passes, else the report: why, then expected and actual results. */
  String run() {
    QueryResult r;
    try {
      r = e.range() ? engine.range(e.expr(), e.startMs(), e.endMs(), e.stepMs())
          : engine.instant(e.expr(), e.startMs());
    } catch (QueryException ex) {
      return failed(ex);
    } catch (RuntimeException ex) {
      return "the engine crashed: " + ex + at(ex) + "\n";
    }
    if (e.expect().fail()) {
      return "expected the query to fail, but it returned:\n" + ResultText.actual(r.value(),
          ResultCompare.grid(e));
    }
    String why = annotations("warning", r.warnings(), e.expect().warns(), e.expect().noWarn());
    if (why == null) {
      why = annotations("info", r.infos(), e.expect().infos(), e.expect().noInfo());
    }
    if (why == null) {
      why = ResultCompare.compare(e, r.value());
    }
    if (why != null) {
      return report(why, r, ResultCompare.grid(e));
    }
    return rangeMode && !e.range() && !e.expect().ordered()
        && (r.value() instanceof InstantVector || r.value() instanceof Scalar)
        && !RangeDependence.of(e.expr())
        ? rangeMode(r.value() instanceof Scalar) : null;
  }

  private String failed(QueryException ex) {
    if (!e.expect().fail()) {
      return "the query failed (" + ex.errorType() + "): " + ex.getMessage() + "\n";
    }
    for (MessageMatch m : e.expect().fails()) {
      if (!m.matches(ex.getMessage())) {
        return "the query failed as expected, but its error does not match " + m + "\n"
            + "  error: " + ex.getMessage() + "\n";
      }
    }
    return null;
  }

  /** Checks one kind of annotation against the eval's expect lines. */
  static String annotations(String kind, List<String> got, List<MessageMatch> expected,
      boolean none) {
    if (none && !got.isEmpty()) {
      return "unexpected " + kind + "s (expect no_" + (kind.equals("info") ? "info" : "warn")
          + "):\n    " + ResultText.list(got);
    }
    if (expected.isEmpty()) {
      return null;
    }
    if (got.isEmpty()) {
      return "expected " + kind + " annotations, but got none";
    }
    for (MessageMatch m : expected) {
      if (got.stream().noneMatch(m::matches)) {
        return "no " + kind + " matches " + m + "; got:\n    " + ResultText.list(got);
      }
    }
    for (String g : got) {
      if (expected.stream().noneMatch(m -> m.matches(g))) {
        return "unexpected " + kind + " (no expect line matches it): " + g;
      }
    }
    return null;
  }

  private String rangeMode(boolean scalar) {
    long t = e.startMs();
    String where = "in range mode (from " + ResultText.time(t - RANGE_MODE_STEP) + " to "
        + ResultText.time(t + RANGE_MODE_STEP) + " step 1m): ";
    QueryResult r;
    try {
      r = engine.range(e.expr(), t - RANGE_MODE_STEP, t + RANGE_MODE_STEP, RANGE_MODE_STEP);
    } catch (QueryException ex) {
      return where + "the query failed (" + ex.errorType() + "): " + ex.getMessage() + "\n";
    } catch (RuntimeException ex) {
      return where + "the engine crashed: " + ex + at(ex) + "\n";
    }
    if (!(r.value() instanceof Matrix m)) {
      return where + "a range query must return a matrix, but got a " + r.value().resultType()
          + "\n";
    }
    Expectations.Grid grid =
        new Expectations.Grid(t - RANGE_MODE_STEP, t + RANGE_MODE_STEP, RANGE_MODE_STEP);
    List<Sample> middle = new ArrayList<>();
    for (Series s : m.series()) {
      for (int i = 0; i < s.size(); i++) {
        if (s.ts()[i] == t) {
          middle.add(new Sample(s.labels(), t, s.vs()[i], s.histogram(i)));
          break;
        }
      }
    }
    Value v;
    if (scalar) {
      if (middle.size() != 1 || !middle.get(0).labels().equals(Labels.EMPTY)) {
        return report(where + "a scalar should give one series without labels at "
            + ResultText.time(t), r, grid);
      }
      v = new Scalar(t, middle.get(0).v());
    } else {
      v = new InstantVector(middle);
    }
    String why = ResultCompare.compare(e, v);
    if (why == null) {
      // Range results are sorted by labels; the comparison above ignores order.
      for (int i = 1; i < m.series().size() && why == null; i++) {
        if (m.series().get(i - 1).labels().compareTo(m.series().get(i).labels()) >= 0) {
          why = "matrix results must be sorted by labels, but " + m.series().get(i - 1).labels()
              + " does not sort before " + m.series().get(i).labels();
        }
      }
    }
    return why == null ? null : report(where + why, r, grid);
  }

  /** {@code grid} places matrix points; null prints each with its time. */
  private String report(String why, QueryResult r, Expectations.Grid grid) {
    StringBuilder b = new StringBuilder(why).append('\n');
    b.append("  expected:\n").append(ResultText.expected(e));
    b.append("  got:\n").append(ResultText.actual(r.value(), grid));
    if (!r.warnings().isEmpty()) {
      b.append("  warnings:\n    ").append(ResultText.list(r.warnings())).append('\n');
    }
    if (!r.infos().isEmpty()) {
      b.append("  infos:\n    ").append(ResultText.list(r.infos())).append('\n');
    }
    return b.toString();
  }

  private static String at(RuntimeException ex) {
    StackTraceElement[] st = ex.getStackTrace();
    return st.length == 0 ? "" : " at " + st[0];
  }
}
