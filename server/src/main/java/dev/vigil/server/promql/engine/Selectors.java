package dev.vigil.server.promql.engine;

import dev.vigil.server.model.FloatHistogram;
import dev.vigil.server.model.Labels;
import dev.vigil.server.model.Matcher;
import dev.vigil.server.model.StaleNaN;
import dev.vigil.server.promql.parser.At;
import dev.vigil.server.promql.parser.Duration;
import dev.vigil.server.promql.parser.VectorSelector;
import dev.vigil.server.storage.SampleIterator;
import dev.vigil.server.storage.SeriesSet;
import java.util.ArrayList;
import java.util.List;

/** Instant vector selectors and the series behind range selectors. */
final class Selectors {
  private Selectors() {}

  /** Milliseconds of an optional duration (offset), 0 when absent. */
  static long ms(Duration d, EvalContext ctx) {
    return d == null ? 0 : d.evaluateMs(ctx.queryStep, ctx.queryEnd - ctx.queryStart);
  }

  /** The fixed time of an {@code @} modifier, or {@code Long.MIN_VALUE} when there is none. */
  static long at(At at, EvalContext ctx) {
    if (at == null) {
      return Long.MIN_VALUE;
    }
    switch (at.kind()) {
      case TIMESTAMP:
        return at.ms();
      case START:
        return ctx.queryStart;
      case END:
        return ctx.queryEnd;
      default:
        return Long.MIN_VALUE;
    }
  }

  /** The storage time a selector reads for step {@code t}. */
  static long ref(long t, long atMs, long offset) {
    return (atMs == Long.MIN_VALUE ? t : atMs) - offset;
  }

  static SeriesSet select(VectorSelector sel, EvalContext ctx, long mint, long maxt) {
    if (sel.anchored() || sel.smoothed()) {
      throw QueryException.badData("the experimental \"anchored\" and \"smoothed\" selector"
          + " modifiers are not supported");
    }
    return ctx.querier(mint, maxt).select(true, sel.matchers().toArray(new Matcher[0]));
  }

  /**
   * Evaluates an instant selector at every step: the latest sample in (t - lookback, t], unless
   * it is a stale marker. With {@code timestamps} the value is the sample's time in seconds and
   * the metric name is dropped, as {@code timestamp(selector)} needs.
   */
  static List<StepSeries> vector(VectorSelector sel, EvalContext ctx, boolean timestamps) {
    long offset = ms(sel.offset(), ctx);
    long atMs = at(sel.at(), ctx);
    long refStart = ref(ctx.start, atMs, offset);
    long refEnd = ref(ctx.end, atMs, offset);
    SeriesSet set = select(sel, ctx, refStart - ctx.lookbackMs + 1, refEnd);
    List<StepSeries> out = new ArrayList<>();
    int steps = ctx.stepCount();
    while (set.next()) {
      Labels labels = set.labels();
      SampleIterator it = set.iterator();
      StepSeries s = new StepSeries(timestamps ? dropName(labels) : labels, Math.min(steps, 16));
      boolean hasCur = false;
      long curT = 0;
      double curV = 0;
      // Checked once per series: float series never ask for a histogram.
      boolean mixed = it.mayHaveHistograms();
      FloatHistogram curH = null;
      boolean hasNext = it.seek(refStart - ctx.lookbackMs + 1);
      for (long t = ctx.start; t <= ctx.end; t += ctx.interval) {
        ctx.checkDeadline();
        long ref = ref(t, atMs, offset);
        while (hasNext && it.atT() <= ref) {
          hasCur = true;
          curT = it.atT();
          curV = it.atV();
          if (mixed) {
            curH = it.atHistogram();
          }
          hasNext = it.next();
        }
        if (hasCur && curT > ref - ctx.lookbackMs && (curH != null || !StaleNaN.is(curV))) {
          if (curH != null && !timestamps) {
            s.add(t, 0, curH);
          } else {
            s.add(t, timestamps ? curT / 1000.0 : curV);
          }
        }
      }
      if (s.n > 0) {
        ctx.loaded(s.n);
        ctx.addSamples(s.n);
        out.add(s);
      }
    }
    return out;
  }

  static Labels dropName(Labels l) {
    return l.get(Labels.METRIC_NAME) == null ? l : l.toBuilder().delete(Labels.METRIC_NAME).build();
  }

  /** A {@link SeriesSet} over evaluated series, so subqueries feed range functions as storage does. */
  static SeriesSet seriesSet(List<StepSeries> series) {
    return new SeriesSet() {
      private int i = -1;

      @Override
      public boolean next() {
        return ++i < series.size();
      }

      @Override
      public Labels labels() {
        return series.get(i).labels;
      }

      @Override
      public SampleIterator iterator() {
        return new StepSeriesIterator(series.get(i));
      }
    };
  }
}
