package dev.vigil.server.promql.engine;

import dev.vigil.server.model.Labels;
import dev.vigil.server.promql.parser.BinaryExpr;
import dev.vigil.server.promql.parser.BinaryOp;
import dev.vigil.server.promql.parser.Fill;
import dev.vigil.server.promql.parser.VectorMatching;
import dev.vigil.server.promql.parser.VectorMatching.Cardinality;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Arithmetic, comparison and set operators between scalars and vectors. */
final class BinaryOps {
  private static final VectorMatching DEFAULT_MATCHING =
      new VectorMatching(Cardinality.ONE_TO_ONE, List.of(), false, List.of());

  private final Evaluator ev;
  private final EvalContext ctx;

  BinaryOps(Evaluator ev) {
    this.ev = ev;
    this.ctx = ev.ctx;
  }

  Res eval(BinaryExpr b) {
    Res l = ev.eval(b.lhs());
    Res r = ev.eval(b.rhs());
    BinaryOp op = b.op();
    if (l instanceof Res.Scalar ls && r instanceof Res.Scalar rs) {
      double[] a = ls.values();
      double[] c = rs.values();
      for (int i = 0; i < a.length; i++) {
        double v = apply(op, a[i], c[i]);
        a[i] = op.isComparison() ? (v == 1 ? 1 : 0) : v;
      }
      return ls;
    }
    if (l instanceof Res.Scalar ls) {
      return vectorScalar(b, ((Res.Vector) r).series(), ls.values(), true);
    }
    if (r instanceof Res.Scalar rs) {
      return vectorScalar(b, ((Res.Vector) l).series(), rs.values(), false);
    }
    List<StepSeries> lhs = ((Res.Vector) l).series();
    List<StepSeries> rhs = ((Res.Vector) r).series();
    Res out = vectorVector(b, lhs, rhs);
    ev.release(lhs);
    ev.release(rhs);
    return out;
  }

  /**
   * The value of {@code a op b}; for comparisons 1 when true and 0 when false, since the caller
   * decides whether to filter or return a bool.
   */
  static double apply(BinaryOp op, double a, double b) {
    switch (op) {
      case ADD: return a + b;
      case SUB: return a - b;
      case MUL: return a * b;
      case DIV: return a / b;
      case MOD: return goMod(a, b);
      case POW: return Math.pow(a, b);
      case ATAN2: return Math.atan2(a, b);
      case EQL: return a == b ? 1 : 0;
      case NEQ: return a != b ? 1 : 0;
      case GTR: return a > b ? 1 : 0;
      case LSS: return a < b ? 1 : 0;
      case GTE: return a >= b ? 1 : 0;
      case LTE: return a <= b ? 1 : 0;
      default: throw new IllegalStateException("not an arithmetic or comparison operator: " + op);
    }
  }

  /** Go's math.Mod: the result has the sign of {@code a}; Java's % agrees on every case. */
  private static double goMod(double a, double b) {
    return a % b;
  }

  static boolean dropsName(BinaryOp op) {
    switch (op) {
      case ADD: case SUB: case MUL: case DIV: case MOD: case POW: case ATAN2:
        return true;
      default:
        return false;
    }
  }

  private Res vectorScalar(BinaryExpr b, List<StepSeries> vec, double[] scalar,
      boolean scalarLeft) {
    BinaryOp op = b.op();
    boolean dropName = dropsName(op) || b.returnBool();
    if (dropName) {
      for (StepSeries s : vec) {
        s.labels = Selectors.dropName(s.labels);
      }
    }
    SeriesCollector out = new SeriesCollector(ctx);
    StepCursor cur = new StepCursor(vec);
    for (long t = ctx.start; t <= ctx.end; t += ctx.interval) {
      Vec v = cur.at(t);
      double sv = scalar[ev.step(t)];
      for (int i = 0; i < v.size; i++) {
        ctx.checkDeadline();
        double x = v.vs[i];
        double res = scalarLeft ? apply(op, sv, x) : apply(op, x, sv);
        if (op.isComparison()) {
          if (b.returnBool()) {
            res = res == 1 ? 1 : 0;
          } else if (res != 1) {
            continue;
          } else {
            // A filter keeps the vector's value, even when the scalar is on the left.
            res = x;
          }
        }
        out.add(v.labels[i], t, res);
      }
    }
    ev.release(vec);
    return new Res.Vector(out.result());
  }

