package dev.vigil.server.promql.engine;

import dev.vigil.server.model.FloatHistogram;
import dev.vigil.server.model.Labels;
import dev.vigil.server.promql.functions.FloatFormat;
import dev.vigil.server.promql.functions.KahanMean;
import dev.vigil.server.promql.functions.KahanSum;
import dev.vigil.server.promql.functions.Quantile;
import dev.vigil.server.promql.functions.Stats;
import dev.vigil.server.promql.parser.AggregateExpr;
import dev.vigil.server.promql.parser.AggregateOp;
import dev.vigil.server.promql.parser.Expr;
import dev.vigil.server.promql.parser.StringLiteral;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The aggregation operators, evaluated step by step over groups of the input vector. */
final class Aggregations {
  private final Evaluator ev;
  private final EvalContext ctx;
  private int[] heap = new int[16];

  Aggregations(Evaluator ev) {
    this.ev = ev;
    this.ctx = ev.ctx;
  }

  Res eval(AggregateExpr a) {
    AggregateOp op = a.op();
    double[] param = null;
    String label = null;
    if (op == AggregateOp.COUNT_VALUES) {
      label = ((Res.Str) ev.eval(a.param())).value();
      if (!validLabelName(label)) {
        throw QueryException.execution("invalid label name " + quoted(label, a.param()));
      }
    } else if (op.hasParam()) {
      param = ev.scalarValues(a.param());
      checkParam(op, param, a);
    }
    List<StepSeries> in = ev.vector(a.expr());
    SeriesCollector out = new SeriesCollector(ctx);
    // Group of every input series, computed once: labels do not change between steps.
    int[] groupOf = new int[in.size()];
    List<Labels> groupLabels = new ArrayList<>();
    Map<Labels, Integer> ids = new HashMap<>();
    for (int i = 0; i < groupOf.length; i++) {
      Labels key = groupKey(in.get(i).labels, a.grouping(), a.without());
      Integer id = ids.get(key);
      if (id == null) {
        id = groupLabels.size();
        ids.put(key, id);
        groupLabels.add(key);
      }
      groupOf[i] = id;
    }
    Group[] groups = new Group[groupLabels.size()];
    for (int g = 0; g < groups.length; g++) {
      groups[g] = new Group();
    }
    int[] order = new int[groups.length];
    StepCursor cur = new StepCursor(in);
    for (long t = ctx.start; t <= ctx.end; t += ctx.interval) {
      Vec v = cur.at(t);
      int ngroups = 0;
      for (int i = 0; i < v.size; i++) {
        ctx.checkDeadline();
        int g = groupOf[v.idx[i]];
        Group grp = groups[g];
        if (grp.lastStep != t) {
          grp.start(t);
          order[ngroups++] = g;
        }
        FloatHistogram h = v.h(i);
        if (h != null) {
          histogram(op, a, grp, v.labels[i], h);
        } else {
          grp.add(op, v.labels[i], v.vs[i]);
        }
      }
      double p = param == null ? 0 : param[ev.step(t)];
      if (op == AggregateOp.COUNT_VALUES) {
        countValues(groups, order, ngroups, groupLabels, label, t, out);
        continue;
      }
      for (int k = 0; k < ngroups; k++) {
        Group grp = groups[order[k]];
        Labels gl = groupLabels.get(order[k]);
        emit(op, a, grp, gl, p, label, t, out);
      }
    }
    ev.release(in);
    return new Res.Vector(out.result());
  }

  private void checkParam(AggregateOp op, double[] param, AggregateExpr a) {
    for (double p : param) {
      switch (op) {
        case TOPK:
        case BOTTOMK:
        case LIMITK:
          if (Double.isNaN(p)) {
            throw QueryException.execution("Parameter value is NaN");
          }
          if (p >= 0x1p63 || p < -0x1p63) {
            throw QueryException.execution("Scalar value " + FloatFormat.goG(p)
                + " overflows int64");
          }
          break;
        case LIMIT_RATIO:
          if (Double.isNaN(p)) {
            throw QueryException.execution("Ratio value is NaN");
          }
          if (p < -1 || p > 1) {
            ctx.warn("ratio value should be between -1 and 1, got " + FloatFormat.goG(p)
                + ", capping to " + (p < 0 ? "-1" : "1"), a.param().pos());
          }
          break;
        case QUANTILE:
          if (!(p >= 0 && p <= 1)) {
            ctx.warn("quantile value should be between 0 and 1, got " + FloatFormat.goG(p),
                a.param().pos());
          }
          break;
        default:
          break;
      }
    }
  }

  /**
   * A string as Go's %q prints it. Invalid UTF-8 reached us as U+FFFD, its bytes lost; the
   * literal as written in the query ({@code "a\xc5z"}) shows them as Go would.
   */
  private String quoted(String value, Expr source) {
    if (value.indexOf('\uFFFD') >= 0
        && Evaluator.unwrap(source) instanceof StringLiteral lit) {
      String raw = ctx.query.substring(lit.pos().start(), lit.pos().end());
      if (raw.startsWith("\"")) {
        return raw;
      }
    }
    return "\"" + value.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }

