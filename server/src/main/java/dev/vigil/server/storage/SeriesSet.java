package dev.vigil.server.storage;

import dev.vigil.server.model.Labels;

/** A cursor over series: {@code while (set.next()) { set.labels(); set.iterator(); }}. */
public interface SeriesSet {
  boolean next();

  Labels labels();

  /** A fresh iterator over the current series' samples, oldest first. */
  SampleIterator iterator();
}
