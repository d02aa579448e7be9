package dev.vigil.client.model;

/** Validation of classic histogram bucket bounds. */
public final class Buckets {
  private Buckets() {}

  /** Throws unless the bounds are strictly increasing, free of NaN, and end with +Inf. */
  public static void check(double[] upperBounds) {
    if (upperBounds.length == 0) {
      throw new IllegalArgumentException("a histogram needs at least the +Inf bucket");
    }
    for (int i = 0; i < upperBounds.length; i++) {
      if (Double.isNaN(upperBounds[i])) {
        throw new IllegalArgumentException("bucket bound " + i + " is NaN");
      }
      if (i > 0 && upperBounds[i] <= upperBounds[i - 1]) {
        throw new IllegalArgumentException("bucket bounds must be sorted and distinct: "
            + upperBounds[i - 1] + " is followed by " + upperBounds[i]);
      }
    }
    if (upperBounds[upperBounds.length - 1] != Double.POSITIVE_INFINITY) {
      throw new IllegalArgumentException("the last bucket bound must be +Inf");
    }
  }
}
