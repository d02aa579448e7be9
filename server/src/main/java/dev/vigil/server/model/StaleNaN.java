package dev.vigil.server.model;

/**
 * The staleness marker: a NaN with a particular bit pattern that says "this series ended here".
 * Compare bits, never values: every NaN compares unequal.
 */
public final class StaleNaN {
  public static final long BITS = 0x7ff0000000000002L;
  public static final double VALUE = Double.longBitsToDouble(BITS);

  private StaleNaN() {}

  public static boolean is(double v) {
    return Double.doubleToRawLongBits(v) == BITS;
  }
}
