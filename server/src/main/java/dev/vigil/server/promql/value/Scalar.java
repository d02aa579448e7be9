package dev.vigil.server.promql.value;

/** A single number at time {@code t} (ms). */
public record Scalar(long t, double v) implements Value {
  @Override
  public String resultType() {
    return "scalar";
  }
}
