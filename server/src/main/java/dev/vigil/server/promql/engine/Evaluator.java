package dev.vigil.server.promql.engine;

import dev.vigil.server.model.Labels;
import dev.vigil.server.promql.parser.AggregateExpr;
import dev.vigil.server.promql.parser.BinaryExpr;
import dev.vigil.server.promql.parser.Call;
import dev.vigil.server.promql.parser.Expr;
import dev.vigil.server.promql.parser.MatrixSelector;
import dev.vigil.server.promql.parser.NumberLiteral;
import dev.vigil.server.promql.parser.ParenExpr;
import dev.vigil.server.promql.parser.StringLiteral;
import dev.vigil.server.promql.parser.SubqueryExpr;
import dev.vigil.server.promql.parser.UnaryExpr;
import dev.vigil.server.promql.parser.ValueType;
import dev.vigil.server.promql.parser.VectorSelector;
import dev.vigil.server.promql.value.Series;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Evaluates an expression over the steps of the context's current frame, dispatching each node
 * kind to the class that handles it.
 */
final class Evaluator {
  final EvalContext ctx;
  private final BinaryOps binary;
  private final Aggregations aggregations;
  private final FunctionCalls functions;

  Evaluator(EvalContext ctx) {
    this.ctx = ctx;
    this.binary = new BinaryOps(this);
    this.aggregations = new Aggregations(this);
    this.functions = new FunctionCalls(this);
  }

  Res eval(Expr e) {
    ctx.checkDeadlineNow("expression evaluation");
    if (ctx.start != ctx.end && e.type() != ValueType.MATRIX
        && StepInvariance.worthHoisting(e)) {
      return hoisted(e);
    }
    if (e instanceof NumberLiteral n) {
      return scalar(n.value());
    } else if (e instanceof StringLiteral s) {
      return new Res.Str(s.value());
    } else if (e instanceof ParenExpr p) {
      return eval(p.expr());
    } else if (e instanceof UnaryExpr u) {
      return unary(u);
    } else if (e instanceof VectorSelector v) {
      return new Res.Vector(Selectors.vector(v, ctx, false));
    } else if (e instanceof MatrixSelector || e instanceof SubqueryExpr) {
      return new Res.Range(rangeValues(rangeArg(e)));
    } else if (e instanceof BinaryExpr b) {
      return binary.eval(b);
    } else if (e instanceof AggregateExpr a) {
      return aggregations.eval(a);
    } else if (e instanceof Call c) {
      return functions.eval(c);
    }
    throw new IllegalStateException("unknown expression " + e.getClass().getSimpleName());
  }

  /** Evaluates a step-invariant expression at the first step and repeats it at every step. */
  private Res hoisted(Expr e) {
    long end = ctx.end;
    ctx.end = ctx.start;
    Res once;
    try {
      once = eval(e);
    } finally {
      ctx.end = end;
    }
    int steps = ctx.stepCount();
    if (once instanceof Res.Scalar s) {
      return scalar(s.values()[0]);
    }
    if (!(once instanceof Res.Vector v)) {
      return once;
    }
    for (StepSeries s : v.series()) {
      double value = s.vs[0];
      dev.vigil.server.model.FloatHistogram h = s.h(0);
      s.n = 0;
      for (int i = 0; i < steps; i++) {
        s.add(ctx.start + i * ctx.interval, value, h);
      }
      ctx.addSamples(steps - 1L);
    }
    return v;
  }

  Res.Scalar scalar(double v) {
    double[] vs = new double[ctx.stepCount()];
    Arrays.fill(vs, v);
    return new Res.Scalar(vs);
  }

  List<StepSeries> vector(Expr e) {
    return ((Res.Vector) eval(e)).series();
  }

  double[] scalarValues(Expr e) {
    return ((Res.Scalar) eval(e)).values();
  }

  /** Index of step {@code t} in the current frame. */
  int step(long t) {
    return (int) ((t - ctx.start) / ctx.interval);
  }

  private Res unary(UnaryExpr u) {
    Res r = eval(u.expr());
    if (u.op() != '-') {
      return r;
    }
    if (r instanceof Res.Scalar s) {
      double[] vs = s.values();
      for (int i = 0; i < vs.length; i++) {
        vs[i] = -vs[i];
      }
      return s;
    }
    List<StepSeries> series = ((Res.Vector) r).series();
    SeriesCollector out = new SeriesCollector(ctx);
    // Dropping the name can make two series equal; the collector reports that as Prometheus does.
    for (StepSeries s : series) {
      s.labels = Selectors.dropName(s.labels);
    }
    StepCursor cur = new StepCursor(series);
    for (long t = ctx.start; t <= ctx.end; t += ctx.interval) {
      Vec v = cur.at(t);
      for (int i = 0; i < v.size; i++) {
        if (v.h(i) != null) {
          out.add(v.labels[i], t, 0, v.h(i).mul(-1));
        } else {
          out.add(v.labels[i], t, -v.vs[i]);
        }
      }
    }
    release(series);
    return new Res.Vector(out.result());
  }

