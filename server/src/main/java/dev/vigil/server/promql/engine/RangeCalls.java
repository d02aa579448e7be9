package dev.vigil.server.promql.engine;

import dev.vigil.server.model.Labels;
import dev.vigil.server.promql.functions.FloatFormat;
import dev.vigil.server.promql.functions.OverTimeFunctions;
import dev.vigil.server.promql.functions.RangeFunctions;
import dev.vigil.server.promql.parser.Call;
import dev.vigil.server.promql.parser.Expr;
import java.util.List;

/** Functions of a range vector: rate and friends, the _over_time family, absent_over_time. */
final class RangeCalls {
  /** The computation of one function on one window; scalars are the per-step parameters. */
  @FunctionalInterface
  interface WindowFn {
    double apply(Window w, long rangeStart, long rangeEnd, long t, double p0, double p1);
  }

  /** A window function with the fewest samples it needs and whether it keeps the name. */
  record Def(int minSamples, boolean keepName, WindowFn fn) {}

  private final Evaluator ev;
  private final EvalContext ctx;
  private double[] scratch = new double[64];

  RangeCalls(Evaluator ev) {
    this.ev = ev;
    this.ctx = ev.ctx;
  }

  Def def(String name) {
    switch (name) {
      case "rate":
        return new Def(2, false, (w, lo, hi, t, a, b) ->
            RangeFunctions.rate(w.ts, w.vs, w.from, w.to, lo, hi));
      case "increase":
        return new Def(2, false, (w, lo, hi, t, a, b) ->
            RangeFunctions.increase(w.ts, w.vs, w.from, w.to, lo, hi));
      case "delta":
        return new Def(2, false, (w, lo, hi, t, a, b) ->
            RangeFunctions.delta(w.ts, w.vs, w.from, w.to, lo, hi));
      case "irate":
        return new Def(2, false, (w, lo, hi, t, a, b) ->
            RangeFunctions.irate(w.ts, w.vs, w.from, w.to));
      case "idelta":
        return new Def(2, false, (w, lo, hi, t, a, b) ->
            RangeFunctions.idelta(w.ts, w.vs, w.from, w.to));
      case "changes":
        return new Def(1, false, (w, lo, hi, t, a, b) -> RangeFunctions.changes(w.vs, w.from, w.to));
      case "resets":
        return new Def(1, false, (w, lo, hi, t, a, b) -> RangeFunctions.resets(w.vs, w.from, w.to));
      case "deriv":
        return new Def(2, false, (w, lo, hi, t, a, b) ->
            RangeFunctions.deriv(w.ts, w.vs, w.from, w.to));
      case "predict_linear":
        return new Def(2, false, (w, lo, hi, t, a, b) ->
            RangeFunctions.predictLinear(w.ts, w.vs, w.from, w.to, t, a));
      case "double_exponential_smoothing":
        return new Def(2, false, (w, lo, hi, t, a, b) ->
            RangeFunctions.doubleExponentialSmoothing(w.vs, w.from, w.to, a, b));
      case "avg_over_time":
        return new Def(1, false, (w, lo, hi, t, a, b) -> OverTimeFunctions.avg(w.vs, w.from, w.to));
      case "sum_over_time":
        return new Def(1, false, (w, lo, hi, t, a, b) -> OverTimeFunctions.sum(w.vs, w.from, w.to));
      case "min_over_time":
        return new Def(1, false, (w, lo, hi, t, a, b) -> OverTimeFunctions.min(w.vs, w.from, w.to));
      case "max_over_time":
        return new Def(1, false, (w, lo, hi, t, a, b) -> OverTimeFunctions.max(w.vs, w.from, w.to));
      case "count_over_time":
        return new Def(1, false, (w, lo, hi, t, a, b) -> OverTimeFunctions.count(w.from, w.to));
      case "stddev_over_time":
        return new Def(1, false, (w, lo, hi, t, a, b) ->
            OverTimeFunctions.stddev(w.vs, w.from, w.to));
      case "stdvar_over_time":
        return new Def(1, false, (w, lo, hi, t, a, b) ->
            OverTimeFunctions.stdvar(w.vs, w.from, w.to));
      case "last_over_time":
        return new Def(1, true, (w, lo, hi, t, a, b) -> OverTimeFunctions.last(w.vs, w.from, w.to));
      case "first_over_time":
        return new Def(1, true, (w, lo, hi, t, a, b) -> OverTimeFunctions.first(w.vs, w.from, w.to));
      case "present_over_time":
        return new Def(1, false, (w, lo, hi, t, a, b) -> OverTimeFunctions.present());
      case "ts_of_min_over_time":
        return new Def(1, false, (w, lo, hi, t, a, b) ->
            OverTimeFunctions.tsOfMin(w.ts, w.vs, w.from, w.to));
      case "ts_of_max_over_time":
        return new Def(1, false, (w, lo, hi, t, a, b) ->
            OverTimeFunctions.tsOfMax(w.ts, w.vs, w.from, w.to));
      case "ts_of_last_over_time":
        return new Def(1, false, (w, lo, hi, t, a, b) ->
            OverTimeFunctions.tsOfLast(w.ts, w.from, w.to));
      case "ts_of_first_over_time":
        return new Def(1, false, (w, lo, hi, t, a, b) ->
            OverTimeFunctions.tsOfFirst(w.ts, w.from, w.to));
      case "quantile_over_time":
        return new Def(1, false, (w, lo, hi, t, a, b) -> {
          double[] s = copy(w);
          return OverTimeFunctions.quantile(a, s, 0, w.size());
        });
      case "mad_over_time":
        return new Def(1, false, (w, lo, hi, t, a, b) -> {
          double[] s = copy(w);
          return OverTimeFunctions.mad(s, 0, w.size());
        });
      default:
        return null;
    }
  }

