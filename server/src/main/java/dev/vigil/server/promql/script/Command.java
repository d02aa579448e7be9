package dev.vigil.server.promql.script;

import java.util.List;

/** One command of a script; {@link #line()} is the 1-based line it starts on. */
sealed interface Command {
  int line();

  /** {@code load <interval>} (or {@code load_with_nhcb}) and its series, appended from t=0. */
  record Load(int line, long intervalMs, boolean withNhcb, List<SeriesLine> series)
      implements Command {
    public Load {
      series = List.copyOf(series);
    }
  }

  /** {@code clear}: drop everything loaded so far. */
  record Clear(int line) implements Command {}

  /**
   * An instant ({@code startMs == endMs}, {@code stepMs == 0}) or range query and what it must
   * return. {@code scalar} is the expected scalar when the result lines are a single number, else
   * null; {@code series} are the expected series otherwise (empty: an empty result).
   */
  record Eval(int line, String source, String expr, boolean range, long startMs, long endMs,
      long stepMs, Expectations expect, List<SeriesLine> series, Double scalar)
      implements Command {
    public Eval {
      series = List.copyOf(series);
    }
  }
}
