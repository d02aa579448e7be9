package dev.vigil.server.tsdb;

import dev.vigil.server.model.Labels;
import dev.vigil.server.model.Matcher;
import dev.vigil.server.storage.Appendable;
import dev.vigil.server.storage.Appender;
import dev.vigil.server.storage.Querier;
import dev.vigil.server.storage.Queryable;
import dev.vigil.server.storage.SampleIterator;
import dev.vigil.server.storage.SeriesSet;
import dev.vigil.server.tsdb.block.BlockSource;
import dev.vigil.server.tsdb.chunkenc.Chunk;
import dev.vigil.server.tsdb.index.MemPostings;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import org.roaringbitmap.IntIterator;
import org.roaringbitmap.RoaringBitmap;

/**
 * Recent data in memory: series with stable ids, an inverted index, and compressed chunks.
 * Appends are batched per {@link Appender} and applied on commit; queries see committed samples.
 */
public final class Head implements Appendable, Queryable {
  private final ConcurrentHashMap<Labels, MemSeries> byLabels = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<Integer, MemSeries> byId = new ConcurrentHashMap<>();
  private final AtomicInteger nextId = new AtomicInteger();
  private final MemPostings postings = new MemPostings();
  private final Interner strings = new Interner();
  private final AtomicLong outOfOrder = new AtomicLong();
  private final AtomicLong duplicates = new AtomicLong();
  private final AtomicLong samples = new AtomicLong();
  private final LongAdder chunks = new LongAdder();
  private final LongAdder chunksRemoved = new LongAdder();
  private final CommitLog log;
  /** Samples before this are in blocks already: appending them would be lost, so refuse. */
  private volatile long minValidTime = Long.MIN_VALUE;
  private final AtomicLong tooOld = new AtomicLong();
  private final AtomicLong minTime = new AtomicLong(Long.MAX_VALUE);
  private final AtomicLong maxTime = new AtomicLong(Long.MIN_VALUE);

  /** A head without a WAL: everything is lost on restart. */
  public Head() {
    this(CommitLog.NONE);
  }

  Head(CommitLog log) {
    this.log = log;
  }

  /**
   * Where a commit goes before it reaches memory (the WAL). Called with the batch; throws when
   * the batch could not be made durable, and then nothing of it is applied.
   */
  interface CommitLog {
    CommitLog NONE = (series, ts, vs, n) -> {};

    void log(MemSeries[] series, long[] ts, double[] vs, int n) throws java.io.IOException;
  }

  @Override
  public Appender appender() {
    return new HeadAppender();
  }

  @Override
  public Querier querier(long mint, long maxt) {
    return new HeadQuerier(mint, maxt);
  }

  public int seriesCount() {
    return byLabels.size();
  }

  public long outOfOrderSamples() {
    return outOfOrder.get();
  }

  public long duplicateSamples() {
    return duplicates.get();
  }

  /** Chunks in the head, full and open. */
  public long chunkCount() {
    return chunks.sum();
  }

  /** Chunks dropped from the head since it was opened, once blocks held their samples. */
  public long chunksRemoved() {
    return chunksRemoved.sum();
  }

  /** From now on, samples older than {@code t} are refused (a block is about to cover them). */
  void refuseBefore(long t) {
    minValidTime = Math.max(minValidTime, t);
  }

  /** Keeps the head's time range right for samples replayed straight into series. */
  void noteReplayed(long t) {
    minTime.accumulateAndGet(t, Math::min);
    maxTime.accumulateAndGet(t, Math::max);
  }

  /** The ids of every series, sorted: what a WAL checkpoint keeps. */
  long[] seriesIds() {
    return byId.keySet().stream().mapToLong(Integer::longValue).sorted().toArray();
  }

  /** Samples refused because they were older than what blocks already hold. */
  public long tooOldSamples() {
    return tooOld.get();
  }

  /** Oldest and newest sample time appended (Long.MAX/MIN_VALUE while empty). */
  public long minTime() {
    return minTime.get();
  }

  public long maxTime() {
    return maxTime.get();
  }

  /**
   * Forgets full chunks that end before {@code t}, once a block holds them, and refuses samples
   * older than {@code t} from now on. Series stay (with their ids), even when empty.
   */
  void truncateBefore(long t) {
    refuseBefore(t);
    long dropped = 0;
    for (MemSeries s : byId.values()) {
      dropped += s.truncateBefore(t);
    }
    chunks.add(-dropped);
    chunksRemoved.add(dropped);
    minTime.accumulateAndGet(t, Math::max);
  }

  public long appendedSamples() {
    return samples.get();
  }

  public MemPostings postings() {
    return postings;
  }

  /** Series, chunks and time range of the head, as {@code /api/v1/status/tsdb} reports them. */
  public record Stats(int numSeries, long chunkCount, long minTime, long maxTime,
      long chunkBytes) {}

  /** Walks every series: for the status page and tools, not for hot paths. */
  public Stats stats() {
    long chunks = 0;
    long bytes = 0;
    long min = Long.MAX_VALUE;
    long max = Long.MIN_VALUE;
    for (MemSeries s : byId.values()) {
      chunks += s.chunkCount();
      bytes += s.chunkBytes();
      min = Math.min(min, s.minTime());
      max = Math.max(max, s.maxTime());
    }
    return new Stats(byId.size(), chunks, min, max, bytes);
  }

