package dev.vigil.server.tsdb;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.server.model.Labels;
import dev.vigil.server.model.Matcher;
import dev.vigil.server.storage.Appender;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * Appenders with cached refs against a GC that keeps truncating the head just behind them: most
 * series are removed between two appends to them, and some between append and commit. Every
 * sample newer than the last truncation must be queryable afterwards, in a live series.
 */
class HeadGcChurnTest {
  private static final int THREADS = 4;
  private static final int SERIES_PER_THREAD = 200;
  private static final int BATCHES = 2000;
  private static final int BATCH = 10;
  /** How far behind the newest timestamp the GC thread truncates. */
  private static final long LAG = 60;

  @Test
  void noSampleIsLostWhileGcRemovesSeriesUnderTheAppenders() throws Exception {
    // A WAL write takes time: yield there, so GC gets to run between a commit's checks of its
    // series and its samples landing in them.
    Head head = new Head((series, ts, vs, n, ex) -> Thread.yield());
    AtomicLong clock = new AtomicLong();
    AtomicBoolean done = new AtomicBoolean();
    ExecutorService pool = Executors.newFixedThreadPool(THREADS + 1);
    try {
      List<Future<List<String>>> appenders = new ArrayList<>();
      for (int th = 0; th < THREADS; th++) {
        int thread = th;
        appenders.add(pool.submit(() -> append(head, clock, thread)));
      }
      Future<Long> gc = pool.submit(() -> {
        long cut = Long.MIN_VALUE;
        int rounds = 0;
        while (!done.get() || rounds < 1) {
          cut = Math.max(cut, clock.get() - LAG);
          head.truncateBefore(cut);
          head.gc();
          rounds++;
          Thread.yield();
        }
        return cut;
      });
      Set<String> sent = new HashSet<>();
      for (Future<List<String>> f : appenders) {
        sent.addAll(f.get(2, TimeUnit.MINUTES));
      }
      done.set(true);
      long lastCut = gc.get(1, TimeUnit.MINUTES);

      Set<String> expected = new HashSet<>();
      for (String s : sent) {
        if (Long.parseLong(s.substring(s.lastIndexOf('@') + 1)) >= lastCut) {
          expected.add(s);
        }
      }
      List<String> stored = HeadGcTest.select(head, Matcher.equal("__name__", "churn"));
      assertThat(head.seriesRemoved()).as("GC removed series under the appenders")
          .isGreaterThan(THREADS * SERIES_PER_THREAD);
      assertThat(new HashSet<>(stored)).containsAll(expected);
      assertThat(stored).hasSameSizeAs(new HashSet<>(stored));
      assertThat(head.seriesCreated() - head.seriesRemoved()).isEqualTo(head.seriesCount());
    } finally {
      done.set(true);
      pool.shutdownNow();
    }
  }

  /** Appends batches to this thread's own series; returns every sample sent as labels@t. */
  private static List<String> append(Head head, AtomicLong clock, int thread) {
    SplittableRandom random = new SplittableRandom(thread);
    Labels[] labels = new Labels[SERIES_PER_THREAD];
    long[] refs = new long[SERIES_PER_THREAD];
    for (int j = 0; j < SERIES_PER_THREAD; j++) {
      labels[j] = Labels.of("__name__", "churn", "thread", "t" + thread, "series", "s" + j);
    }
    List<String> sent = new ArrayList<>();
    for (int b = 0; b < BATCHES; b++) {
      Appender a = head.appender();
      for (int k = 0; k < BATCH; k++) {
        int j = random.nextInt(SERIES_PER_THREAD);
        long t = clock.incrementAndGet();
        refs[j] = a.append(refs[j], labels[j], t, t);
        sent.add(labels[j] + "@" + t);
        if (random.nextInt(4) == 0) {
          Thread.yield(); // widen the window between append and commit
        }
      }
      a.commit();
    }
    return sent;
  }
}