  private double[] copy(Window w) {
    if (scratch.length < w.size()) {
      scratch = new double[Math.max(w.size(), scratch.length * 2)];
    }
    System.arraycopy(w.vs, w.from, scratch, 0, w.size());
    return scratch;
  }

  /**
   * Applies {@code def} to the windows of the range argument {@code args.get(matrixArg)} at every
   * step; the other arguments are scalars passed as p0, p1.
   */
  Res eval(Call c, Def def, int matrixArg) {
    List<Expr> args = c.args();
    double[][] params = new double[2][];
    int k = 0;
    for (int i = 0; i < args.size(); i++) {
      if (i != matrixArg) {
        params[k++] = ev.scalarValues(args.get(i));
      }
    }
    String name = c.function().name();
    if (name.equals("quantile_over_time")) {
      for (double q : params[0]) {
        if (!(q >= 0 && q <= 1)) {
          ctx.warn("quantile value should be between 0 and 1, got " + FloatFormat.goG(q),
              args.get(0).pos());
        }
      }
    }
    RangeArg arg = ev.rangeArg(args.get(matrixArg));
    boolean counterCheck = name.equals("rate") || name.equals("increase");
    SeriesCollector out = new SeriesCollector(ctx);
    Window w = new Window();
    HistogramWindows hw = null;
    while (arg.series().next()) {
      Labels labels = arg.series().labels();
      Labels outLabels = def.keepName() ? labels : Selectors.dropName(labels);
      w.reset(arg.series().iterator());
      boolean any = false;
      for (long t = ctx.start; t <= ctx.end; t += ctx.interval) {
        ctx.checkDeadline();
        long ref = arg.ref(t);
        w.moveTo(ref - arg.rangeMs(), ref);
        if (w.size() < def.minSamples()) {
          continue;
        }
        int step = ev.step(t);
        double p0 = params[0] == null ? 0 : params[0][step];
        double p1 = params[1] == null ? 0 : params[1][step];
        double v;
        int nh = w.histogramCount();
        if (nh > 0) {
          if (hw == null) {
            hw = new HistogramWindows(ctx);
          }
          boolean has = hw.apply(name, def, w, nh, ref - arg.rangeMs(), ref, t, p0, p1,
              arg.rangeMs(), labels.metricName(), args.get(matrixArg).pos());
          ctx.loaded(w.size());
          if (has) {
            out.add(outLabels, t, hw.v, hw.h);
            any = true;
          }
          continue;
        }
        try {
          v = def.fn().apply(w, ref - arg.rangeMs(), ref, t, p0, p1);
        } catch (IllegalArgumentException e) {
          throw QueryException.execution(e.getMessage());
        }
        // The window counts against the sample limit while it is in use; every step loads it
        // whole, as Prometheus counts.
        ctx.loaded(w.size());
        ctx.addSamples(w.size());
        ctx.releaseSamples(w.size());
        out.add(outLabels, t, v);
        any = true;
      }
      if (any && counterCheck) {
        checkCounterName(labels, args.get(matrixArg));
      }
    }
    ev.release(arg.evaluated());
    return new Res.Vector(out.result());
  }

  private void checkCounterName(Labels labels, Expr arg) {
    String metric = labels.metricName();
    if (metric == null) {
      return;
    }
    if (!(metric.endsWith("_total") || metric.endsWith("_sum") || metric.endsWith("_count")
        || metric.endsWith("_bucket"))) {
      ctx.info("metric might not be a counter, name does not end in _total/_sum/_count/_bucket: \""
          + metric + "\"", arg.pos());
    }
  }

  /** {@code absent_over_time}: 1 with the selector's equality labels when no series has a sample. */
  Res absentOverTime(Call c) {
    RangeArg arg = ev.rangeArg(c.args().get(0));
    int steps = ctx.stepCount();
    boolean[] present = new boolean[steps];
    Window w = new Window();
    while (arg.series().next()) {
      w.reset(arg.series().iterator());
      for (long t = ctx.start; t <= ctx.end; t += ctx.interval) {
        long ref = arg.ref(t);
        w.moveTo(ref - arg.rangeMs(), ref);
        if (w.size() > 0) {
          present[ev.step(t)] = true;
        }
      }
    }
    ev.release(arg.evaluated());
    return FunctionCalls.absentResult(present, FunctionCalls.absentLabels(c.args().get(0)), ctx);
  }
}