  /**
   * The head's samples in [mint, maxt) as a block source: series in label order, each with its
   * chunks for that range. Series without samples there are skipped.
   */
  public BlockSource blockSource(long mint, long maxt) {
    List<MemSeries> sorted = new ArrayList<>(byId.values());
    sorted.sort((a, b) -> a.labels.compareTo(b.labels));
    return new BlockSource() {
      private int i = -1;
      private List<Chunk> chunks;

      @Override
      public boolean next() {
        while (++i < sorted.size()) {
          chunks = sorted.get(i).chunksForBlock(mint, maxt);
          if (!chunks.isEmpty()) {
            return true;
          }
        }
        return false;
      }

      @Override
      public Labels labels() {
        return sorted.get(i).labels;
      }

      @Override
      public List<Chunk> chunks() {
        return chunks;
      }
    };
  }

  /** Re-creates a series read back from the WAL under its old id. */
  MemSeries restore(int id, Labels labels) {
    Labels interned = strings.intern(labels);
    MemSeries s = new MemSeries(id, interned, chunks);
    s.logged = true;
    MemSeries prev = byLabels.putIfAbsent(interned, s);
    if (prev != null) {
      return prev;
    }
    byId.put(id, s);
    postings.add(id, interned);
    nextId.accumulateAndGet(id, Math::max);
    return s;
  }

  MemSeries byId(int id) {
    return byId.get(id);
  }

  /** The series for these labels, created (interned and indexed) on first sight. */
  MemSeries getOrCreate(Labels labels) {
    MemSeries s = byLabels.get(labels);
    if (s != null) {
      return s;
    }
    Labels interned = strings.intern(labels);
    return byLabels.computeIfAbsent(interned, l -> {
      MemSeries created = new MemSeries(nextId.incrementAndGet(), l, chunks);
      byId.put(created.id, created);
      postings.add(created.id, l);
      return created;
    });
  }

  private final class HeadAppender implements Appender {
    private MemSeries[] series = new MemSeries[64];
    private long[] ts = new long[64];
    private double[] vs = new double[64];
    private int n;
    private int rejected;

    @Override
    public long append(long ref, Labels labels, long t, double v) {
      MemSeries s = ref > 0 ? byId.get((int) ref) : null;
      if (s == null) {
        // As the seam promises, a valid ref wins and the labels are not compared: that
        // comparison would cost every cached append a walk over the label set.
        s = getOrCreate(labels);
      }
      if (n == ts.length) {
        series = Arrays.copyOf(series, n * 2);
        ts = Arrays.copyOf(ts, n * 2);
        vs = Arrays.copyOf(vs, n * 2);
      }
      series[n] = s;
      ts[n] = t;
      vs[n] = v;
      n++;
      return s.id;
    }

    @Override
    public void commit() {
      try {
        log.log(series, ts, vs, n);
      } catch (java.io.IOException e) {
        rollback();
        throw new java.io.UncheckedIOException("write-ahead log failed; batch not applied", e);
      }
      int ok = 0;
      long lo = Long.MAX_VALUE;
      long hi = Long.MIN_VALUE;
      long valid = minValidTime;
      for (int i = 0; i < n; i++) {
        if (ts[i] < valid) {
          rejected++;
          tooOld.incrementAndGet();
          series[i] = null;
          continue;
        }
        switch (series[i].append(ts[i], vs[i])) {
          case OK -> {
            ok++;
            lo = Math.min(lo, ts[i]);
            hi = Math.max(hi, ts[i]);
          }
          case OUT_OF_ORDER -> {
            rejected++;
            outOfOrder.incrementAndGet();
          }
          case DUPLICATE -> {
            rejected++;
            duplicates.incrementAndGet();
          }
        }
        series[i] = null;
      }
      samples.addAndGet(ok);
      if (ok > 0) {
        minTime.accumulateAndGet(lo, Math::min);
        maxTime.accumulateAndGet(hi, Math::max);
      }
      n = 0;
    }

    @Override
    public void rollback() {
      Arrays.fill(series, 0, n, null);
      n = 0;
    }

    @Override
    public int rejected() {
      return rejected;
    }
  }

  private final class HeadQuerier implements Querier {
    private final long mint;
    private final long maxt;

    HeadQuerier(long mint, long maxt) {
      this.mint = mint;
      this.maxt = maxt;
    }

    @Override
    public SeriesSet select(boolean sorted, Matcher... matchers) {
      RoaringBitmap ids = postings.select(matchers);
      List<MemSeries> hits = new ArrayList<>(ids.getCardinality());
      for (IntIterator it = ids.getIntIterator(); it.hasNext(); ) {
        MemSeries s = byId.get(it.next());
        if (s != null) {
          hits.add(s);
        }
      }
      if (sorted) {
        hits.sort((a, b) -> a.labels.compareTo(b.labels));
      }
      return new SeriesSet() {
        private int i = -1;

        @Override
        public boolean next() {
          return ++i < hits.size();
        }

        @Override
        public Labels labels() {
          return hits.get(i).labels;
        }

        @Override
        public SampleIterator iterator() {
          return new MemSeries.RangeIterator(hits.get(i).chunks(mint, maxt), mint, maxt);
        }
      };
    }

    @Override
    public void close() {}
  }
}
