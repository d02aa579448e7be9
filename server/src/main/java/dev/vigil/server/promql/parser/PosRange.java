package dev.vigil.server.promql.parser;

/** Character offsets {@code [start, end)} of a node in the query text. */
public record PosRange(int start, int end) {
  public static final PosRange NONE = new PosRange(0, 0);

  /** The smallest range covering both. */
  public PosRange to(PosRange other) {
    return new PosRange(Math.min(start, other.start), Math.max(end, other.end));
  }
}
