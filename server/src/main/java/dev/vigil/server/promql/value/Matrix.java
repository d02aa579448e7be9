package dev.vigil.server.promql.value;

import java.util.List;

/** A range vector or the result of a range query: series sorted by labels. */
public record Matrix(List<Series> series) implements Value {
  public Matrix {
    series = List.copyOf(series);
  }

  @Override
  public String resultType() {
    return "matrix";
  }
}
