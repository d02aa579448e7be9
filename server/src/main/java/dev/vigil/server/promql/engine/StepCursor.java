package dev.vigil.server.promql.engine;

import java.util.List;

/**
 * Walks the series of an evaluated instant-vector expression step by step, giving the vector at
 * each step in turn. Steps must be asked for in ascending order.
 */
final class StepCursor {
  private final List<StepSeries> series;
  private final int[] pos;
  private final Vec vec = new Vec();

  StepCursor(List<StepSeries> series) {
    this.series = series;
    this.pos = new int[series.size()];
  }

  /** The vector at step {@code t}; valid until the next call. */
  Vec at(long t) {
    vec.clear();
    for (int i = 0; i < pos.length; i++) {
      StepSeries s = series.get(i);
      int p = pos[i];
      while (p < s.n && s.ts[p] < t) {
        p++;
      }
      if (p < s.n && s.ts[p] == t) {
        if (s.hs == null) {
          vec.add(s.labels, s.vs[p], i);
        } else {
          vec.add(s.labels, s.vs[p], i, s.hs[p]);
        }
        p++;
      }
      pos[i] = p;
    }
    return vec;
  }
}
