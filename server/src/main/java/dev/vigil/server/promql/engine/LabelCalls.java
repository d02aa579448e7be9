package dev.vigil.server.promql.engine;

import com.google.re2j.Matcher;
import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;
import dev.vigil.server.model.Labels;
import dev.vigil.server.promql.functions.FloatFormat;
import dev.vigil.server.promql.functions.NativeHistograms;
import dev.vigil.server.promql.functions.HistogramQuantile;
import dev.vigil.server.promql.parser.Call;
import dev.vigil.server.promql.parser.Expr;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Functions that work on labels or order: label_*, sort*, histogram_quantile/fraction, info. */
final class LabelCalls {
  private static final String LE = "le";

  private final Evaluator ev;
  private final EvalContext ctx;

  LabelCalls(Evaluator ev) {
    this.ev = ev;
    this.ctx = ev.ctx;
  }

  FunctionCalls.Impl implFor(String name) {
    switch (name) {
      case "label_replace": return this::labelReplace;
      case "label_join": return this::labelJoin;
      case "sort": return c -> sort(c, Comparator.comparingDouble(s -> s.vs[0]), false);
      case "sort_desc": return c -> sort(c, (a, b) -> Double.compare(b.vs[0], a.vs[0]), false);
      case "sort_by_label": return c -> sortByLabel(c, false);
      case "sort_by_label_desc": return c -> sortByLabel(c, true);
      case "histogram_quantile": return c -> histogram(c, false);
      case "histogram_fraction": return c -> histogram(c, true);
      case "histogram_count":
      case "histogram_sum":
      case "histogram_avg":
      case "histogram_stddev":
      case "histogram_stdvar":
        // Native histograms only; float points have no result.
        return c -> nativeOnly(c, name);
      case "info": return c -> new Res.Vector(new Info(ev).eval(c));
      default: return null;
    }
  }

  private String str(Expr e) {
    return ((Res.Str) ev.eval(e)).value();
  }

  private Res labelReplace(Call c) {
    List<StepSeries> in = ev.vector(c.args().get(0));
    String dst = str(c.args().get(1));
    String repl = str(c.args().get(2));
    String src = str(c.args().get(3));
    String regex = str(c.args().get(4));
    Pattern p;
    try {
      p = Pattern.compile("^(?s:" + regex + ")$");
    } catch (PatternSyntaxException e) {
      throw QueryException.execution("invalid regular expression in label_replace(): " + regex);
    }
    if (!Aggregations.validLabelName(dst)) {
      throw QueryException.execution("invalid destination label name in label_replace(): " + dst);
    }
    Map<Labels, Labels> done = new HashMap<>();
    for (StepSeries s : in) {
      Labels l = s.labels;
      Labels r = done.get(l);
      if (r == null) {
        String v = l.get(src);
        Matcher m = p.matcher(v == null ? "" : v);
        if (m.matches()) {
          String value = expand(m, repl);
          r = l.toBuilder().set(dst, value).build();
        } else {
          r = l;
        }
        done.put(l, r);
      }
      s.labels = r;
    }
    return new Res.Vector(recollect(in));
  }

  /** Go's Regexp.Expand: $1, ${1}, $name, ${name}; $$ is a dollar; unknown groups are empty. */
  static String expand(Matcher m, String template) {
    StringBuilder sb = new StringBuilder();
    int i = 0;
    while (i < template.length()) {
      char ch = template.charAt(i);
      if (ch != '$' || i + 1 >= template.length()) {
        sb.append(ch);
        i++;
        continue;
      }
      char next = template.charAt(i + 1);
      if (next == '$') {
        sb.append('$');
        i += 2;
        continue;
      }
      String name;
      int end;
      if (next == '{') {
        int close = template.indexOf('}', i + 2);
        if (close < 0) {
          sb.append(ch);
          i++;
          continue;
        }
        name = template.substring(i + 2, close);
        end = close + 1;
      } else {
        int j = i + 1;
        while (j < template.length() && (Character.isLetterOrDigit(template.charAt(j))
            || template.charAt(j) == '_')) {
          j++;
        }
        if (j == i + 1) {
          sb.append(ch);
          i++;
          continue;
        }
        name = template.substring(i + 1, j);
        end = j;
      }
      String g = group(m, name);
      if (g != null) {
        sb.append(g);
      }
      i = end;
    }
    return sb.toString();
  }