  static boolean validLabelName(String s) {
    if (s.isEmpty()) {
      return false;
    }
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '\uFFFD' || Character.isSurrogate(c) && !Character.isValidCodePoint(s.codePointAt(i))) {
        return false;
      }
    }
    return true;
  }

  static Labels groupKey(Labels l, List<String> grouping, boolean without) {
    if (!without) {
      Labels.Builder b = new Labels.Builder();
      for (String n : grouping) {
        String v = l.get(n);
        if (v != null) {
          b.set(n, v);
        }
      }
      return b.build();
    }
    Labels.Builder b = l.toBuilder().delete(Labels.METRIC_NAME);
    for (String n : grouping) {
      b.delete(n);
    }
    return b.build();
  }

  /**
   * Takes a histogram element: sum and avg add histograms up, count, group and the limits take
   * them as any element, count_values counts their text; the operators that rank or measure
   * floats ignore them with an info annotation.
   */
  private void histogram(AggregateOp op, AggregateExpr a, Group g, Labels l, FloatHistogram h) {
    switch (op) {
      case SUM, AVG -> {
        g.histograms++;
        if (g.hsum == null) {
          g.hsum = h;
        } else if (!g.incompatible) {
          try {
            FloatHistogram.OpNotes notes = new FloatHistogram.OpNotes();
            g.hsum = g.hsum.add(h, notes);
            if (notes.reconciled) {
              ctx.info("mismatched custom buckets were reconciled during aggregation", a.pos());
            }
          } catch (FloatHistogram.IncompatibleSchemaException e) {
            g.incompatible = true;
          }
        }
      }
      case COUNT, GROUP -> g.count++;
      case LIMITK, LIMIT_RATIO, COUNT_VALUES -> {
        g.add(op, l, 0);
        g.histogramAt(g.count - 1, h);
      }
      default -> ctx.info("ignored histogram in " + op.name().toLowerCase() + " aggregation",
          a.pos());
    }
  }

  private void emit(AggregateOp op, AggregateExpr a, Group g, Labels gl, double p, String label,
      long t, SeriesCollector out) {
    if (g.histograms > 0) {
      // sum or avg over histograms: only when every element of the group is one.
      if (g.count > 0) {
        ctx.warn("encountered a mix of histograms and floats for aggregation", a.pos());
      } else if (g.incompatible) {
        ctx.warn("vector contains a mix of histograms with exponential and custom buckets"
            + " schemas for aggregation", a.pos());
      } else {
        out.add(gl, t, 0, op == AggregateOp.AVG ? g.hsum.div(g.histograms) : g.hsum);
      }
      return;
    }
    if (g.count == 0) {
      return; // every element was a histogram the operator ignores
    }
    switch (op) {
      case SUM:
        out.add(gl, t, g.sum.value());
        break;
      case AVG:
        out.add(gl, t, g.mean.value());
        break;
      case COUNT:
        out.add(gl, t, g.count);
        break;
      case GROUP:
        out.add(gl, t, 1);
        break;
      case MIN:
        out.add(gl, t, g.min);
        break;
      case MAX:
        out.add(gl, t, g.max);
        break;
      case STDDEV:
        out.add(gl, t, g.stats.stddev());
        break;
      case STDVAR:
        out.add(gl, t, g.stats.stdvar());
        break;
      case QUANTILE:
        out.add(gl, t, Quantile.of(p, g.values, 0, g.count));
        break;
      case TOPK:
      case BOTTOMK:
        topk(g, (long) p, op == AggregateOp.TOPK, t, out);
        break;
      case LIMITK:
        for (int i = 0; i < g.count && i < p; i++) {
          out.add(g.labels[i], t, g.values[i], g.h(i));
        }
        break;
      case LIMIT_RATIO:
        limitRatio(g, Math.max(-1, Math.min(1, p)), t, out);
        break;
      default:
        throw new IllegalStateException("unknown aggregation " + op);
    }
  }

  /**
   * Counts by value, keyed by the group's labels with the value label set: groups that agree
   * once the label is set (it may overwrite a grouping label) count together.
   */
  private static void countValues(Group[] groups, int[] order, int ngroups,
      List<Labels> groupLabels, String label, long t, SeriesCollector out) {
    Map<Labels, Integer> counts = new LinkedHashMap<>();
    for (int k = 0; k < ngroups; k++) {
      Group g = groups[order[k]];
      Labels gl = groupLabels.get(order[k]);
      for (int i = 0; i < g.count; i++) {
        String value = g.h(i) != null ? HistogramText.go(g.h(i)) : FloatFormat.api(g.values[i]);
        counts.merge(gl.toBuilder().set(label, value).build(), 1, Integer::sum);
      }
    }
    for (Map.Entry<Labels, Integer> e : counts.entrySet()) {
      out.add(e.getKey(), t, e.getValue());
    }
  }

  /**
   * The k largest (or smallest) elements, largest first for topk and smallest first for
   * bottomk; NaN ranks below every number either way. A bounded heap of element indexes keeps
   * this O(n log k) without boxing.
   */
  private void topk(Group g, long k, boolean top, long t, SeriesCollector out) {
    int n = (int) Math.min(k, g.count);
    if (n < 1) {
      return;
    }
    if (heap.length < n) {
      heap = new int[Math.max(n, heap.length * 2)];
    }
    double[] vs = g.values;
    int size = 0;
    for (int i = 0; i < g.count; i++) {
      if (size < n) {
        heap[size] = i;
        siftUp(heap, size++, vs, top);
      } else if (better(vs[i], vs[heap[0]], top)) {
        heap[0] = i;
        siftDown(heap, 0, size, vs, top);
      }
    }
    // Heap sort in place: the root is the worst kept element, so popping fills from the back.
    for (int end = size - 1; end > 0; end--) {
      int tmp = heap[0];
      heap[0] = heap[end];
      heap[end] = tmp;
      siftDown(heap, 0, end, vs, top);
    }
    for (int i = 0; i < size; i++) {
      out.add(g.labels[heap[i]], t, vs[heap[i]]);
    }
  }

  /** Whether a ranks before b: larger (topk) or smaller (bottomk), NaN last. */
  private static boolean better(double a, double b, boolean top) {
    if (Double.isNaN(a)) {
      return false;
    }
    if (Double.isNaN(b)) {
      return true;
    }
    return top ? a > b : a < b;
  }

  /** Min-heap on rank: the root is the element that ranks last. */
  private static void siftUp(int[] h, int i, double[] vs, boolean top) {
    while (i > 0) {
      int parent = (i - 1) >>> 1;
      if (!better(vs[h[parent]], vs[h[i]], top)) {
        return;
      }
      int tmp = h[parent];
      h[parent] = h[i];
      h[i] = tmp;
      i = parent;
    }
  }

  private static void siftDown(int[] h, int i, int size, double[] vs, boolean top) {
    while (true) {
      int l = 2 * i + 1;
      if (l >= size) {
        return;
      }
      int worst = l;
      int r = l + 1;
      if (r < size && better(vs[h[l]], vs[h[r]], top)) {
        worst = r;
      }
      if (!better(vs[h[i]], vs[h[worst]], top)) {
        return;
      }
      int tmp = h[i];
      h[i] = h[worst];
      h[worst] = tmp;
      i = worst;
    }
  }

  private static void limitRatio(Group g, double r, long t, SeriesCollector out) {
    for (int i = 0; i < g.count; i++) {
      // A stable position in [0, 1] per series, so a ratio picks the same series every step
      // (and the same ones Prometheus picks).
      double offset = LabelsHash.fraction(LabelsHash.of(g.labels[i]));
      if ((r >= 0 && offset < r) || (r < 0 && offset >= 1 + r)) {
        out.add(g.labels[i], t, g.values[i], g.h(i));
      }
    }
  }

  /** The running state of one group at one step; reused from step to step. */
  private static final class Group {
    long lastStep = Long.MIN_VALUE;
    final KahanSum sum = new KahanSum();
    final KahanMean mean = new KahanMean();
    final Stats stats = new Stats();
    double min;
    double max;
    int count;
    double[] values = new double[8];
    Labels[] labels = new Labels[8];
    /** Histogram elements kept by the operators that keep elements; null until one comes. */
    FloatHistogram[] hs;
    /** Histograms summed by sum and avg, kept apart from the floats. */
    int histograms;
    FloatHistogram hsum;
    boolean incompatible;

    FloatHistogram h(int i) {
      return hs == null || i >= hs.length ? null : hs[i];
    }

    void histogramAt(int i, FloatHistogram h) {
      if (hs == null || hs.length < values.length) {
        hs = hs == null ? new FloatHistogram[values.length] : Arrays.copyOf(hs, values.length);
      }
      hs[i] = h;
    }

    void start(long t) {
      lastStep = t;
      if (hs != null) {
        Arrays.fill(hs, null);
      }
      histograms = 0;
      hsum = null;
      incompatible = false;
      sum.reset();
      mean.reset();
      stats.reset();
      min = Double.NaN;
      max = Double.NaN;
      count = 0;
    }

    void add(AggregateOp op, Labels l, double v) {
      // Only the state the operator reads is kept up to date: this runs per element and step.
      switch (op) {
        case SUM:
          sum.add(v);
          count++;
          return;
        case AVG:
          mean.add(v);
          count++;
          return;
        case STDDEV:
        case STDVAR:
          stats.add(v);
          count++;
          return;
        case MIN:
          // NaN is replaced by any number, as Prometheus's min and max do.
          if (Double.isNaN(min) || v < min) {
            min = v;
          }
          count++;
          return;
        case MAX:
          if (Double.isNaN(max) || v > max) {
            max = v;
          }
          count++;
          return;
        case COUNT:
        case GROUP:
          count++;
          return;
        default:
          break;
      }
      if (count == values.length) {
        values = Arrays.copyOf(values, count * 2);
        labels = Arrays.copyOf(labels, count * 2);
      }
      values[count] = v;
      labels[count] = l;
      count++;
    }
  }
}