  private Res vectorVector(BinaryExpr b, List<StepSeries> lhs, List<StepSeries> rhs) {
    VectorMatching m = b.matching() == null ? DEFAULT_MATCHING : b.matching();
    Labels[] lsig = signatures(lhs, m);
    Labels[] rsig = signatures(rhs, m);
    SeriesCollector out = new SeriesCollector(ctx);
    StepCursor lc = new StepCursor(lhs);
    StepCursor rc = new StepCursor(rhs);
    Matcher matcher = new Matcher(b, m, out);
    for (long t = ctx.start; t <= ctx.end; t += ctx.interval) {
      ctx.checkDeadline();
      Vec lv = lc.at(t);
      Vec rv = rc.at(t);
      switch (b.op()) {
        case AND:
        case UNLESS:
          and(lv, lsig, rv, rsig, b.op() == BinaryOp.AND, out, t);
          break;
        case OR:
          or(lv, lsig, rv, rsig, out, t);
          break;
        default:
          matcher.step(lv, lsig, rv, rsig, t);
      }
    }
    return new Res.Vector(out.result());
  }

  /** The match key of every series: its labels reduced to the on(...) or ignoring(...) set. */
  private static Labels[] signatures(List<StepSeries> series, VectorMatching m) {
    Labels[] sig = new Labels[series.size()];
    for (int i = 0; i < sig.length; i++) {
      sig[i] = signature(series.get(i).labels, m.on(), m.labels());
    }
    return sig;
  }

  static Labels signature(Labels l, boolean on, List<String> names) {
    if (on) {
      Labels.Builder b = new Labels.Builder();
      for (String n : names) {
        String v = l.get(n);
        if (v != null) {
          b.set(n, v);
        }
      }
      return b.build();
    }
    Labels.Builder b = l.toBuilder().delete(Labels.METRIC_NAME);
    for (String n : names) {
      b.delete(n);
    }
    return b.build();
  }

  private static void and(Vec lv, Labels[] lsig, Vec rv, Labels[] rsig, boolean and,
      SeriesCollector out, long t) {
    Set<Labels> right = new HashSet<>();
    for (int i = 0; i < rv.size; i++) {
      right.add(rsig[rv.idx[i]]);
    }
    for (int i = 0; i < lv.size; i++) {
      if (right.contains(lsig[lv.idx[i]]) == and) {
        out.add(lv.labels[i], t, lv.vs[i]);
      }
    }
  }

  private static void or(Vec lv, Labels[] lsig, Vec rv, Labels[] rsig, SeriesCollector out,
      long t) {
    Set<Labels> left = new HashSet<>();
    for (int i = 0; i < lv.size; i++) {
      left.add(lsig[lv.idx[i]]);
      out.add(lv.labels[i], t, lv.vs[i]);
    }
    for (int i = 0; i < rv.size; i++) {
      if (!left.contains(rsig[rv.idx[i]])) {
        out.add(rv.labels[i], t, rv.vs[i]);
      }
    }
  }

  /** Go's notation of a label set, braces and all: {@code {__name__="x", a="b"}}. */
  static String goString(Labels l) {
    StringBuilder sb = new StringBuilder("{");
    for (int i = 0; i < l.size(); i++) {
      if (i > 0) {
        sb.append(", ");
      }
      sb.append(l.name(i)).append("=\"").append(l.value(i).replace("\\", "\\\\")
          .replace("\"", "\\\"").replace("\n", "\\n")).append('"');
    }
    return sb.append('}').toString();
  }

  /** One-to-one, many-to-one and one-to-many matching for arithmetic and comparisons. */
  private final class Matcher {
    private final BinaryExpr b;
    private final VectorMatching m;
    private final SeriesCollector out;
    private final Map<Labels, Integer> one = new HashMap<>();
    private final Set<Labels> matched = new HashSet<>();
    private final Map<Labels, Labels> resultCache = new HashMap<>();

    Matcher(BinaryExpr b, VectorMatching m, SeriesCollector out) {
      this.b = b;
      this.m = m;
      this.out = out;
    }

