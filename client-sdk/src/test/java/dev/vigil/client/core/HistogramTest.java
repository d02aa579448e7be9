package dev.vigil.client.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.client.model.HistogramSnapshot;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class HistogramTest {
  @Test
  void countsIntoCumulativeBuckets() {
    Histogram h = Histogram.builder().name("latency_seconds").buckets(0.1, 1, 10).build();
    for (double v : new double[] {0.05, 0.1, 0.5, 5, 50, Double.NaN}) {
      h.observe(v);
    }
    HistogramSnapshot.DataPoint p = h.collect().getDataPoints().get(0);
    assertThat(p.getBucketCount()).isEqualTo(4);
    assertThat(new long[] {p.getCumulativeCount(0), p.getCumulativeCount(1),
        p.getCumulativeCount(2), p.getCumulativeCount(3)}).containsExactly(2, 3, 4, 6);
    assertThat(p.getCount()).isEqualTo(6);
    assertThat(p.getSum()).isNaN();
  }

  @Test
  void defaultBucketsAndHelpers() {
    Histogram h = Histogram.builder().name("d").build();
    h.observe(0.3);
    HistogramSnapshot.DataPoint p = h.collect().getDataPoints().get(0);
    assertThat(p.getBucketCount()).isEqualTo(12);
    assertThat(p.getSum()).isEqualTo(0.3);
    assertThat(Histogram.linearBuckets(1, 2, 3)).containsExactly(1, 3, 5);
    assertThat(Histogram.exponentialBuckets(1, 10, 3)).containsExactly(1, 10, 100);
    assertThatThrownBy(() -> Histogram.exponentialBuckets(0, 2, 3))
        .hasMessageContaining("start > 0");
  }

  @Test
  void rejectsBadBuckets() {
    assertThatThrownBy(() -> Histogram.builder().buckets(1, 0.5))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("bucket bounds must be sorted and distinct: 1.0 is followed by 0.5");
    assertThatThrownBy(() -> Histogram.builder().buckets(1, 1))
        .hasMessageContaining("sorted and distinct");
    assertThatThrownBy(() -> Histogram.builder().buckets(Double.NaN))
        .hasMessageContaining("NaN");
  }

  @Test
  void rejectsReservedLabel() {
    assertThatThrownBy(() -> Histogram.builder().name("h").labelNames("le").build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("h: label name le is reserved for this metric type");
  }

  @Test
  void timerObservesSeconds() {
    Histogram h = Histogram.builder().name("t").build();
    assertThat(h.time(() -> "done")).isEqualTo("done");
    try (Timer t = h.startTimer()) {
      // nothing: the close records
    }
    assertThat(h.collect().getDataPoints().get(0).getCount()).isEqualTo(2);
  }

  /** Scrapes racing writers: every snapshot must be self-consistent, the last one exact. */
  @Test
  @Timeout(60)
  void snapshotsStayConsistentUnderConcurrentObserves() throws Exception {
    Histogram h = Histogram.builder().name("c").buckets(1, 2, 3).build();
    int threads = 4;
    int perThread = 200_000;
    CountDownLatch start = new CountDownLatch(1);
    AtomicBoolean done = new AtomicBoolean();
    List<Thread> writers = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      Thread w = new Thread(() -> {
        await(start);
        for (int i = 0; i < perThread; i++) {
          h.observe(i % 4 + 0.5); // one value per bucket, sums stay exact
        }
      });
      w.start();
      writers.add(w);
    }
    start.countDown();
    List<String> problems = new ArrayList<>();
    Thread scraper = new Thread(() -> {
      while (!done.get()) {
        HistogramSnapshot.DataPoint p = h.collect().getDataPoints().get(0);
        long c0 = p.getCumulativeCount(0);
        long c1 = p.getCumulativeCount(1) - c0;
        long c2 = p.getCumulativeCount(2) - p.getCumulativeCount(1);
        long c3 = p.getCount() - p.getCumulativeCount(2);
        double expectedSum = 0.5 * c0 + 1.5 * c1 + 2.5 * c2 + 3.5 * c3;
        if (p.getSum() != expectedSum) {
          problems.add("sum " + p.getSum() + " but buckets say " + expectedSum);
        }
      }
    });
    scraper.start();
    for (Thread w : writers) {
      w.join();
    }
    done.set(true);
    scraper.join();
    assertThat(problems).isEmpty();
    HistogramSnapshot.DataPoint last = h.collect().getDataPoints().get(0);
    assertThat(last.getCount()).isEqualTo((long) threads * perThread);
    assertThat(last.getCumulativeCount(0)).isEqualTo((long) threads * perThread / 4);
    assertThat(last.getSum()).isEqualTo(threads * (perThread / 4) * 8.0);
  }

  private static void await(CountDownLatch l) {
    try {
      l.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
