package dev.vigil.server.promql.engine;

import dev.vigil.server.model.FloatHistogram;
import dev.vigil.server.model.Labels;
import dev.vigil.server.promql.parser.BinaryExpr;
import dev.vigil.server.promql.parser.BinaryOp;
import dev.vigil.server.promql.parser.Fill;
import dev.vigil.server.promql.parser.VectorMatching.Cardinality;
import dev.vigil.server.promql.parser.VectorMatching;
import java.util.ArrayList;
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
        FloatHistogram xh = v.h(i);
        if (xh != null) {
          if (scalarLeft ? histogramOp(b, sv, null, 0, xh) : histogramOp(b, 0, xh, sv, null)) {
            out.add(v.labels[i], t, resV, resH);
          }
          continue;
        }
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

  // The result of the last histogramOp call: a histogram, or the float resV when resH is null.
  private double resV;
  private FloatHistogram resH;

  /**
   * {@code l op r} where at least one side is a histogram ({@code lh}, {@code rh} non-null).
   * Histograms add to and subtract from histograms, multiply by floats and divide by them;
   * {@code ==} and {@code !=} compare two histograms exactly. Every other combination drops the
   * element with an info annotation, as Prometheus does. Returns whether an element results.
   */
  private boolean histogramOp(BinaryExpr b, double l, FloatHistogram lh, double r,
      FloatHistogram rh) {
    BinaryOp op = b.op();
    resH = null;
    resV = 0;
    try {
      if (lh != null && rh != null) {
        switch (op) {
          case ADD, SUB -> {
            FloatHistogram.OpNotes notes = new FloatHistogram.OpNotes();
            resH = op == BinaryOp.ADD ? lh.add(rh, notes) : lh.sub(rh, notes);
            if (notes.reconciled) {
              ctx.info("mismatched custom buckets were reconciled during "
                  + (op == BinaryOp.ADD ? "addition" : "subtraction"), b.pos());
            }
            return true;
          }
          case EQL, NEQ -> {
            boolean eq = lh.equals(rh);
            boolean hold = op == BinaryOp.EQL ? eq : !eq;
            if (b.returnBool()) {
              resV = hold ? 1 : 0;
              return true;
            }
            resH = hold ? lh : null;
            return hold;
          }
          default -> { }
        }
      } else if (lh != null) {
        if (op == BinaryOp.MUL) {
          resH = lh.mul(r);
          return true;
        } else if (op == BinaryOp.DIV) {
          resH = lh.div(r);
          return true;
        }
      } else if (op == BinaryOp.MUL) {
        resH = rh.mul(l);
        return true;
      }
    } catch (FloatHistogram.IncompatibleSchemaException e) {
      ctx.warn("vector contains a mix of histograms with exponential and custom buckets schemas"
          + " for metric name \"\"", b.pos());
      return false;
    }
    ctx.info("incompatible sample types encountered for binary operator \"" + op.symbol()
        + "\": " + (lh != null ? "histogram" : "float") + " " + op.symbol() + " "
        + (rh != null ? "histogram" : "float"), b.pos());
    return false;
  }

  private Res vectorVector(BinaryExpr b, List<StepSeries> lhs, List<StepSeries> rhs) {
    VectorMatching m = b.matching() == null ? DEFAULT_MATCHING : b.matching();
    // Match keys become small ints once per series, so each step works on arrays, not maps.
    Map<Labels, Integer> ids = new HashMap<>();
    List<Labels> sigs = new ArrayList<>();
    int[] lsig = signatures(lhs, m, ids, sigs);
    int[] rsig = signatures(rhs, m, ids, sigs);
    SeriesCollector out = new SeriesCollector(ctx);
    StepCursor lc = new StepCursor(lhs);
    StepCursor rc = new StepCursor(rhs);
    Keys keys = new Keys(sigs);
    Matcher matcher = new Matcher(b, m, out, keys);
    for (long t = ctx.start; t <= ctx.end; t += ctx.interval) {
      ctx.checkDeadline();
      Vec lv = lc.at(t);
      Vec rv = rc.at(t);
      switch (b.op()) {
        case AND:
        case UNLESS:
          keys.next();
          for (int i = 0; i < rv.size; i++) {
            keys.mark(rsig[rv.idx[i]], i);
          }
          for (int i = 0; i < lv.size; i++) {
            if (keys.marked(lsig[lv.idx[i]]) == (b.op() == BinaryOp.AND)) {
              out.add(lv.labels[i], t, lv.vs[i], lv.h(i));
            }
          }
          break;
        case OR:
          keys.next();
          for (int i = 0; i < lv.size; i++) {
            keys.mark(lsig[lv.idx[i]], i);
            out.add(lv.labels[i], t, lv.vs[i], lv.h(i));
          }
          for (int i = 0; i < rv.size; i++) {
            if (!keys.marked(rsig[rv.idx[i]])) {
              out.add(rv.labels[i], t, rv.vs[i], rv.h(i));
            }
          }
          break;
        default:
          matcher.step(lv, lsig, rv, rsig, t);
      }
    }
    return new Res.Vector(out.result());
  }

  /** The match key id of every series: its labels reduced to the on(...) or ignoring(...) set. */
  private static int[] signatures(List<StepSeries> series, VectorMatching m,
      Map<Labels, Integer> ids, List<Labels> sigs) {
    int[] out = new int[series.size()];
    for (int i = 0; i < out.length; i++) {
      Labels sig = signature(series.get(i).labels, m.on(), m.labels());
      Integer id = ids.get(sig);
      if (id == null) {
        id = sigs.size();
        ids.put(sig, id);
        sigs.add(sig);
      }
      out[i] = id;
    }
    return out;
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

  /**
   * Per-step marks on match keys: a key is marked when its stamp equals the current step's, so
   * starting a step clears every mark at once.
   */
  static final class Keys {
    final List<Labels> sigs;
    private final int[] stamp;
    private final int[] at;
    private final int[] used;
    private int now;

    Keys(List<Labels> sigs) {
      this.sigs = sigs;
      this.stamp = new int[sigs.size()];
      this.at = new int[sigs.size()];
      this.used = new int[sigs.size()];
    }

    void next() {
      now++;
    }

    void mark(int key, int index) {
      stamp[key] = now;
      at[key] = index;
    }

    boolean marked(int key) {
      return stamp[key] == now;
    }

    /** The index recorded with the mark; only valid when {@link #marked}. */
    int index(int key) {
      return at[key];
    }

    /** Marks a second, independent flag; true the first time in this step. */
    boolean use(int key) {
      if (used[key] == now) {
        return false;
      }
      used[key] = now;
      return true;
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
    private final Keys keys;
    private final Set<Labels> resultMetrics = new HashSet<>();
    private final Map<Labels, Labels> resultCache = new HashMap<>();

    Matcher(BinaryExpr b, VectorMatching m, SeriesCollector out, Keys keys) {
      this.b = b;
      this.m = m;
      this.out = out;
      this.keys = keys;
    }

    void step(Vec lv, int[] lsig, Vec rv, int[] rsig, long t) {
      boolean swap = m.card() == Cardinality.ONE_TO_MANY;
      Vec many = swap ? rv : lv;
      int[] manySig = swap ? rsig : lsig;
      Vec ones = swap ? lv : rv;
      int[] oneSig = swap ? lsig : rsig;
      keys.next();
      resultMetrics.clear();
      for (int i = 0; i < ones.size; i++) {
        int key = oneSig[ones.idx[i]];
        if (keys.marked(key)) {
          throw QueryException.execution("found duplicate series for the match group "
              + goString(keys.sigs.get(key)) + " on the " + (swap ? "left" : "right")
              + " hand-side of the operation: [" + goString(ones.labels[keys.index(key)]) + ", "
              + goString(ones.labels[i]) + "];many-to-many matching not allowed: matching labels"
              + " must be unique on one side");
        }
        keys.mark(key, i);
      }
      Fill fill = b.fill();
      // fill_left fills a missing left-hand series, fill_right a missing right-hand one.
      Double fillOne = fill == null ? null : swap ? fill.left() : fill.right();
      Double fillMany = fill == null ? null : swap ? fill.right() : fill.left();
      for (int i = 0; i < many.size; i++) {
        int key = manySig[many.idx[i]];
        boolean found = keys.marked(key);
        if (!found && fillOne == null) {
          continue;
        }
        // Checked before a comparison filters, so the error does not depend on the values.
        if (!keys.use(key) && m.card() == Cardinality.ONE_TO_ONE) {
          throw QueryException.execution("multiple matches for labels: many-to-one matching must"
              + " be explicit (group_left/group_right)");
        }
        double mv = many.vs[i];
        double ov = found ? ones.vs[keys.index(key)] : fillOne;
        FloatHistogram mh = many.h(i);
        FloatHistogram oh = found ? ones.h(keys.index(key)) : null;
        // A filled one side has no labels to copy into the result.
        Labels oneLabels = found ? ones.labels[keys.index(key)] : Labels.EMPTY;
        if (mh != null || oh != null) {
          emitHistogram(many.labels[i], oneLabels, swap ? ov : mv, swap ? oh : mh,
              swap ? mv : ov, swap ? mh : oh, t);
          continue;
        }
        emit(many.labels[i], oneLabels, swap ? ov : mv, swap ? mv : ov, t);
      }
      if (fillMany != null) {
        for (int i = 0; i < ones.size; i++) {
          int key = oneSig[ones.idx[i]];
          if (keys.use(key)) {
            // One filled series per match group, identified by the matching labels.
            Labels sig = keys.sigs.get(key);
            emit(sig, ones.labels[i], swap ? ones.vs[i] : fillMany,
                swap ? fillMany : ones.vs[i], t);
          }
        }
      }
    }

    private void emit(Labels manyLabels, Labels oneLabels, double l, double r, long t) {
      BinaryOp op = b.op();
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
      if (m.card() != Cardinality.ONE_TO_ONE && !resultMetrics.add(metric)) {
        throw QueryException.execution(
            "multiple matches for labels: grouping labels must ensure unique matches");
      }
      out.add(metric, t, v);
    }

    private void emitHistogram(Labels manyLabels, Labels oneLabels, double l, FloatHistogram lh,
        double r, FloatHistogram rh, long t) {
      if (!histogramOp(b, l, lh, r, rh)) {
        return;
      }
      Labels metric = resultMetric(manyLabels, oneLabels);
      if (m.card() != Cardinality.ONE_TO_ONE && !resultMetrics.add(metric)) {
        throw QueryException.execution(
            "multiple matches for labels: grouping labels must ensure unique matches");
      }
      out.add(metric, t, resV, resH);
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
