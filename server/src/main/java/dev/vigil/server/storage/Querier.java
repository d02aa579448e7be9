package dev.vigil.server.storage;

import dev.vigil.server.model.Matcher;

/** Reads a time range; the view is fixed when the querier is made. One thread at a time. */
public interface Querier extends AutoCloseable {
  /**
   * The series matching every matcher, with their samples in the querier's range.
   *
   * @param sorted whether the caller needs series in label order
   */
  SeriesSet select(boolean sorted, Matcher... matchers);

  @Override
  void close();
}
