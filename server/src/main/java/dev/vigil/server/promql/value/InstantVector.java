package dev.vigil.server.promql.value;

import java.util.List;

/** An instant vector, in the order the query produced it (sorted only when the query sorts). */
public record InstantVector(List<Sample> samples) implements Value {
  public InstantVector {
    samples = List.copyOf(samples);
  }

  @Override
  public String resultType() {
    return "vector";
  }
}
