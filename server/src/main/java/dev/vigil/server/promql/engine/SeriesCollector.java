package dev.vigil.server.promql.engine;

import dev.vigil.server.model.Labels;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Gathers the output of a per-step operation into series by label set, keeping first-seen order
 * (an instant query's result order is the order its single step produced).
 */
final class SeriesCollector {
  private final Map<Labels, StepSeries> byLabels = new LinkedHashMap<>();
  private final EvalContext ctx;

  SeriesCollector(EvalContext ctx) {
    this.ctx = ctx;
  }

  /** Adds a histogram point, or a float one when {@code h} is null. */
  void add(Labels labels, long t, double v, dev.vigil.server.model.FloatHistogram h) {
    add(labels, t, v);
    if (h != null) {
      StepSeries s = byLabels.get(labels);
      if (s.hs == null) {
        s.hs = new dev.vigil.server.model.FloatHistogram[s.ts.length];
      }
      s.hs[s.n - 1] = h;
    }
  }

  void add(Labels labels, long t, double v) {
    StepSeries s = byLabels.get(labels);
    if (s == null) {
      s = new StepSeries(labels, Math.min(ctx.stepCount(), 64));
      byLabels.put(labels, s);
    } else if (s.lastT() == t) {
      throw QueryException.execution("vector cannot contain metrics with the same labelset");
    }
    s.add(t, v);
    ctx.addSamples(1);
  }

  /**
   * Re-collects series step by step, so series whose labels became equal merge and a clash at
   * one step is an error; releases {@code in}.
   */
  static List<StepSeries> regroup(Evaluator ev, List<StepSeries> in) {
    EvalContext ctx = ev.ctx;
    SeriesCollector out = new SeriesCollector(ctx);
    StepCursor cur = new StepCursor(in);
    for (long t = ctx.start; t <= ctx.end; t += ctx.interval) {
      out.addAll(cur.at(t), t);
    }
    ev.release(in);
    return out.result();
  }

  /** Adds every element of a step's vector. */
  void addAll(Vec v, long t) {
    for (int i = 0; i < v.size; i++) {
      add(v.labels[i], t, v.vs[i], v.h(i));
    }
  }

  List<StepSeries> result() {
    return new ArrayList<>(byLabels.values());
  }
}
