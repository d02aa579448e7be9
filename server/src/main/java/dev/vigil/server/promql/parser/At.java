package dev.vigil.server.promql.parser;

/** The {@code @} modifier: none, a fixed timestamp in milliseconds, {@code start()} or {@code end()}. */
public record At(Kind kind, long ms) {
  public enum Kind { NONE, TIMESTAMP, START, END }

  public static final At NONE = new At(Kind.NONE, 0);
  public static final At START = new At(Kind.START, 0);
  public static final At END = new At(Kind.END, 0);

  public static At timestamp(long ms) {
    return new At(Kind.TIMESTAMP, ms);
  }

  public boolean isSet() {
    return kind != Kind.NONE;
  }
}
