package dev.vigil.server.promql.engine;

import dev.vigil.server.model.FloatHistogram;
import dev.vigil.server.promql.parser.PosRange;

/**
 * Range functions over a window that holds native histograms, as Prometheus computes them:
 * rate, increase and delta of histograms (with counter resets and extrapolation), irate and
 * idelta, changes and resets across sample types, sum and avg over time, the functions that
 * return a sample (last, first) or count samples, and the float-only functions, which ignore
 * histograms (an info when floats are there too, silence when there are none). Only reached for
 * windows with a histogram, so the float path never pays for it.
 */
final class HistogramWindows {
  private final EvalContext ctx;
  /** The float samples of a mixed window, for the float-only functions. */
  private final Window floats = new Window();
  /** The result of the last {@link #apply}: a histogram, or the float {@code v} when null. */
  FloatHistogram h;
  double v;

  HistogramWindows(EvalContext ctx) {
    this.ctx = ctx;
  }

  /**
   * Computes {@code name} over {@code w}, which has {@code nh} histogram samples; false when
   * there is no result at this step.
   */
  boolean apply(String name, RangeCalls.Def def, Window w, int nh, long lo, long hi, long t,
      double p0, double p1, long rangeMs, String metric, PosRange pos) {
    h = null;
    v = 0;
    int n = w.size();
    boolean mixed = nh < n;
    switch (name) {
      case "rate", "increase", "delta" -> {
        if (mixed) {
          mixWarning(metric, pos);
          return false;
        }
        return rate(w, lo, hi, rangeMs, name.equals("rate"), !name.equals("delta"), metric, pos);
      }
      case "irate", "idelta" -> {
        return instant(w, name.equals("irate"), metric, pos);
      }
      case "changes", "resets" -> {
        v = changes(w, name.equals("resets"));
        return true;
      }
      case "sum_over_time", "avg_over_time" -> {
        if (mixed) {
          mixWarning(metric, pos);
          return false;
        }
        return sum(w, name.equals("avg_over_time"), pos);
      }
      case "last_over_time" -> {
        h = w.h(w.to - 1);
        v = w.vs[w.to - 1];
        return true;
      }
      case "first_over_time" -> {
        h = w.h(w.from);
        v = w.vs[w.from];
        return true;
      }
      case "count_over_time", "present_over_time", "ts_of_last_over_time",
          "ts_of_first_over_time" -> {
        v = def.fn().apply(w, lo, hi, t, p0, p1);
        return true;
      }
      default -> {
        // Functions of float values: histograms are left out.
        if (!mixed) {
          return false;
        }
        ctx.info("ignored histograms in a range containing both floats and histograms for"
            + " metric name \"" + metric + "\"", pos);
        floats.from = 0;
        floats.to = 0;
        floats.hs = null;
        if (floats.ts.length < n) {
          floats.ts = new long[n];
          floats.vs = new double[n];
        }
        for (int i = w.from; i < w.to; i++) {
          if (w.hs[i] == null) {
            floats.ts[floats.to] = w.ts[i];
            floats.vs[floats.to++] = w.vs[i];
          }
        }
        if (floats.size() < def.minSamples()) {
          return false;
        }
        v = def.fn().apply(floats, lo, hi, t, p0, p1);
        return true;
      }
    }
  }

  private void mixWarning(String metric, PosRange pos) {
    ctx.warn("encountered a mix of histograms and floats for metric name \"" + metric + "\"",
        pos);
  }

  private void mixedSchemas(String metric, PosRange pos) {
    ctx.warn("vector contains a mix of histograms with exponential and custom buckets schemas"
        + " for metric name \"" + metric + "\"", pos);
  }

  private void reconciled(FloatHistogram.OpNotes notes, String op, PosRange pos) {
    if (notes.reconciled) {
      ctx.info("mismatched custom buckets were reconciled during " + op, pos);
    }
  }

