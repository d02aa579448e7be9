package dev.vigil.server.promql.engine;

import dev.vigil.server.model.Labels;
import dev.vigil.server.model.Matcher;
import dev.vigil.server.promql.functions.DateFunctions;
import dev.vigil.server.promql.functions.MathFunctions;
import dev.vigil.server.promql.parser.Call;
import dev.vigil.server.promql.parser.Expr;
import dev.vigil.server.promql.parser.FunctionDef;
import dev.vigil.server.promql.parser.Functions;
import dev.vigil.server.promql.parser.MatrixSelector;
import dev.vigil.server.promql.parser.ValueType;
import dev.vigil.server.promql.parser.VectorSelector;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.DoubleUnaryOperator;

/**
 * The function table: every {@link FunctionDef} name maps to an implementation here, in
 * {@link RangeCalls} (functions of range vectors) or {@link LabelCalls} (labels, sorting,
 * histograms).
 */
final class FunctionCalls {
  @FunctionalInterface
  interface Impl {
    Res call(Call c);
  }

  private final Evaluator ev;
  private final EvalContext ctx;
  private final RangeCalls ranges;
  private final LabelCalls labels;
  private final Map<String, Impl> table = new HashMap<>();

  FunctionCalls(Evaluator ev) {
    this.ev = ev;
    this.ctx = ev.ctx;
    this.ranges = new RangeCalls(ev);
    this.labels = new LabelCalls(ev);
    for (FunctionDef f : Functions.all()) {
      Impl impl = implFor(f);
      if (impl != null) {
        table.put(f.name(), impl);
      }
    }
  }

  Res eval(Call c) {
    Impl impl = table.get(c.function().name());
    if (impl == null) {
      throw QueryException.badData("function \"" + c.function().name() + "\" is not supported");
    }
    return impl.call(c);
  }

  private Impl implFor(FunctionDef f) {
    String name = f.name();
    int matrixArg = f.argTypes().indexOf(ValueType.MATRIX);
    if (matrixArg >= 0) {
      if (name.equals("absent_over_time")) {
        return ranges::absentOverTime;
      }
      RangeCalls.Def def = ranges.def(name);
      return def == null ? null : c -> ranges.eval(c, def, matrixArg);
    }
    DoubleUnaryOperator math = math(name);
    if (math != null) {
      return c -> elementWise(ev.vector(c.args().get(0)), math);
    }
    DoubleUnaryOperator date = date(name);
    if (date != null) {
      return c -> c.args().isEmpty() ? dateOfTime(date)
          : elementWise(ev.vector(c.args().get(0)), date);
    }
    switch (name) {
      case "clamp":
        return c -> {
          double[] lo = ev.scalarValues(c.args().get(1));
          double[] hi = ev.scalarValues(c.args().get(2));
          return elementWise2(ev.vector(c.args().get(0)), lo, hi,
              (v, a, b) -> MathFunctions.clampHasResult(a, b) ? MathFunctions.clamp(v, a, b)
                  : Double.NaN, (a, b) -> MathFunctions.clampHasResult(a, b));
        };
      case "clamp_min":
        return c -> {
          double[] lo = ev.scalarValues(c.args().get(1));
          return elementWise2(ev.vector(c.args().get(0)), lo, lo,
              (v, a, b) -> MathFunctions.clampMin(v, a), null);
        };
      case "clamp_max":
        return c -> {
          double[] hi = ev.scalarValues(c.args().get(1));
          return elementWise2(ev.vector(c.args().get(0)), hi, hi,
              (v, a, b) -> MathFunctions.clampMax(v, a), null);
        };
      case "round":
        return c -> {
          double[] to = c.args().size() > 1 ? ev.scalarValues(c.args().get(1))
              : ev.scalar(1).values();
          return elementWise2(ev.vector(c.args().get(0)), to, to,
              (v, a, b) -> MathFunctions.round(v, a), null);
        };
      case "vector":
        return c -> {
          double[] s = ev.scalarValues(c.args().get(0));
          StepSeries out = new StepSeries(Labels.EMPTY, s.length);
          for (int i = 0; i < s.length; i++) {
            out.add(ctx.start + i * ctx.interval, s[i]);
          }
          return new Res.Vector(List.of(out));
        };
      case "scalar":
        return c -> scalarOf(ev.vector(c.args().get(0)));
      case "time":
        return c -> stepTimes();
      case "pi":
        return c -> ev.scalar(Math.PI);
      case "start":
        return c -> ev.scalar(ctx.queryStart / 1000.0);
      case "end":
        return c -> ev.scalar(ctx.queryEnd / 1000.0);
      case "step":
        return c -> ev.scalar(ctx.queryStep / 1000.0);
      case "range":
        return c -> ev.scalar((ctx.queryEnd - ctx.queryStart) / 1000.0);
      case "min_of":
      case "max_of":
        return c -> {
          double[] a = ev.scalarValues(c.args().get(0));
          double[] b = ev.scalarValues(c.args().get(1));
          for (int i = 0; i < a.length; i++) {
            a[i] = name.equals("min_of") ? MathFunctions.goMin(a[i], b[i])
                : MathFunctions.goMax(a[i], b[i]);
          }
          return new Res.Scalar(a);
        };
      case "timestamp":
        return this::timestamp;
      case "absent":
        return this::absent;
      default:
        return labels.implFor(name);
    }
  }