  void release(List<StepSeries> series) {
    long n = 0;
    for (StepSeries s : series) {
      n += s.n;
    }
    ctx.releaseSamples(n);
  }

  /** Unwraps parentheses around a range argument. */
  static Expr unwrap(Expr e) {
    while (e instanceof ParenExpr p) {
      e = p.expr();
    }
    return e;
  }

  /** Opens a range selector or evaluates a subquery, ready for per-step windows. */
  RangeArg rangeArg(Expr e) {
    e = unwrap(e);
    if (e instanceof MatrixSelector m) {
      VectorSelector sel = m.selector();
      long range = m.range().evaluateMs(ctx.queryStep, ctx.queryEnd - ctx.queryStart);
      long offset = Selectors.ms(sel.offset(), ctx);
      long atMs = Selectors.at(sel.at(), ctx);
      long refStart = Selectors.ref(ctx.start, atMs, offset);
      long refEnd = Selectors.ref(ctx.end, atMs, offset);
      return new RangeArg(Selectors.select(sel, ctx, refStart - range + 1, refEnd), range, offset,
          atMs, List.of());
    }
    SubqueryExpr sq = (SubqueryExpr) e;
    long range = sq.range().evaluateMs(ctx.queryStep, ctx.queryEnd - ctx.queryStart);
    long step = sq.step() == null ? ctx.subqueryStepMs
        : sq.step().evaluateMs(ctx.queryStep, ctx.queryEnd - ctx.queryStart);
    if (step <= 0) {
      throw QueryException.badData("subquery step must be positive, got " + step + "ms");
    }
    long offset = Selectors.ms(sq.offset(), ctx);
    long atMs = Selectors.at(sq.at(), ctx);
    long refStart = Selectors.ref(ctx.start, atMs, offset);
    long refEnd = Selectors.ref(ctx.end, atMs, offset);
    // Inner steps sit at absolute multiples of the step, the first one after the range start.
    long innerStart = Math.floorDiv(refStart - range, step) * step;
    if (innerStart <= refStart - range) {
      innerStart += step;
    }
    List<StepSeries> inner = List.of();
    if (innerStart <= refEnd) {
      ctx.checkFrame(innerStart, refEnd, step);
      long s = ctx.start;
      long en = ctx.end;
      long iv = ctx.interval;
      ctx.start = innerStart;
      ctx.end = refEnd;
      ctx.interval = step;
      try {
        Res r = eval(sq.expr());
        if (r instanceof Res.Scalar sc) {
          inner = List.of(fromScalar(sc.values(), innerStart, step));
        } else {
          inner = ((Res.Vector) r).series();
        }
        forgetResetHints(inner);
      } finally {
        ctx.start = s;
        ctx.end = en;
        ctx.interval = iv;
      }
    }
    return new RangeArg(Selectors.seriesSet(inner), range, offset, atMs, inner);
  }

  /**
   * A subquery's steps may skip samples or repeat one, so a stored "reset"/"not reset" hint
   * would be wrong about the point before it: the range function detects resets itself.
   */
  private static void forgetResetHints(List<StepSeries> series) {
    for (StepSeries s : series) {
      if (s.hs == null) {
        continue;
      }
      for (int i = 0; i < s.n; i++) {
        dev.vigil.server.model.FloatHistogram h = s.hs[i];
        if (h != null && (h.counterResetHint() == dev.vigil.server.model.FloatHistogram.COUNTER_RESET
            || h.counterResetHint() == dev.vigil.server.model.FloatHistogram.NOT_COUNTER_RESET)) {
          s.hs[i] = h.withHint(dev.vigil.server.model.FloatHistogram.UNKNOWN);
        }
      }
    }
  }

  private StepSeries fromScalar(double[] vs, long start, long step) {
    StepSeries s = new StepSeries(Labels.EMPTY, vs.length);
    for (int i = 0; i < vs.length; i++) {
      s.add(start + i * step, vs[i]);
    }
    return s;
  }

  /** The windows of a range argument at the frame's single step, as an instant query returns. */
  List<Series> rangeValues(RangeArg arg) {
    List<Series> out = new ArrayList<>();
    Window w = new Window();
    long ref = arg.ref(ctx.start);
    while (arg.series().next()) {
      w.reset(arg.series().iterator());
      w.moveTo(ref - arg.rangeMs(), ref);
      if (w.size() > 0) {
        ctx.loaded(w.size());
        ctx.addSamples(w.size());
        out.add(new Series(arg.series().labels(), Arrays.copyOfRange(w.ts, w.from, w.to),
            Arrays.copyOfRange(w.vs, w.from, w.to),
            w.hs == null ? null : Arrays.copyOfRange(w.hs, w.from, w.to), w.size()));
      }
    }
    release(arg.evaluated());
    return out;
  }
}
