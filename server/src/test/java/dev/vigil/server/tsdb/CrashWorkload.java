package dev.vigil.server.tsdb;

import dev.vigil.server.model.Labels;

/**
 * What the writers of {@link TsdbCrashTest} append: a pure function of (writer, batch), so the
 * parent can recompute every commit from the last batch number alone.
 *
 * <p>Batch {@code k} of a writer appends one sample at {@code k * STEP} to each of its
 * {@link #ACTIVE} active series {@code [k / NEW_EVERY, k / NEW_EVERY + ACTIVE)}: every
 * {@link #NEW_EVERY} batches a new series appears and the oldest one stops.
 */
final class CrashWorkload {
  static final int ACTIVE = 30;
  static final int NEW_EVERY = 8;
  /** Sample time between two batches of a writer, in milliseconds. */
  static final long STEP = 1000;

  private CrashWorkload() {}

  static int firstActive(long k) {
    return (int) (k / NEW_EVERY);
  }

  /** The first batch (from 1) with a sample of series {@code j}. */
  static long firstBatch(int j) {
    return Math.max(1, (long) (j - ACTIVE + 1) * NEW_EVERY);
  }

  /** The last batch with a sample of series {@code j}. */
  static long lastBatch(int j) {
    return (long) (j + 1) * NEW_EVERY - 1;
  }

  static long time(long k) {
    return k * STEP;
  }

  /** Exact in binary, varied enough to exercise the chunk encoder. */
  static double value(int writer, int j, long k) {
    return ((k * 31 + j * 17L + writer * 7L) % 1000) / 4.0 - 50;
  }

  static Labels labels(int writer, int j) {
    return Labels.of("__name__", "crash", "writer", Integer.toString(writer),
        "series", Integer.toString(j));
  }

  /**
   * How many batches a writer may run ahead of the slowest one. A block cut refuses samples
   * older than the head's newest minus half a block range; a writer kept within a quarter
   * range of the fastest never gets there, so no acknowledged sample is refused.
   */
  static long maxLag(long blockRangeMillis) {
    return Math.max(1, blockRangeMillis / STEP / 4);
  }
}