  private static DoubleUnaryOperator math(String name) {
    switch (name) {
      case "abs": return MathFunctions::abs;
      case "ceil": return MathFunctions::ceil;
      case "floor": return MathFunctions::floor;
      case "exp": return MathFunctions::exp;
      case "ln": return MathFunctions::ln;
      case "log2": return MathFunctions::log2;
      case "log10": return MathFunctions::log10;
      case "sqrt": return MathFunctions::sqrt;
      case "sgn": return MathFunctions::sgn;
      case "deg": return MathFunctions::deg;
      case "rad": return MathFunctions::rad;
      case "sin": return MathFunctions::sin;
      case "cos": return MathFunctions::cos;
      case "tan": return MathFunctions::tan;
      case "asin": return MathFunctions::asin;
      case "acos": return MathFunctions::acos;
      case "atan": return MathFunctions::atan;
      case "sinh": return MathFunctions::sinh;
      case "cosh": return MathFunctions::cosh;
      case "tanh": return MathFunctions::tanh;
      case "asinh": return MathFunctions::asinh;
      case "acosh": return MathFunctions::acosh;
      case "atanh": return MathFunctions::atanh;
      default: return null;
    }
  }

  private static DoubleUnaryOperator date(String name) {
    switch (name) {
      case "year": return DateFunctions::year;
      case "month": return DateFunctions::month;
      case "day_of_month": return DateFunctions::dayOfMonth;
      case "day_of_week": return DateFunctions::dayOfWeek;
      case "day_of_year": return DateFunctions::dayOfYear;
      case "days_in_month": return DateFunctions::daysInMonth;
      case "hour": return DateFunctions::hour;
      case "minute": return DateFunctions::minute;
      default: return null;
    }
  }

  /** Applies {@code f} to every point; the metric name is dropped. */
  Res elementWise(List<StepSeries> in, DoubleUnaryOperator f) {
    dropHistograms(in);
    return dropNameAndMap(in, (v, i) -> f.applyAsDouble(v));
  }

  @FunctionalInterface
  interface PointFn {
    double apply(double v, int step);
  }

  @FunctionalInterface
  interface Fn3 {
    double apply(double v, double a, double b);
  }

  @FunctionalInterface
  interface StepFilter {
    boolean keep(double a, double b);
  }

  /**
   * Removes the histogram points: the functions of float values skip histograms, as
   * Prometheus's do. Float series (no histogram array) are left alone at no cost.
   */
  static void dropHistograms(List<StepSeries> in) {
    for (StepSeries s : in) {
      if (s.hs == null) {
        continue;
      }
      int w = 0;
      for (int i = 0; i < s.n; i++) {
        if (s.hs[i] == null) {
          s.ts[w] = s.ts[i];
          s.vs[w] = s.vs[i];
          w++;
        }
      }
      s.n = w;
      s.hs = null;
    }
  }

  private Res elementWise2(List<StepSeries> in, double[] a, double[] b, Fn3 f, StepFilter keep) {
    dropHistograms(in);
    if (keep != null) {
      // clamp with min > max has no result at that step.
      for (StepSeries s : in) {
        int w = 0;
        for (int i = 0; i < s.n; i++) {
          int st = ev.step(s.ts[i]);
          if (keep.keep(a[st], b[st])) {
            s.ts[w] = s.ts[i];
            s.vs[w] = s.vs[i];
            w++;
          }
        }
        s.n = w;
      }
    }
    return dropNameAndMap(in, (v, st) -> f.apply(v, a[st], b[st]));
  }

