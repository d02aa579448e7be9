package dev.vigil.client.core;

/**
 * Quantiles over a sliding time window: {@code ageBuckets} sketches, one written at a time,
 * rotated every {@code maxAgeMillis / ageBuckets}. A read merges them all, so it covers between
 * (ageBuckets-1)/ageBuckets and all of the last {@code maxAgeMillis}.
 */
final class QuantileWindow {
  private final LogLinearSketch[] sketches;
  private final long rotateEveryMillis;
  private volatile int current;
  private volatile long rotateAtMillis;

  QuantileWindow(long maxAgeMillis, int ageBuckets) {
    sketches = new LogLinearSketch[ageBuckets];
    for (int i = 0; i < ageBuckets; i++) {
      sketches[i] = new LogLinearSketch();
    }
    rotateEveryMillis = Math.max(1, maxAgeMillis / ageBuckets);
    rotateAtMillis = System.currentTimeMillis() + rotateEveryMillis;
  }

  void add(double v) {
    long now = System.currentTimeMillis();
    if (now >= rotateAtMillis) {
      rotate(now);
    }
    sketches[current].add(v);
  }

  private synchronized void rotate(long now) {
    int steps = 0;
    while (now >= rotateAtMillis && steps < sketches.length) {
      int next = (current + 1) % sketches.length;
      sketches[next].reset();
      current = next;
      rotateAtMillis += rotateEveryMillis;
      steps++;
    }
    if (now >= rotateAtMillis) {
      // Idle for longer than the whole window: every sketch is cleared already.
      rotateAtMillis = now + rotateEveryMillis;
    }
  }

  /** Estimates for the sorted {@code quantiles}; NaN each when the window is empty. */
  double[] quantiles(double[] quantiles) {
    long now = System.currentTimeMillis();
    if (now >= rotateAtMillis) {
      rotate(now);
    }
    return LogLinearSketch.quantiles(sketches, quantiles);
  }
}
