package dev.vigil.server.promql.engine;

import dev.vigil.server.storage.SampleIterator;

/** Reads an evaluated series (a subquery's output) like a stored one. */
final class StepSeriesIterator implements SampleIterator {
  private final StepSeries s;
  private int i = -1;

  StepSeriesIterator(StepSeries s) {
    this.s = s;
  }

  @Override
  public boolean next() {
    if (i < s.n) {
      i++;
    }
    return i < s.n;
  }

  @Override
  public boolean seek(long t) {
    if (i < 0) {
      i = 0;
    }
    while (i < s.n && s.ts[i] < t) {
      i++;
    }
    return i < s.n;
  }

  @Override
  public long atT() {
    return s.ts[i];
  }

  @Override
  public double atV() {
    return s.vs[i];
  }

  @Override
  public boolean mayHaveHistograms() {
    return s.hs != null;
  }

  @Override
  public dev.vigil.server.model.FloatHistogram atHistogram() {
    return s.h(i);
  }
}
