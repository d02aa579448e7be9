package dev.vigil.server.storage;

import dev.vigil.server.model.Labels;
import dev.vigil.server.model.Matcher;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A simple in-memory storage behind the seam, until the TSDB replaces it: one growing array of
 * samples per series, appended under the series' lock. Keeps everything; meant for tests and the
 * first versions of the server, not for months of data.
 */
public final class MemoryStorage implements Appendable, Queryable {
  private final ConcurrentHashMap<Labels, Series> series = new ConcurrentHashMap<>();
  private final List<Series> byRef = new ArrayList<>();
  private final AtomicLong rejectedSamples = new AtomicLong();

  @Override
  public Appender appender() {
    return new MemoryAppender();
  }

  @Override
  public Querier querier(long mint, long maxt) {
    return new MemoryQuerier(mint, maxt);
  }

  /** Series currently stored. */
  public int seriesCount() {
    return series.size();
  }

  /** Samples rejected as out of order or duplicate since start. */
  public long rejectedSamples() {
    return rejectedSamples.get();
  }

  private Series getOrCreate(Labels labels) {
    return series.computeIfAbsent(labels, l -> {
      synchronized (byRef) {
        Series s = new Series(l, byRef.size() + 1);
        byRef.add(s);
        return s;
      }
    });
  }

  private Series byRef(long ref) {
    synchronized (byRef) {
      return ref > 0 && ref <= byRef.size() ? byRef.get((int) ref - 1) : null;
    }
  }

  static final class Series {
    final Labels labels;
    final long ref;
    private long[] ts = new long[16];
    private double[] vs = new double[16];
    private int n;

    Series(Labels labels, long ref) {
      this.labels = labels;
      this.ref = ref;
    }

    /** False when the sample is out of order or a duplicate with another value. */
    synchronized boolean add(long t, double v) {
      if (n > 0) {
        long last = ts[n - 1];
        if (t < last) {
          return false;
        }
        if (t == last) {
          return Double.doubleToRawLongBits(vs[n - 1]) == Double.doubleToRawLongBits(v);
        }
      }
      if (n == ts.length) {
        ts = Arrays.copyOf(ts, n * 2);
        vs = Arrays.copyOf(vs, n * 2);
      }
      ts[n] = t;
      vs[n] = v;
      n++;
      return true;
    }

    /** Copies the samples in [mint, maxt]: queries see a fixed view. */
    synchronized SampleIterator range(long mint, long maxt) {
      int from = lowerBound(ts, n, mint);
      int to = maxt == Long.MAX_VALUE ? n : lowerBound(ts, n, maxt + 1);
      return new ArrayIterator(Arrays.copyOfRange(ts, from, to), Arrays.copyOfRange(vs, from, to));
    }
  }

  static int lowerBound(long[] ts, int n, long t) {
    int lo = 0;
    int hi = n;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (ts[mid] < t) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo;
  }

  private final class MemoryAppender implements Appender {
    private final List<Series> pendingSeries = new ArrayList<>();
    private long[] pendingT = new long[64];
    private double[] pendingV = new double[64];
    private int pending;
    private int rejected;

    @Override
    public long append(long ref, Labels labels, long t, double v) {
      Series s = ref != 0 ? byRef(ref) : null;
      if (s == null || (labels != null && !s.labels.equals(labels))) {
        s = getOrCreate(labels);
      }
      if (pending == pendingT.length) {
        pendingT = Arrays.copyOf(pendingT, pending * 2);
        pendingV = Arrays.copyOf(pendingV, pending * 2);
      }
      pendingSeries.add(s);
      pendingT[pending] = t;
      pendingV[pending] = v;
      pending++;
      return s.ref;
    }

    @Override
    public void commit() {
      for (int i = 0; i < pending; i++) {
        if (!pendingSeries.get(i).add(pendingT[i], pendingV[i])) {
          rejected++;
          rejectedSamples.incrementAndGet();
        }
      }
      pending = 0;
      pendingSeries.clear();
    }

    @Override
    public void rollback() {
      pending = 0;
      pendingSeries.clear();
    }

    @Override
    public int rejected() {
      return rejected;
    }
  }

  private final class MemoryQuerier implements Querier {
    private final long mint;
    private final long maxt;

    MemoryQuerier(long mint, long maxt) {
      this.mint = mint;
      this.maxt = maxt;
    }

    @Override
    public SeriesSet select(boolean sorted, Matcher... matchers) {
      List<Series> hits = new ArrayList<>();
      for (Series s : series.values()) {
        boolean ok = true;
        for (Matcher m : matchers) {
          if (!m.matches(s.labels)) {
            ok = false;
            break;
          }
        }
        if (ok) {
          hits.add(s);
        }
      }
      if (sorted) {
        hits.sort((a, b) -> a.labels.compareTo(b.labels));
      }
      return new ListSeriesSet(hits, mint, maxt);
    }

    @Override
    public void close() {}
  }

  private static final class ListSeriesSet implements SeriesSet {
    private final List<Series> list;
    private final long mint;
    private final long maxt;
    private int i = -1;

    ListSeriesSet(List<Series> list, long mint, long maxt) {
      this.list = list;
      this.mint = mint;
      this.maxt = maxt;
    }

    @Override
    public boolean next() {
      return ++i < list.size();
    }

    @Override
    public Labels labels() {
      return list.get(i).labels;
    }

    @Override
    public SampleIterator iterator() {
      return list.get(i).range(mint, maxt);
    }
  }

  private static final class ArrayIterator implements SampleIterator {
    private final long[] ts;
    private final double[] vs;
    private int i = -1;

    ArrayIterator(long[] ts, double[] vs) {
      this.ts = ts;
      this.vs = vs;
    }

    @Override
    public boolean next() {
      return ++i < ts.length;
    }

    @Override
    public boolean seek(long t) {
      if (i < 0) {
        i = 0;
      }
      int j = lowerBound(ts, ts.length, t);
      i = Math.max(i, j);
      return i < ts.length;
    }

    @Override
    public long atT() {
      return ts[i];
    }

    @Override
    public double atV() {
      return vs[i];
    }
  }
}