  private static String group(Matcher m, String name) {
    boolean numeric = !name.isEmpty() && name.chars().allMatch(Character::isDigit);
    if (numeric) {
      try {
        int n = Integer.parseInt(name);
        return n <= m.groupCount() ? m.group(n) : null;
      } catch (NumberFormatException e) {
        return null;
      }
    }
    try {
      return m.group(name);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  private Res labelJoin(Call c) {
    List<StepSeries> in = ev.vector(c.args().get(0));
    String dst = str(c.args().get(1));
    String sep = str(c.args().get(2));
    List<String> srcs = new ArrayList<>();
    for (int i = 3; i < c.args().size(); i++) {
      srcs.add(str(c.args().get(i)));
    }
    if (!Aggregations.validLabelName(dst)) {
      throw QueryException.execution("invalid destination label name in label_join(): " + dst);
    }
    for (String src : srcs) {
      if (!Aggregations.validLabelName(src)) {
        throw QueryException.execution("invalid source label name in label_join(): " + src);
      }
    }
    for (StepSeries s : in) {
      StringBuilder sb = new StringBuilder();
      for (int i = 0; i < srcs.size(); i++) {
        if (i > 0) {
          sb.append(sep);
        }
        String v = s.labels.get(srcs.get(i));
        sb.append(v == null ? "" : v);
      }
      s.labels = s.labels.toBuilder().set(dst, sb.toString()).build();
    }
    return new Res.Vector(recollect(in));
  }

  /** Series whose labels became equal are merged, failing on a clash at one step. */
  private List<StepSeries> recollect(List<StepSeries> in) {
    Set<Labels> seen = new HashSet<>();
    boolean clash = false;
    for (StepSeries s : in) {
      clash |= !seen.add(s.labels);
    }
    if (!clash) {
      return in;
    }
    return SeriesCollector.regroup(ev, in);
  }

  /** Orders an instant query's result; a range query's series are sorted by labels anyway. */
  private Res sort(Call c, Comparator<StepSeries> order, boolean byLabel) {
    List<StepSeries> in = new ArrayList<>(ev.vector(c.args().get(0)));
    if (ctx.queryStep > 0) {
      ctx.warn("sort is ineffective for range queries since results are always ordered by labels",
          c.pos());
      return new Res.Vector(in);
    }
    if (!byLabel) {
      // sort and sort_desc order floats; histogram elements are left out, as in Prometheus.
      FunctionCalls.dropHistograms(in);
      in.removeIf(s -> s.n == 0);
      // NaN sorts last in both directions.
      Comparator<StepSeries> base = order;
      order = (a, b) -> {
        boolean an = Double.isNaN(a.vs[0]);
        boolean bn = Double.isNaN(b.vs[0]);
        if (an || bn) {
          return an == bn ? 0 : an ? 1 : -1;
        }
        return base.compare(a, b);
      };
    }
    in.sort(order);
    return new Res.Vector(in);
  }

  private Res sortByLabel(Call c, boolean desc) {
    List<String> names = new ArrayList<>();
    for (int i = 1; i < c.args().size(); i++) {
      names.add(str(c.args().get(i)));
    }
    Comparator<StepSeries> order = (a, b) -> {
      for (String n : names) {
        int r = naturalCompare(nz(a.labels.get(n)), nz(b.labels.get(n)));
        if (r != 0) {
          return r;
        }
      }
      return a.labels.compareTo(b.labels);
    };
    return sort(c, desc ? order.reversed() : order, true);
  }

  private static String nz(String s) {
    return s == null ? "" : s;
  }

  /** Compares runs of digits by number and everything else by character. */
  static int naturalCompare(String a, String b) {
    int i = 0;
    int j = 0;
    while (i < a.length() && j < b.length()) {
      char x = a.charAt(i);
      char y = b.charAt(j);
      if (Character.isDigit(x) && Character.isDigit(y)) {
        int si = i;
        int sj = j;
        while (i < a.length() && Character.isDigit(a.charAt(i))) {
          i++;
        }
        while (j < b.length() && Character.isDigit(b.charAt(j))) {
          j++;
        }
        String na = a.substring(si, i).replaceFirst("^0+(?=.)", "");
        String nb = b.substring(sj, j).replaceFirst("^0+(?=.)", "");
        if (na.length() != nb.length()) {
          return Integer.compare(na.length(), nb.length());
        }
        int r = na.compareTo(nb);
        if (r != 0) {
          return r;
        }
      } else {
        if (x != y) {
          return Character.compare(x, y);
        }
        i++;
        j++;
      }
    }
    return Integer.compare(a.length() - i, b.length() - j);
  }

  /** histogram_quantile(q, v) or histogram_fraction(lo, hi, v) over classic buckets. */
  /** histogram_count, _sum, _avg, _stddev, _stdvar: a float per native histogram point. */
  private Res nativeOnly(Call c, String name) {
    List<StepSeries> in = ev.vector(c.args().get(0));
    SeriesCollector out = new SeriesCollector(ctx);
    for (StepSeries s : in) {
      if (s.hs == null) {
        continue;
      }
      Labels l = Selectors.dropName(s.labels);
      for (int i = 0; i < s.n; i++) {
        dev.vigil.server.model.FloatHistogram h = s.hs[i];
        if (h == null) {
          continue;
        }
        double v = switch (name) {
          case "histogram_count" -> h.count();
          case "histogram_sum" -> h.sum();
          case "histogram_avg" -> h.sum() / h.count();
          case "histogram_stdvar" -> NativeHistograms.stdvar(h);
          default -> Math.sqrt(NativeHistograms.stdvar(h));
        };
        out.add(l, s.ts[i], v);
      }
    }
    ev.release(in);
    return new Res.Vector(out.result());
  }

  /**
   * Takes the native histogram points out of {@code in} and computes the quantile or fraction of
   * each; what is left are the classic bucket series.
   */
  private List<StepSeries> nativeQuantiles(List<StepSeries> in, double[] p0, double[] p1,
      boolean fraction) {
    SeriesCollector out = null;
    for (StepSeries s : in) {
      if (s.hs == null) {
        continue;
      }
      if (out == null) {
        out = new SeriesCollector(ctx);
      }
      Labels l = Selectors.dropName(s.labels);
      for (int i = 0; i < s.n; i++) {
        dev.vigil.server.model.FloatHistogram h = s.hs[i];
        if (h != null) {
          int st = ev.step(s.ts[i]);
          out.add(l, s.ts[i], fraction ? NativeHistograms.fraction(p0[st], p1[st], h)
              : NativeHistograms.quantile(p0[st], h));
        }
      }
    }
    if (out == null) {
      return List.of();
    }
    FunctionCalls.dropHistograms(in);
    in.removeIf(s -> s.n == 0);
    return out.result();
  }

  private Res histogram(Call c, boolean fraction) {
    double[] p0 = ev.scalarValues(c.args().get(0));
    double[] p1 = fraction ? ev.scalarValues(c.args().get(1)) : null;
    Expr vecArg = c.args().get(fraction ? 2 : 1);
    List<StepSeries> in = new ArrayList<>(ev.vector(vecArg));
    List<StepSeries> nativeResults = nativeQuantiles(in, p0, p1, fraction);
    if (!fraction) {
      for (double q : p0) {
        if (!(q >= 0 && q <= 1)) {
          ctx.warn("quantile value should be between 0 and 1, got " + FloatFormat.goG(q),
              c.args().get(0).pos());
        }
      }
    }
    // Bucket series grouped by their labels without le and name.
    Map<Labels, Integer> groupIds = new HashMap<>();
    List<Labels> groupLabels = new ArrayList<>();
    List<String> groupNames = new ArrayList<>();
    int[] groupOf = new int[in.size()];
    double[] bound = new double[in.size()];
    for (int i = 0; i < in.size(); i++) {
      Labels l = in.get(i).labels;
      String le = l.get(LE);
      double b = Double.NaN;
      if (le != null) {
        try {
          b = FloatFormat.parseGo(le);
        } catch (RuntimeException e) {
          b = Double.NaN;
        }
      }
      if (le == null || Double.isNaN(b)) {
        groupOf[i] = -1;
        ctx.warn("bucket label \"le\" is missing or has a malformed value of \""
            + (le == null ? "" : le) + "\" for metric name \"" + nz(l.metricName()) + "\"",
            vecArg.pos());
        continue;
      }
      bound[i] = b;
      Labels key = l.toBuilder().delete(LE).delete(Labels.METRIC_NAME).build();
      Integer id = groupIds.get(key);
      if (id == null) {
        id = groupLabels.size();
        groupIds.put(key, id);
        groupLabels.add(key);
        groupNames.add(nz(l.metricName()));
      }
      groupOf[i] = id;
    }
    int groups = groupLabels.size();
    double[][] ubs = new double[groups][4];
    double[][] counts = new double[groups][4];
    int[] sizes = new int[groups];
    long[] seen = new long[groups];
    Arrays.fill(seen, Long.MIN_VALUE);
    int[] order = new int[groups];
    HistogramQuantile hq = new HistogramQuantile();
    SeriesCollector out = new SeriesCollector(ctx);
    StepCursor cur = new StepCursor(in);
    for (long t = ctx.start; t <= ctx.end; t += ctx.interval) {
      Vec v = cur.at(t);
      int ng = 0;
      for (int i = 0; i < v.size; i++) {
        int g = groupOf[v.idx[i]];
        if (g < 0) {
          continue;
        }
        if (seen[g] != t) {
          seen[g] = t;
          sizes[g] = 0;
          order[ng++] = g;
        }
        if (sizes[g] == ubs[g].length) {
          ubs[g] = Arrays.copyOf(ubs[g], sizes[g] * 2);
          counts[g] = Arrays.copyOf(counts[g], sizes[g] * 2);
        }
        ubs[g][sizes[g]] = bound[v.idx[i]];
        counts[g][sizes[g]] = v.vs[i];
        sizes[g]++;
      }
      int st = ev.step(t);
      for (int k = 0; k < ng; k++) {
        int g = order[k];
        double r = fraction ? hq.fraction(p0[st], p1[st], ubs[g], counts[g], sizes[g])
            : hq.quantile(p0[st], ubs[g], counts[g], sizes[g]);
        if (hq.forcedMonotonic()) {
          ctx.info("input to histogram_quantile needed to be fixed for monotonicity (see"
              + " https://prometheus.io/docs/prometheus/latest/querying/functions/#histogram_quantile)"
              + " for metric name \"" + groupNames.get(g) + "\"", vecArg.pos());
        }
        out.add(groupLabels.get(g), t, r);
      }
    }
    ev.release(in);
    if (nativeResults.isEmpty()) {
      return new Res.Vector(out.result());
    }
    List<StepSeries> all = new ArrayList<>(nativeResults);
    all.addAll(out.result());
    return new Res.Vector(all);
  }
}
