package dev.vigil.server.tsdb;

import dev.vigil.server.model.Labels;
import dev.vigil.server.storage.Appender;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;

/**
 * Measures the heap a head holds per series: builds {@code n} series of a node-exporter-like
 * shape with {@code samples} samples each (15 s apart) and compares the heap in use after full
 * collections before and after. Run as a program for the figure at a realistic size:
 * {@code java -cp ... dev.vigil.server.tsdb.HeadFootprint 200000 30}.
 */
final class HeadFootprint {
  record Result(int series, long heapBytes, long estimatedBytes) {
    long perSeries() {
      return heapBytes / series;
    }

    long estimatedPerSeries() {
      return estimatedBytes / series;
    }
  }

  static Result measure(int n, int samples) {
    long before = usedAfterGc();
    Head head = fill(n, samples);
    long after = usedAfterGc();
    long estimate = head.memoryBytes();
    Result r = new Result(head.seriesCount(), after - before, estimate);
    // Keep the head reachable until both readings are taken.
    if (head.seriesCount() != n) {
      throw new AssertionError("expected " + n + " series, got " + head.seriesCount());
    }
    return r;
  }

  static Head fill(int n, int samples) {
    Head head = new Head();
    long[] refs = new long[n];
    long t0 = 1_700_000_000_000L;
    for (int k = 0; k < samples; k++) {
      Appender a = head.appender();
      for (int i = 0; i < n; i++) {
        Labels l = refs[i] == 0 ? labels(i) : null;
        refs[i] = a.append(refs[i], l, t0 + k * 15_000L + (i % 7), k * 1.5 + (i % 13));
        if ((i & 1023) == 1023) {
          a.commit();
          a = head.appender();
        }
      }
      a.commit();
    }
    return head;
  }

  /** Fresh strings each time, as a scrape parser hands them over: the head must intern them. */
  static Labels labels(int i) {
    return Labels.of("__name__", "node_metric_" + (i % 1000), "instance",
        "host-" + (i / 1000) + ":9100", "job", "node", "mode", i % 3 == 0 ? "idle" : "user");
  }

  private static long usedAfterGc() {
    MemoryMXBean mem = ManagementFactory.getMemoryMXBean();
    long used = Long.MAX_VALUE;
    for (int i = 0; i < 5; i++) {
      System.gc();
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      used = Math.min(used, mem.getHeapMemoryUsage().getUsed());
    }
    return used;
  }

  public static void main(String[] args) {
    int n = args.length > 0 ? Integer.parseInt(args[0]) : 200_000;
    int samples = args.length > 1 ? Integer.parseInt(args[1]) : 30;
    Result r = measure(n, samples);
    System.out.printf("%d series x %d samples: heap %d bytes = %d bytes/series;"
        + " head's estimate %d bytes/series%n", r.series(), samples, r.heapBytes(),
        r.perSeries(), r.estimatedPerSeries());
  }
}