    void step(Vec lv, Labels[] lsig, Vec rv, Labels[] rsig, long t) {
      boolean swap = m.card() == Cardinality.ONE_TO_MANY;
      Vec many = swap ? rv : lv;
      Labels[] manySig = swap ? rsig : lsig;
      Vec ones = swap ? lv : rv;
      Labels[] oneSig = swap ? lsig : rsig;
      one.clear();
      matched.clear();
      for (int i = 0; i < ones.size; i++) {
        Labels sig = oneSig[ones.idx[i]];
        Integer prev = one.putIfAbsent(sig, i);
        if (prev != null) {
          throw QueryException.execution("found duplicate series for the match group "
              + goString(sig) + " on the " + (swap ? "left" : "right")
              + " hand-side of the operation: [" + goString(ones.labels[prev]) + ", "
              + goString(ones.labels[i]) + "];many-to-many matching not allowed: matching labels"
              + " must be unique on one side");
        }
      }
      Fill fill = b.fill();
      // fill_left fills a missing left-hand series, fill_right a missing right-hand one.
      Double fillOne = fill == null ? null : swap ? fill.left() : fill.right();
      Double fillMany = fill == null ? null : swap ? fill.right() : fill.left();
      Set<Labels> usedOnes = fillMany != null ? new HashSet<>() : null;
      for (int i = 0; i < many.size; i++) {
        Labels sig = manySig[many.idx[i]];
        Integer j = one.get(sig);
        if (j == null && fillOne == null) {
          continue;
        }
        double mv = many.vs[i];
        double ov = j == null ? fillOne : ones.vs[j];
        if (usedOnes != null) {
          usedOnes.add(sig);
        }
        // A filled one side has no labels to copy into the result.
        Labels oneLabels = j == null ? Labels.EMPTY : ones.labels[j];
        emit(many.labels[i], oneLabels, sig, swap ? ov : mv, swap ? mv : ov, t);
      }
      if (fillMany != null) {
        for (int i = 0; i < ones.size; i++) {
          Labels sig = oneSig[ones.idx[i]];
          if (usedOnes.add(sig)) {
            // One filled series per match group, identified by the matching labels.
            emit(sig, ones.labels[i], sig, swap ? ones.vs[i] : fillMany,
                swap ? fillMany : ones.vs[i], t);
          }
        }
      }
    }

    private void emit(Labels manyLabels, Labels oneLabels, Labels sig, double l, double r,
        long t) {
      BinaryOp op = b.op();
      // Checked before a comparison filters, so the error does not depend on the values.
      if (m.card() == Cardinality.ONE_TO_ONE && !matched.add(sig)) {
        throw QueryException.execution("multiple matches for labels: many-to-one matching must"
            + " be explicit (group_left/group_right)");
      }
      double v = apply(op, l, r);
      if (op.isComparison()) {
        if (b.returnBool()) {
          v = v == 1 ? 1 : 0;
        } else if (v != 1) {
          return;
        } else {
          v = l;
        }
      }
      Labels metric = resultMetric(manyLabels, oneLabels);
      if (m.card() != Cardinality.ONE_TO_ONE && !matched.add(metric)) {
        throw QueryException.execution(
            "multiple matches for labels: grouping labels must ensure unique matches");
      }
      out.add(metric, t, v);
    }

    private Labels resultMetric(Labels many, Labels oneSide) {
      boolean simple = m.include().isEmpty();
      if (simple) {
        Labels cached = resultCache.get(many);
        if (cached != null) {
          return cached;
        }
      }
      Labels.Builder lb = many.toBuilder();
      if (dropsName(b.op()) || b.returnBool()) {
        lb.delete(Labels.METRIC_NAME);
      }
      if (m.card() == Cardinality.ONE_TO_ONE) {
        if (m.on()) {
          Labels.Builder keep = new Labels.Builder();
          for (String n : m.labels()) {
            String v = lb.get(n);
            if (v != null) {
              keep.set(n, v);
            }
          }
          lb = keep;
        } else {
          for (String n : m.labels()) {
            lb.delete(n);
          }
        }
      }
      for (String n : m.include()) {
        String v = oneSide.get(n);
        if (v != null) {
          lb.set(n, v);
        } else {
          lb.delete(n);
        }
      }
      Labels res = lb.build();
      if (simple) {
        resultCache.put(many, res);
      }
      return res;
    }
  }
}
