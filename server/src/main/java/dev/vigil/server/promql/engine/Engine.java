package dev.vigil.server.promql.engine;

import dev.vigil.server.model.Labels;
import dev.vigil.server.promql.parser.Expr;
import dev.vigil.server.promql.parser.ParseException;
import dev.vigil.server.promql.parser.ParseOptions;
import dev.vigil.server.promql.parser.PromQL;
import dev.vigil.server.promql.parser.ValueType;
import dev.vigil.server.promql.value.InstantVector;
import dev.vigil.server.promql.value.Matrix;
import dev.vigil.server.promql.value.Sample;
import dev.vigil.server.promql.value.Scalar;
import dev.vigil.server.promql.value.Series;
import dev.vigil.server.promql.value.StringValue;
import dev.vigil.server.promql.value.Value;
import dev.vigil.server.storage.Queryable;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * The PromQL evaluator. Each query is parsed, then evaluated step by step over its range (an
 * instant query is one step); every selector reads storage once for the whole range. At most
 * {@code maxConcurrency} queries run at once; the rest wait in a fair queue, and the wait counts
 * against the timeout.
 */
public final class Engine implements QueryEngine {
  private final Queryable storage;
  private final EngineOptions options;
  private final Semaphore slots;
  private final ParseOptions parseOptions;

  public Engine(Queryable storage, EngineOptions options) {
    this.storage = storage;
    this.options = options;
    this.slots = new Semaphore(options.maxConcurrency(), true);
    // Extended range selectors (anchored, smoothed) are not implemented, so they stay a parse
    // error; fill modifiers come with the experimental functions.
    this.parseOptions = new ParseOptions(options.experimentalFunctions(), false,
        options.experimentalFunctions());
  }

  public Engine(Queryable storage) {
    this(storage, EngineOptions.DEFAULTS);
  }

  public EngineOptions options() {
    return options;
  }

  @Override
  public QueryResult instant(String query, long timeMs, QueryOptions opts) {
    return run(query, timeMs, timeMs, 0, opts);
  }

  @Override
  public QueryResult range(String query, long startMs, long endMs, long stepMs,
      QueryOptions opts) {
    if (stepMs <= 0) {
      throw QueryException.badData(
          "zero or negative query resolution step widths are not accepted. Try a positive integer");
    }
    if (endMs < startMs) {
      throw QueryException.badData("end timestamp must not be before start time");
    }
    return run(query, startMs, endMs, stepMs, opts);
  }

  private QueryResult run(String query, long start, long end, long step, QueryOptions opts) {
    long begin = System.nanoTime();
    long timeout = options.timeout().toNanos();
    if (opts.timeout() != null && opts.timeout().compareTo(options.timeout()) < 0) {
      timeout = opts.timeout().isNegative() ? 0 : opts.timeout().toNanos();
    }
    long deadline = begin + timeout;
    try {
      // With no time left a free slot is still taken, so an expired query always fails "in query
      // execution"; Prometheus picks that or "in query queue" at random (a Go select).
      if (!slots.tryAcquire(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
        throw QueryException.timeout("query timed out in query queue");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new QueryException("canceled", "query was canceled in query queue");
    }
    long queued = System.nanoTime();
    try {
      if (queued - deadline >= 0) {
        throw QueryException.timeout("query timed out in query execution");
      }
      long lookback = options.lookbackDelta().toMillis();
      if (opts.lookbackDelta() != null && !opts.lookbackDelta().isNegative()
          && !opts.lookbackDelta().isZero()) {
        lookback = Math.max(1, opts.lookbackDelta().toMillis());
      }
      return execute(query, start, end, step, begin, queued, deadline, lookback);
    } finally {
      slots.release();
    }
  }

  private QueryResult execute(String query, long start, long end, long step, long begin,
      long queued, long deadline, long lookbackMs) {
    Expr expr;
    try {
      expr = PromQL.parse(query, parseOptions);
    } catch (ParseException e) {
      throw QueryException.badData(e.getMessage());
    } catch (IllegalArgumentException e) {
      throw QueryException.badData(e.getMessage());
    }
    if (step > 0 && expr.type() != ValueType.SCALAR && expr.type() != ValueType.VECTOR) {
      throw QueryException.badData("invalid expression type \"" + expr.type().docName()
          + "\" for range query, must be Scalar or instant Vector");
    }
    long prepared = System.nanoTime();
    EvalContext ctx = new EvalContext(query, storage, start, end, step,
        lookbackMs, options.subqueryStep().toMillis(), deadline,
        options.maxSamples());
    Value value;
    try {
      ctx.checkFrame(start, end, Math.max(step, 1));
      Res r = new Evaluator(ctx).eval(expr);
      value = step > 0 ? rangeValue(r, ctx) : instantValue(r, start);
    } catch (QueryException e) {
      throw e;
    } catch (RuntimeException e) {
      throw new QueryException("execution", "unexpected error evaluating the query: " + e, e);
    } catch (StackOverflowError e) {
      throw QueryException.execution("query is nested too deeply to evaluate");
    } finally {
      ctx.close();
    }
    long done = System.nanoTime();
    QueryStats stats = new QueryStats(seconds(done - queued), seconds(prepared - queued),
        seconds(done - prepared), seconds(queued - begin), seconds(done - begin),
        ctx.totalSamples, ctx.peakSamples);
    return new QueryResult(value, new ArrayList<>(ctx.warnings), new ArrayList<>(ctx.infos),
        stats);
  }

  private static double seconds(long nanos) {
    return nanos / 1e9;
  }

  private static Value instantValue(Res r, long t) {
    if (r instanceof Res.Scalar s) {
      return new Scalar(t, s.values()[0]);
    } else if (r instanceof Res.Str s) {
      return new StringValue(t, s.value());
    } else if (r instanceof Res.Range m) {
      return new Matrix(m.series());
    }
    List<Sample> out = new ArrayList<>();
    for (StepSeries s : ((Res.Vector) r).series()) {
      for (int i = 0; i < s.n; i++) {
        out.add(new Sample(s.labels, s.ts[i], s.vs[i], s.h(i)));
      }
    }
    return new InstantVector(out);
  }

  private static Value rangeValue(Res r, EvalContext ctx) {
    List<Series> out = new ArrayList<>();
    if (r instanceof Res.Scalar s) {
      double[] vs = s.values();
      long[] ts = new long[vs.length];
      for (int i = 0; i < ts.length; i++) {
        ts[i] = ctx.start + i * ctx.interval;
      }
      out.add(Series.of(Labels.EMPTY, ts, vs));
      return new Matrix(out);
    }
    for (StepSeries s : ((Res.Vector) r).series()) {
      if (s.n > 0) {
        out.add(s.toSeries());
      }
    }
    out.sort(Comparator.comparing(Series::labels));
    return new Matrix(out);
  }
}
