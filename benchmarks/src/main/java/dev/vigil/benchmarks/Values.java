package dev.vigil.benchmarks;

import java.util.SplittableRandom;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/** Precomputed observations shared by the histogram and summary benchmarks. */
public final class Values {
  /** A power of two, so the cursor wraps with a mask instead of a modulo or a branch. */
  static final int SIZE = 4096;

  private static final double MIN = 0.001;
  private static final double MAX = 20;

  private Values() {}

  /**
   * Latencies in seconds, log-uniform between 1 ms and 20 s: they land in every default bucket
   * (.005 … 10 and +Inf), so a bucket search does realistic work instead of always stopping at the
   * first bound, and a quantile sketch sees a wide range.
   */
  static double[] latencies(long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    double[] out = new double[SIZE];
    double logMin = Math.log(MIN);
    double logMax = Math.log(MAX);
    for (int i = 0; i < SIZE; i++) {
      out[i] = Math.exp(logMin + random.nextDouble() * (logMax - logMin));
    }
    return out;
  }

  /** Each benchmark thread walks its own copy of the values, so the cursor is not contended. */
  @State(Scope.Thread)
  public static class Cursor {
    private double[] values;
    private int next;

    @Setup
    public void setUp() {
      values = latencies(42);
      // Threads start at different offsets, so two threads do not hit the same bucket in lockstep.
      next = (int) (Thread.currentThread().getId() * 977) & (SIZE - 1);
    }

    double next() {
      return values[next++ & (SIZE - 1)];
    }
  }
}
