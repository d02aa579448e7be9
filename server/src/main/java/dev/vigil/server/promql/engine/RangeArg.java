package dev.vigil.server.promql.engine;

import dev.vigil.server.storage.SeriesSet;

/**
 * A range-vector argument ready for per-step windows: its series, and how to place the window
 * {@code (ref - range, ref]} for a step (see {@link Selectors#ref}).
 */
record RangeArg(SeriesSet series, long rangeMs, long offsetMs, long atMs) {
  long ref(long t) {
    return Selectors.ref(t, atMs, offsetMs);
  }
}