  /** rate, increase (counters) and delta (gauges) of histograms, extrapolated as for floats. */
  private boolean rate(Window w, long lo, long hi, long rangeMs, boolean perSecond,
      boolean counter, String metric, PosRange pos) {
    int first = w.from;
    int last = w.to - 1;
    if (last - first < 1) {
      return false;
    }
    FloatHistogram prev = w.hs[first];
    FloatHistogram end = w.hs[last];
    if (counter && (prev.counterResetHint() == FloatHistogram.GAUGE
        || end.counterResetHint() == FloatHistogram.GAUGE)) {
      notCounter(metric, pos);
    }
    if (counter) {
      FloatHistogram second = w.hs[first + 1];
      if (second.detectReset(prev)) {
        // The first sample is from before a reset: count from zero instead.
        prev = empty(second);
      }
    }
    boolean custom = prev.customBuckets();
    if (end.customBuckets() != custom) {
      mixedSchemas(metric, pos);
      return false;
    }
    for (int i = first + 1; i < last; i++) {
      FloatHistogram c = w.hs[i];
      if (!counter) {
        continue;
      }
      if (c.counterResetHint() == FloatHistogram.GAUGE) {
        notCounter(metric, pos);
      }
      if (c.customBuckets() != custom) {
        mixedSchemas(metric, pos);
        return false;
      }
    }
    FloatHistogram.OpNotes notes = new FloatHistogram.OpNotes();
    FloatHistogram res;
    try {
      res = end.sub(prev, notes);
      if (counter) {
        FloatHistogram p = prev;
        for (int i = first + 1; i <= last; i++) {
          FloatHistogram c = w.hs[i];
          if (c.detectReset(p)) {
            res = res.add(p, notes);
          }
          p = c;
        }
      } else if (w.hs[first].counterResetHint() != FloatHistogram.GAUGE
          || end.counterResetHint() != FloatHistogram.GAUGE) {
        notGauge(metric, pos);
      }
    } catch (FloatHistogram.IncompatibleSchemaException e) {
      mixedSchemas(metric, pos);
      return false;
    }
    reconciled(notes, "subtraction", pos);
    double sampled = (w.ts[last] - w.ts[first]) / 1000.0;
    double toStart = (w.ts[first] - lo) / 1000.0;
    double toEnd = (hi - w.ts[last]) / 1000.0;
    double avgGap = sampled / (last - first);
    double threshold = avgGap * 1.1;
    if (toStart >= threshold) {
      toStart = avgGap / 2;
    }
    if (toEnd >= threshold) {
      toEnd = avgGap / 2;
    }
    double factor = (sampled + toStart + toEnd) / sampled;
    if (perSecond) {
      factor /= rangeMs / 1000.0;
    }
    h = res.mul(factor).withHint(FloatHistogram.GAUGE);
    return true;
  }

  private static FloatHistogram empty(FloatHistogram like) {
    return new FloatHistogram(FloatHistogram.UNKNOWN, like.schema(), like.zeroThreshold(), 0, 0,
        0, null, null, null, null, like.customValues());
  }

  private void notCounter(String metric, PosRange pos) {
    ctx.warn("this native histogram metric is not a counter: \"" + metric + "\"", pos);
  }

  private void notGauge(String metric, PosRange pos) {
    ctx.warn("this native histogram metric is not a gauge: \"" + metric + "\"", pos);
  }

  /** irate and idelta: the last two samples. */
  private boolean instant(Window w, boolean perSecond, String metric, PosRange pos) {
    if (w.size() < 2) {
      return false;
    }
    int a = w.to - 2;
    int b = w.to - 1;
    FloatHistogram ha = w.hs[a];
    FloatHistogram hb = w.hs[b];
    if (ha == null || hb == null) {
      mixWarning(metric, pos);
      return false;
    }
    if (perSecond && (ha.counterResetHint() == FloatHistogram.GAUGE
        || hb.counterResetHint() == FloatHistogram.GAUGE)) {
      notCounter(metric, pos);
    }
    if (!perSecond && (ha.counterResetHint() != FloatHistogram.GAUGE
        || hb.counterResetHint() != FloatHistogram.GAUGE)) {
      notGauge(metric, pos);
    }
    FloatHistogram res = hb;
    if (!perSecond || !hb.detectReset(ha)) {
      FloatHistogram.OpNotes notes = new FloatHistogram.OpNotes();
      try {
        res = hb.sub(ha, notes);
      } catch (FloatHistogram.IncompatibleSchemaException e) {
        mixedSchemas(metric, pos);
        return false;
      }
      reconciled(notes, "subtraction", pos);
    }
    if (perSecond) {
      res = res.div((w.ts[b] - w.ts[a]) / 1000.0);
    }
    h = res.withHint(FloatHistogram.GAUGE);
    return true;
  }

  /** changes (or resets): a change of sample type counts as both. */
  private static double changes(Window w, boolean resets) {
    int n = 0;
    for (int i = w.from + 1; i < w.to; i++) {
      FloatHistogram p = w.hs[i - 1];
      FloatHistogram c = w.hs[i];
      if ((p == null) != (c == null)) {
        n++;
      } else if (c != null) {
        if (resets ? c.detectReset(p) : !c.equals(p)) {
          n++;
        }
      } else {
        double pv = w.vs[i - 1];
        double cv = w.vs[i];
        if (resets ? cv < pv : cv != pv && !(Double.isNaN(cv) && Double.isNaN(pv))) {
          n++;
        }
      }
    }
    return n;
  }

  private boolean sum(Window w, boolean avg, PosRange pos) {
    FloatHistogram.OpNotes notes = new FloatHistogram.OpNotes();
    FloatHistogram s = w.hs[w.from];
    try {
      for (int i = w.from + 1; i < w.to; i++) {
        s = s.add(w.hs[i], notes);
      }
    } catch (FloatHistogram.IncompatibleSchemaException e) {
      ctx.warn("vector contains a mix of histograms with exponential and custom buckets schemas"
          + " for aggregation", pos);
      return false;
    }
    reconciled(notes, "aggregation", pos);
    h = avg ? s.div(w.size()) : s;
    return true;
  }
}
