package dev.vigil.server.promql.parser;

import java.util.List;

/**
 * How the two vectors of a binary expression are matched. {@code labels} are the {@code on}
 * labels when {@code on} is true, else the {@code ignoring} labels; {@code include} are the
 * labels of {@code group_left(...)}/{@code group_right(...)}.
 */
public record VectorMatching(Cardinality card, List<String> labels, boolean on, List<String> include) {
  public enum Cardinality { ONE_TO_ONE, MANY_TO_ONE, ONE_TO_MANY, MANY_TO_MANY }

  public VectorMatching {
    labels = List.copyOf(labels);
    include = List.copyOf(include);
  }
}
