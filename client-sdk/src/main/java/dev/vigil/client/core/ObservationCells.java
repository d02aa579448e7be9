package dev.vigil.client.core;

import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Bucket counts, count and sum of a histogram (or the count and sum of a summary) that writers
 * update without locks or allocation, while a scrape still reads a consistent snapshot: count
 * always equals the sum of the buckets, and sum covers exactly the counted observations.
 *
 * <p>Each cell holds two halves. Writers claim a slot by incrementing the cell's counter, whose
 * top bit says which half is hot, and record into that half. A scrape flips the bit, waits for
 * the writers already in the cold half to finish (they need a few nanoseconds), reads it, and
 * folds it back into the hot half. Cells start as one and become several on the first contended
 * write, so that threads on different cores do not share a counter (as {@code LongAdder} does).
 */
final class ObservationCells {
  // Slots of a half. The padding keeps halves of different cells on separate cache lines.
  private static final int PAD = 8;
  private static final int COUNT = PAD;
  private static final int SUM = PAD + 1;
  private static final int BUCKETS = PAD + 2;
  private static final long HOT_BIT = Long.MIN_VALUE;
  private static final int MAX_CELLS = maxCells();

  private final int buckets;
  private final Cell base;
  private volatile Cell[] cells;

  ObservationCells(int buckets) {
    this.buckets = buckets;
    this.base = new Cell(buckets);
  }

  private static int maxCells() {
    int n = 1;
    while (n < 2 * Runtime.getRuntime().availableProcessors() && n < 64) {
      n <<= 1;
    }
    return Math.max(n, 2);
  }

  void observe(int bucket, double value) {
    Cell[] cs = cells;
    Cell c = cs == null ? base : cs[probe() & (cs.length - 1)];
    long n = c.started.get(PAD);
    boolean contended = false;
    if (!c.started.compareAndSet(PAD, n, n + 1)) {
      n = c.started.getAndIncrement(PAD);
      contended = cs == null;
    }
    AtomicLongArray half = c.halves[(int) (n >>> 63)];
    half.getAndIncrement(BUCKETS + bucket);
    addDouble(half, SUM, value);
    // Last: the scrape waits for COUNT to catch up with the claimed slots.
    half.getAndIncrement(COUNT);
    if (contended) {
      // Only after finishing: a scrape waiting for this observation must never wait on us.
      grow();
    }
  }

  private static int probe() {
    long id = Thread.currentThread().getId();
    return (int) ((id * 0x9E3779B97F4A7C15L) >>> 40);
  }

  private void grow() {
    synchronized (base) {
      if (cells != null) {
        return;
      }
      Cell[] cs = new Cell[MAX_CELLS];
      cs[0] = base;
      for (int i = 1; i < cs.length; i++) {
        cs[i] = new Cell(buckets);
      }
      cells = cs;
    }
  }

  private static void addDouble(AtomicLongArray a, int i, double v) {
    while (true) {
      long b = a.get(i);
      if (a.compareAndSet(i, b, Double.doubleToRawLongBits(Double.longBitsToDouble(b) + v))) {
        return;
      }
    }
  }

  /**
   * Adds every cell's counts into {@code bucketCounts} (non-cumulative) and returns the sum.
   * Only one snapshot runs at a time; writers are never blocked.
   */
  synchronized double snapshot(long[] bucketCounts) {
    double sum = 0;
    Cell[] cs = cells;
    if (cs == null) {
      sum += base.drain(bucketCounts);
    } else {
      for (Cell c : cs) {
        sum += c.drain(bucketCounts);
      }
    }
    return sum;
  }

  private static final class Cell {
    // Padded on both ends: slot PAD holds the number of observations claimed, plus HOT_BIT.
    final AtomicLongArray started = new AtomicLongArray(PAD + 1 + PAD);
    final AtomicLongArray[] halves;

    Cell(int buckets) {
      halves = new AtomicLongArray[] {
        new AtomicLongArray(BUCKETS + buckets + PAD), new AtomicLongArray(BUCKETS + buckets + PAD)
      };
    }

    double drain(long[] out) {
      long n = started.getAndAdd(PAD, HOT_BIT);
      long claimed = n & ~HOT_BIT;
      AtomicLongArray cold = halves[(int) (n >>> 63)];
      AtomicLongArray hot = halves[1 - (int) (n >>> 63)];
      int spins = 0;
      while (cold.get(COUNT) != claimed) {
        if (++spins % 1000 == 0) {
          Thread.yield();
        } else {
          Thread.onSpinWait();
        }
      }
      for (int i = 0; i < out.length; i++) {
        long v = cold.get(BUCKETS + i);
        out[i] += v;
        hot.getAndAdd(BUCKETS + i, v);
        cold.set(BUCKETS + i, 0);
      }
      double sum = Double.longBitsToDouble(cold.get(SUM));
      addDouble(hot, SUM, sum);
      cold.set(SUM, 0);
      hot.getAndAdd(COUNT, claimed);
      cold.set(COUNT, 0);
      return sum;
    }
  }
}
