package dev.vigil.server.promql.value;

/** A string at time {@code t} (ms). */
public record StringValue(long t, String v) implements Value {
  @Override
  public String resultType() {
    return "string";
  }
}
