package dev.vigil.server.promql.engine;

import dev.vigil.server.promql.parser.PosRange;
import dev.vigil.server.storage.Querier;
import dev.vigil.server.storage.Queryable;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * What every part of one query's evaluation shares: the storage and its open queriers, the
 * deadline, the sample limit and counters, and the annotations. One query, one thread.
 */
final class EvalContext {
  final String query;
  final Queryable storage;
  final long queryStart;
  final long queryEnd;
  final long queryStep;
  final long lookbackMs;
  final long subqueryStepMs;
  private final long deadlineNanos;
  private final long maxSamples;
  private final List<Querier> queriers = new ArrayList<>();
  final Set<String> warnings = new LinkedHashSet<>();
  final Set<String> infos = new LinkedHashSet<>();
  long currentSamples;
  long peakSamples;
  long totalSamples;
  private int checks;

  /** The steps of the expression being evaluated; subqueries evaluate in a narrower frame. */
  long start;
  long end;
  long interval;

  EvalContext(String query, Queryable storage, long start, long end, long step, long lookbackMs,
      long subqueryStepMs, long deadlineNanos, long maxSamples) {
    this.query = query;
    this.storage = storage;
    this.queryStart = start;
    this.queryEnd = end;
    this.queryStep = step;
    this.lookbackMs = lookbackMs;
    this.subqueryStepMs = subqueryStepMs;
    this.deadlineNanos = deadlineNanos;
    this.maxSamples = maxSamples;
    this.start = start;
    this.end = end;
    this.interval = step <= 0 ? 1 : step;
  }

  int stepCount() {
    return (int) ((end - start) / interval) + 1;
  }

  /**
   * Fails before a frame of more steps than samples allowed is allocated: every step of a
   * scalar holds one, and a subquery such as {@code x[10y:1s]} would otherwise exhaust memory.
   */
  void checkFrame(long frameStart, long frameEnd, long frameInterval) {
    long steps = (frameEnd - frameStart) / frameInterval + 1;
    if (steps > maxSamples || steps > Integer.MAX_VALUE - 8) {
      throw QueryException.execution(
          "query processing would load too many samples into memory in query execution");
    }
  }

  Querier querier(long mint, long maxt) {
    Querier q = storage.querier(mint, maxt);
    queriers.add(q);
    return q;
  }

  void close() {
    for (Querier q : queriers) {
      q.close();
    }
    queriers.clear();
  }

  /** Cheap enough for inner loops: reads the clock only every 256th call. */
  void checkDeadline() {
    if ((++checks & 0xff) == 0) {
      checkDeadlineNow("expression evaluation");
    }
  }

  void checkDeadlineNow(String phase) {
    if (System.nanoTime() - deadlineNanos >= 0) {
      throw QueryException.timeout("query timed out in " + phase);
    }
  }

  /** Samples read from a selector or a subquery's output, as stats' totalQueryableSamples. */
  void loaded(long n) {
    totalSamples += n;
  }

  /** Samples now held in memory, checked against the limit. */
  void addSamples(long n) {
    currentSamples += n;
    if (currentSamples > peakSamples) {
      peakSamples = currentSamples;
    }
    if (currentSamples > maxSamples) {
      throw QueryException.execution(
          "query processing would load too many samples into memory in query execution");
    }
  }

  void releaseSamples(long n) {
    currentSamples = Math.max(0, currentSamples - n);
  }

  /** " (line:col)" for a node, as Prometheus appends to annotations. */
  String at(PosRange pos) {
    int line = 1;
    int col = 1;
    for (int i = 0; i < pos.start() && i < query.length(); i++) {
      if (query.charAt(i) == '\n') {
        line++;
        col = 1;
      } else {
        col++;
      }
    }
    return " (" + line + ":" + col + ")";
  }

  void warn(String msg, PosRange pos) {
    warnings.add("PromQL warning: " + msg + at(pos));
  }

  void info(String msg, PosRange pos) {
    infos.add("PromQL info: " + msg + at(pos));
  }
}
