package dev.vigil.server.storage;

import dev.vigil.server.model.Matcher;
import java.util.List;

/** Reads a time range; the view is fixed when the querier is made. One thread at a time. */
public interface Querier extends AutoCloseable {
  /**
   * The series matching every matcher, with their samples in the querier's range.
   *
   * @param sorted whether the caller needs series in label order
   */
  SeriesSet select(boolean sorted, Matcher... matchers);

  /**
   * Label names of the series matching every matcher (of every series without matchers), sorted
   * and without duplicates. Answered from the index: a series counts when its part of the
   * database overlaps the querier's range, whether or not it has a sample inside it.
   */
  List<String> labelNames(Matcher... matchers);

  /**
   * Values of label {@code name} among the series matching every matcher (all its values without
   * matchers), sorted and without duplicates; empty when no such series has the label. Answered
   * from the index, as {@link #labelNames}.
   */
  List<String> labelValues(String name, Matcher... matchers);

  @Override
  void close();
}
