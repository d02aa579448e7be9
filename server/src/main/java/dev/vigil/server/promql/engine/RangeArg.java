package dev.vigil.server.promql.engine;

import dev.vigil.server.storage.SeriesSet;
import java.util.List;

/**
 * A range-vector argument ready for per-step windows: its series, and how to place the window
 * {@code (ref - range, ref]} for a step (see {@link Selectors#ref}). {@code evaluated} holds a
 * subquery's series (counted against the sample limit until released), empty for a selector.
 */
record RangeArg(SeriesSet series, long rangeMs, long offsetMs, long atMs,
    List<StepSeries> evaluated) {
  long ref(long t) {
    return Selectors.ref(t, atMs, offsetMs);
  }
}