  private Res dropNameAndMap(List<StepSeries> in, PointFn f) {
    boolean collide = false;
    Set<Labels> seen = new HashSet<>();
    for (StepSeries s : in) {
      s.labels = Selectors.dropName(s.labels);
      collide |= !seen.add(s.labels);
      for (int i = 0; i < s.n; i++) {
        s.vs[i] = f.apply(s.vs[i], ev.step(s.ts[i]));
      }
    }
    List<StepSeries> res = new ArrayList<>(in);
    res.removeIf(s -> s.n == 0);
    return new Res.Vector(collide ? SeriesCollector.regroup(ev, res) : res);
  }

  private Res.Scalar stepTimes() {
    double[] vs = new double[ctx.stepCount()];
    for (int i = 0; i < vs.length; i++) {
      vs[i] = (ctx.start + i * ctx.interval) / 1000.0;
    }
    return new Res.Scalar(vs);
  }

  private Res dateOfTime(DoubleUnaryOperator f) {
    StepSeries s = new StepSeries(Labels.EMPTY, ctx.stepCount());
    for (long t = ctx.start; t <= ctx.end; t += ctx.interval) {
      s.add(t, f.applyAsDouble(t / 1000.0));
    }
    return new Res.Vector(List.of(s));
  }

  private Res scalarOf(List<StepSeries> in) {
    double[] out = new double[ctx.stepCount()];
    int[] count = new int[out.length];
    Arrays.fill(out, Double.NaN);
    for (StepSeries s : in) {
      for (int i = 0; i < s.n; i++) {
        if (s.h(i) != null) {
          continue;
        }
        int st = ev.step(s.ts[i]);
        count[st]++;
        out[st] = count[st] == 1 ? s.vs[i] : Double.NaN;
      }
    }
    ev.release(in);
    return new Res.Scalar(out);
  }

  private Res timestamp(Call c) {
    Expr arg = Evaluator.unwrap(c.args().get(0));
    if (arg instanceof VectorSelector vs) {
      List<StepSeries> out = Selectors.vector(vs, ctx, true);
      return new Res.Vector(collideCheck(out));
    }
    List<StepSeries> in = ev.vector(arg);
    for (StepSeries s : in) {
      s.hs = null; // a histogram's timestamp is a float like any other
    }
    return dropNameAndMap(in, (v, st) -> (ctx.start + st * ctx.interval) / 1000.0);
  }

  private List<StepSeries> collideCheck(List<StepSeries> in) {
    Set<Labels> seen = new HashSet<>();
    for (StepSeries s : in) {
      if (!seen.add(s.labels)) {
        return SeriesCollector.regroup(ev, in);
      }
    }
    return in;
  }

  private Res absent(Call c) {
    List<StepSeries> in = ev.vector(c.args().get(0));
    boolean[] present = new boolean[ctx.stepCount()];
    for (StepSeries s : in) {
      for (int i = 0; i < s.n; i++) {
        present[ev.step(s.ts[i])] = true;
      }
    }
    ev.release(in);
    return absentResult(present, absentLabels(c.args().get(0)), ctx);
  }

  /** The labels absent() gives: the selector's equality matchers, except on the name. */
  static Labels absentLabels(Expr arg) {
    // Parentheses hide the selector, as they do in Prometheus.
    Expr e = arg;
    if (e instanceof MatrixSelector m) {
      e = m.selector();
    }
    if (!(e instanceof VectorSelector vs)) {
      return Labels.EMPTY;
    }
    // Only a label asked for by exactly one equality matcher has a value to report.
    Labels.Builder b = new Labels.Builder();
    Set<String> dropped = new HashSet<>();
    for (Matcher m : vs.matchers()) {
      if (m.name().equals(Labels.METRIC_NAME)) {
        continue;
      }
      if (m.type() == Matcher.Type.EQUAL && b.get(m.name()) == null
          && !dropped.contains(m.name())) {
        b.set(m.name(), m.value());
      } else {
        b.delete(m.name());
        dropped.add(m.name());
      }
    }
    return b.build();
  }

  static Res absentResult(boolean[] present, Labels labels, EvalContext ctx) {
    StepSeries s = new StepSeries(labels, present.length);
    for (int i = 0; i < present.length; i++) {
      if (!present[i]) {
        s.add(ctx.start + i * ctx.interval, 1);
      }
    }
    return new Res.Vector(s.n == 0 ? List.of() : List.of(s));
  }
}
