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
import dev.vigil.server.tsdb.chunkenc.ChunkArena;
import dev.vigil.server.tsdb.chunkenc.Chunk;
import dev.vigil.server.tsdb.MemSeries.Result;
import dev.vigil.server.tsdb.index.MemPostings;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.roaringbitmap.IntIterator;
import org.roaringbitmap.RoaringBitmap;

/**
 * Recent data in memory: series with stable ids, an inverted index, and compressed chunks.
 * Appends are batched per {@link Appender} and applied on commit; queries see committed samples.
 */
public final class Head implements Appendable, Queryable {
  private final SeriesByLabels byLabels = new SeriesByLabels();
  private final SeriesById byId = new SeriesById();
  /**
   * Extra WAL ids of a series, found on replay when a series was removed and re-created under a
   * new id before the checkpoint dropped the old record: samples under either id belong to it.
   * Usually empty; an alias goes when its series is removed.
   */
  private final ConcurrentHashMap<Integer, MemSeries> aliases = new ConcurrentHashMap<>();
  /**
   * Commits and series creation hold the read side; series GC the write side, so a series is
   * never removed between a commit's check of it and its samples landing in it.
   */
  private final ReentrantReadWriteLock gcLock = new ReentrantReadWriteLock();
  private final AtomicLong seriesCreated = new AtomicLong();
  private final AtomicLong seriesRemoved = new AtomicLong();
  private volatile long memoryCachedAt = Long.MIN_VALUE;
  private volatile long memoryCached;
  private volatile int memoryCachedSeries;
  private final AtomicInteger nextId = new AtomicInteger();
  private final MemPostings postings = new MemPostings();
  private final Interner strings = new Interner();
  private final AtomicLong outOfOrder = new AtomicLong();
  private final AtomicLong duplicates = new AtomicLong();
  private final AtomicLong outOfOrderAppended = new AtomicLong();
  private final AtomicLong samples = new AtomicLong();
  private final LongAdder chunks = new LongAdder();
  /** Buffers of the series' open chunks. */
  private final ChunkArena arena = new ChunkArena();
  private final BatchBuffers.Pool batches = new BatchBuffers.Pool(16);
  private final LongAdder chunksRemoved = new LongAdder();
  private final CommitLog log;
  /** Sized by configuration ({@code storage.exemplars.max_exemplars}); empty: none kept. */
  private final ExemplarStore exemplars = new ExemplarStore();
  /** How far behind the newest sample an out-of-order sample is taken, in ms; 0: never. */
  private volatile long outOfOrderWindow;
  /** Samples before this are in blocks already: appending them would be lost, so refuse. */
  private volatile long minValidTime = Long.MIN_VALUE;
  private final AtomicLong tooOld = new AtomicLong();
  private final AtomicLong outOfBound = new AtomicLong();
  private final AtomicLong seriesLimited = new AtomicLong();
  /** {@code --storage.tsdb.head-series-limit}; 0: none. */
  private volatile int seriesLimit;
  private volatile long seriesLimitLogged;
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
    CommitLog NONE = (series, ts, vs, n, ex) -> {};

    /** {@code ex} holds the batch's exemplars that passed validation; may be null or empty. */
    void log(MemSeries[] series, long[] ts, double[] vs, int n, ExemplarBatch ex)
        throws java.io.IOException;
  }

  /** The exemplars of this head's series; resized by configuration. */
  public ExemplarStore exemplars() {
    return exemplars;
  }

  /**
   * Puts an exemplar of series {@code id} back on WAL replay; unknown ids are dropped. The WAL
   * does not say whether its timestamp was its own; like Prometheus, replay takes it as not.
   */
  void restoreExemplar(int id, Labels exLabels, long t, double v) {
    MemSeries s = byId(id);
    if (s != null) {
      exemplars.add(s.labels, exLabels, t, v, false);
    }
  }

  @Override
  public Appender appender() {
    return new HeadAppender(64);
  }

  @Override
  public Appender appender(int expectedSamples) {
    return new HeadAppender(Math.max(16, Math.min(expectedSamples, 1 << 20)));
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

  /** Samples taken although older than their series' newest (within the window). */
  public long outOfOrderAppended() {
    return outOfOrderAppended.get();
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

  /**
   * Takes samples older than a series' newest when they are within {@code window} of the head's
   * newest sample ({@code storage.tsdb.out_of_order_time_window}); zero turns this off.
   */
  public void setOutOfOrderWindow(java.time.Duration window) {
    if (window.isNegative()) {
      throw new IllegalArgumentException("out-of-order window must not be negative: " + window);
    }
    outOfOrderWindow = window.toMillis();
  }

  public java.time.Duration outOfOrderWindow() {
    return java.time.Duration.ofMillis(outOfOrderWindow);
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

  /** The WAL ids of every series (aliases included), sorted: what a WAL checkpoint keeps. */
  long[] seriesIds() {
    MemSeries[] all = byLabels.snapshot();
    Integer[] extra = aliases.keySet().toArray(new Integer[0]);
    long[] ids = new long[all.length + extra.length];
    for (int i = 0; i < all.length; i++) {
      ids[i] = all[i].id;
    }
    for (int i = 0; i < extra.length; i++) {
      ids[all.length + i] = extra[i];
    }
    Arrays.sort(ids);
    return ids;
  }

  /** Series created since start (replayed ones included). */
  public long seriesCreated() {
    return seriesCreated.get();
  }

  /** Series removed by {@link #gc()}. */
  public long seriesRemoved() {
    return seriesRemoved.get();
  }

  /** Distinct label strings the head holds (for tests of the interner's bound). */
  int internedStrings() {
    return strings.size();
  }

  /**
   * Removes series with no sample left in the head, as after a block took all of them: from the
   * label and id maps, the postings, and the interner. A commit racing with this re-resolves a
   * removed series by its labels (a new id, and a new WAL series record), so no sample is lost
   * and none lands where queries cannot see it. Returns how many series went.
   */
  int gc() {
    // Candidates are found without the lock: ingestion goes on while most series are skipped.
    List<MemSeries> empty = new ArrayList<>();
    for (MemSeries s : byLabels.snapshot()) {
      if (s.isEmpty()) {
        empty.add(s);
      }
    }
    if (empty.isEmpty()) {
      return 0;
    }
    int removed = 0;
    // In slices, so commits wait a few milliseconds at a time, not for the whole sweep (about
    // 1 µs per series removed).
    for (int from = 0; from < empty.size(); from += GC_SLICE) {
      gcLock.writeLock().lock();
      try {
        for (MemSeries s : empty.subList(from, Math.min(empty.size(), from + GC_SLICE))) {
          // Commits are held off now, so a series still empty stays empty until it is gone.
          if (s.removed || !s.isEmpty()) {
            continue;
          }
          s.removed = true;
          s.release();
          byLabels.remove(s);
          byId.remove(s);
          postings.delete(s.id, s.labels);
          strings.release(s.labels);
          removed++;
        }
        if (!aliases.isEmpty()) {
          aliases.values().removeIf(s -> s.removed);
        }
      } finally {
        gcLock.writeLock().unlock();
      }
    }
    seriesRemoved.addAndGet(removed);
    return removed;
  }

  /** Series removed per hold of the GC lock. */
  private static final int GC_SLICE = 4096;

  /** Samples refused, with an out-of-order window set, for being older than the window. */
  public long tooOldSamples() {
    return tooOld.get();
  }

  /** Samples refused because they were older than what blocks already hold. */
  public long outOfBoundSamples() {
    return outOfBound.get();
  }

  /** Samples dropped because their series would have passed the head's series limit. */
  public long seriesLimitedSamples() {
    return seriesLimited.get();
  }

  /**
   * Caps the series the head holds: past it, samples of new series are dropped and counted
   * (existing series go on), so a cardinality explosion cannot exhaust memory. 0: no cap.
   */
  public void seriesLimit(int limit) {
    this.seriesLimit = Math.max(0, limit);
  }

  /** Says once a minute that the limit is dropping samples, not once per sample. */
  private void noteSeriesLimit(int limit) {
    long n = seriesLimited.incrementAndGet();
    long now = System.nanoTime();
    if (n == 1 || now - seriesLimitLogged > 60_000_000_000L) {
      seriesLimitLogged = now;
      org.slf4j.LoggerFactory.getLogger(Head.class).error("The head holds {} series, its limit "
          + "(--storage.tsdb.head-series-limit): samples of new series are dropped ({} so far)",
          limit, n);
    }
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
    for (MemSeries s : byLabels.snapshot()) {
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
    MemSeries[] all = byLabels.snapshot();
    for (MemSeries s : all) {
      chunks += s.chunkCount();
      bytes += s.chunkBytes();
      min = Math.min(min, s.minTime());
      max = Math.max(max, s.maxTime());
    }
    return new Stats(all.length, chunks, min, max, bytes);
  }

  /** How long {@link #memoryBytes()} reuses its last walk over the series. */
  static final long MEMORY_CACHE_NANOS = 15_000_000_000L;
  /** Series {@link #memoryBytes()} looks at; with more, it scales their average up. */
  static final int MEMORY_SAMPLE_SERIES = 4096;
  // Per series besides its chunks, in bytes (compressed oops): a slot in each of the two series
  // tables at 3/8 load on average (11 + 11) and the Labels object (24); per label pair, two
  // slots in the label array (8) and a postings entry (about 2, as shared values make for dense
  // bitmap containers).
  private static final int FIXED_BYTES_PER_SERIES = 11 + 11 + 24;
  private static final int POSTINGS_BYTES_PER_LABEL = 2;

  /**
   * Approximate heap the head holds: series, chunks, labels, maps, postings and interned
   * strings, from a sample of the series; reused for {@link #MEMORY_CACHE_NANOS}.
   */
  public long memoryBytes() {
    long now = System.nanoTime();
    int n = byLabels.size();
    // Also walked again when the series count moved by an eighth: a figure from an empty head
    // must not stand for a full one.
    if (memoryCachedAt != Long.MIN_VALUE && now - memoryCachedAt < MEMORY_CACHE_NANOS
        && Math.abs(n - memoryCachedSeries) <= memoryCachedSeries / 8) {
      return memoryCached;
    }
    // A sample of the series, scaled up: the figure is read on every self-scrape, and walking
    // a million series for it cost more than the scrape's own ingest.
    MemSeries[] sample = byLabels.sample(MEMORY_SAMPLE_SERIES);
    long sampled = 0;
    for (MemSeries s : sample) {
      int labels = s.labels.size();
      sampled += FIXED_BYTES_PER_SERIES + s.memoryBytes()
          + MemSeries.align(MemSeries.ARRAY_HEADER_BYTES + 8L * labels)
          + POSTINGS_BYTES_PER_LABEL * labels;
    }
    long bytes = strings.memoryBytes() + arena.reservedBytes() - arena.usedBytes()
        + (sample.length == 0 ? 0 : (long) ((double) sampled / sample.length * n));
    memoryCached = bytes;
    memoryCachedSeries = n;
    memoryCachedAt = now;
    return bytes;
  }

  ChunkArena chunkArena() {
    return arena;
  }

  /** Bytes of open-chunk buffer slots in use. */
  public long chunkArenaUsedBytes() {
    return arena.usedBytes();
  }

  /** Bytes of pages held for open-chunk buffers, slots in use or free. */
  public long chunkArenaReservedBytes() {
    return arena.reservedBytes();
  }

  /** {@link #memoryBytes()} per series, 0 while there are none. */
  public long memoryBytesPerSeries() {
    long bytes = memoryBytes();
    int n = byLabels.size();
    return n == 0 ? 0 : bytes / n;
  }

  /**
   * The head's samples in [mint, maxt) as a block source: series in label order, each with its
   * chunks for that range. Series without samples there are skipped.
   */
  public BlockSource blockSource(long mint, long maxt) {
    List<MemSeries> sorted = new ArrayList<>(Arrays.asList(byLabels.snapshot()));
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

  /**
   * Re-creates a series read back from the WAL under its old id. The same labels under a second
   * id (the series was removed and re-created before a checkpoint dropped the old record) make
   * that id an alias, so samples logged under either land in the one series.
   */
  MemSeries restore(int id, Labels labels) {
    nextId.accumulateAndGet(id, Math::max);
    MemSeries prev = byLabels.get(labels);
    if (prev == null) {
      Labels interned = strings.acquire(labels);
      MemSeries s = new MemSeries(id, interned, chunks, arena);
      s.logged = true;
      prev = byLabels.computeIfAbsent(interned, l -> s);
      if (prev == s) {
        byId.put(s);
        postings.add(id, interned);
        seriesCreated.incrementAndGet();
        return s;
      }
      strings.release(interned);
    }
    if (prev.id != id) {
      aliases.put(id, prev);
    }
    return prev;
  }

  /** The series logged under {@code id} (an alias included), for WAL replay. */
  MemSeries byId(int id) {
    MemSeries s = byId.get(id);
    return s != null || aliases.isEmpty() ? s : aliases.get(id);
  }

  /** The series for these labels, created (interned and indexed) on first sight. */
  MemSeries getOrCreate(Labels labels) {
    MemSeries s = byLabels.get(labels);
    if (s != null) {
      return s;
    }
    gcLock.readLock().lock();
    try {
      return create(labels);
    } finally {
      gcLock.readLock().unlock();
    }
  }

  /** Finds or creates the series for {@code labels}; the caller holds the GC read lock. */
  private MemSeries create(Labels labels) {
    MemSeries s = byLabels.get(labels);
    if (s != null) {
      return s;
    }
    Labels interned = strings.acquire(labels);
    MemSeries[] made = new MemSeries[1];
    s = byLabels.computeIfAbsent(interned, l -> {
      made[0] = new MemSeries(nextId.incrementAndGet(), l, chunks, arena);
      byId.put(made[0]);
      postings.add(made[0].id, l);
      return made[0];
    });
    if (s == made[0]) {
      seriesCreated.incrementAndGet();
    } else {
      strings.release(interned); // another thread created it first
    }
    return s;
  }

  private final class HeadAppender implements Appender {
    /** From the pool until commit or rollback; the three arrays below are its. */
    private BatchBuffers buffers;
    private MemSeries[] series;
    private long[] ts;
    private double[] vs;
    /** Null until the batch's first histogram, so float batches never touch it. */
    private dev.vigil.server.model.FloatHistogram[] hs;
    private int n;
    private int rejected;
    private int created;
    /** Null until the batch's first exemplar. */
    private ExemplarBatch ex;

    HeadAppender(int capacity) {
      buffers = batches.take(capacity);
      series = buffers.series;
      ts = buffers.ts;
      vs = buffers.vs;
    }

    /** Hands the arrays back once the batch is over, without references to series. */
    private void release() {
      if (buffers != null) {
        Arrays.fill(series, 0, n, null);
        n = 0;
        batches.give(buffers);
        buffers = null;
        series = null;
        ts = null;
        vs = null;
      }
    }

    @Override
    public long append(long ref, Labels labels, long t, double v) {
      MemSeries s = ref > 0 && ref <= Integer.MAX_VALUE ? byId.get((int) ref) : null;
      if (s == null) {
        if (labels == null) {
          throw new IllegalArgumentException("series ref " + ref
              + " is unknown (its series may have been removed after a block cut) and no labels"
              + " were given to resolve it");
        }
        // As the seam promises, a valid ref wins and the labels are not compared: that
        // comparison would cost every cached append a walk over the label set.
        s = byLabels.get(labels);
        if (s == null) {
          int limit = seriesLimit;
          if (limit > 0 && byLabels.size() >= limit) {
            rejected++;
            noteSeriesLimit(limit);
            return 0;
          }
          s = getOrCreate(labels);
          created++;
        }
      }
      if (n == ts.length) {
        buffers.grow(n);
        series = buffers.series;
        ts = buffers.ts;
        vs = buffers.vs;
        if (hs != null) {
          hs = Arrays.copyOf(hs, n * 2);
        }
      }
      series[n] = s;
      ts[n] = t;
      vs[n] = v;
      if (hs != null) {
        hs[n] = null;
      }
      n++;
      return s.id;
    }

    @Override
    public long appendHistogram(long ref, Labels labels, long t,
        dev.vigil.server.model.FloatHistogram h) {
      if (log != CommitLog.NONE) {
        throw new UnsupportedOperationException("native histograms are not stored yet by a"
            + " head with a write-ahead log: the WAL has no histogram record, so they would be"
            + " lost on restart");
      }
      if (hs == null) {
        hs = new dev.vigil.server.model.FloatHistogram[ts.length];
      }
      long id = append(ref, labels, t, 0);
      hs[n - 1] = h;
      return id;
    }

    @Override
    public void appendExemplar(long ref, Labels labels, Labels exLabels, long t, double v,
        boolean hasTimestamp) {
      if (exemplars.capacity() == 0) {
        return; // not kept: not even logged
      }
      MemSeries s = ref > 0 && ref <= Integer.MAX_VALUE ? byId.get((int) ref) : null;
      if (s == null && labels != null) {
        s = byLabels.get(labels);
      }
      if (s == null) {
        return; // its sample was refused (series limit): the exemplar goes with it
      }
      if (ex == null) {
        ex = new ExemplarBatch();
      }
      ex.add(s, exLabels, t, v, hasTimestamp);
    }

    @Override
    public boolean takesExemplars() {
      return exemplars.capacity() > 0;
    }

    /** Drops duplicates and out of order exemplars before they reach the WAL. */
    private void validateExemplars() {
      int kept = 0;
      for (int i = 0; i < ex.n; i++) {
        MemSeries s = ex.series[i];
        if (s.removed) {
          s = create(s.labels);
          ex.series[i] = s;
        }
        if (!supersededInBatch(s, i, kept) && exemplars.validate(s.labels, ex.labels[i],
            ex.ts[i], ex.vs[i], ex.ownTime[i]) == ExemplarStore.Result.OK) {
          ex.move(i, kept++);
        }
      }
      for (int i = kept; i < ex.n; i++) {
        ex.series[i] = null;
        ex.labels[i] = null;
      }
      ex.n = kept;
    }

    /**
     * Whether one of the last few exemplars kept in this batch has the same series and a time
     * not before entry {@code i}'s (a repeat within one batch, which the store cannot see yet).
     * Bounded: a repeat further back is still refused by the store, only after being logged.
     */
    private boolean supersededInBatch(MemSeries s, int i, int kept) {
      for (int k = kept - 1; k >= 0 && k >= kept - 16; k--) {
        if (ex.series[k] == s) {
          if (ExemplarStore.same(ex.labels[k], ex.vs[k], ex.ts[k], ex.ownTime[k], ex.labels[i],
              ex.vs[i], ex.ts[i], ex.ownTime[i])) {
            return true;
          }
          if (ex.ts[i] > ex.ts[k]) {
            return false;
          }
          exemplars.countOutOfOrder();
          return true;
        }
      }
      return false;
    }

    @Override
    public Labels canonical(long ref, Labels labels) {
      MemSeries s = ref > 0 ? byId.get((int) ref) : null;
      // Compared here, on a cache miss only, so a ref that went stale never swaps the labels.
      return s != null && s.labels.equals(labels) ? s.labels : labels;
    }

    @Override
    public void commit() {
      if (buffers == null) {
        return; // committed or rolled back already
      }
      gcLock.readLock().lock();
      try {
        apply();
      } finally {
        gcLock.readLock().unlock();
        release();
      }
    }

    private void apply() {
      long valid = minValidTime;
      long window = outOfOrderWindow;
      // Out-of-order samples are taken back to the head's newest time minus the window, never
      // into a range blocks already hold.
      long oooMin = window > 0 ? Math.max(valid, maxTime.get() - window) : Long.MAX_VALUE;
      int kept = 0;
      for (int i = 0; i < n; i++) {
        MemSeries s = series[i];
        if (s.removed) {
          // GC took the series after append() found it: land in the live one for these labels.
          s = create(s.labels);
        }
        // Refused before logging, so the WAL holds no sample the head refused for its age, and
        // replay can put back every out-of-order sample it finds. Both bounds only grow, so a
        // sample refused here would be refused when applied too.
        long t = ts[i];
        if (t < valid) {
          reject(Result.OUT_OF_BOUND);
        } else if (t < s.lastTime() && t < oooMin && window > 0) {
          reject(Result.TOO_OLD);
        } else if (t < s.lastTime() && window == 0) {
          reject(Result.OUT_OF_ORDER);
        } else {
          if (kept != i || s != series[i]) {
            // Not rewritten in place: a reference stored into this long-lived array dirties a
            // card that G1's refinement threads then scan.
            series[kept] = s;
            ts[kept] = t;
            vs[kept] = vs[i];
            if (hs != null) {
              hs[kept] = hs[i];
            }
          }
          kept++;
        }
      }
      Arrays.fill(series, kept, n, null);
      n = kept;
      if (ex != null) {
        validateExemplars();
      }
      try {
        log.log(series, ts, vs, n, ex);
      } catch (java.io.IOException e) {
        rollback();
        throw new java.io.UncheckedIOException("write-ahead log failed; batch not applied", e);
      }
      int ok = 0;
      long lo = Long.MAX_VALUE;
      long hi = Long.MIN_VALUE;
      for (int i = 0; i < n; i++) {
        boolean late = ts[i] < series[i].lastTime();
        Result r = hs != null && hs[i] != null ? series[i].appendHistogram(ts[i], hs[i])
            : series[i].append(ts[i], vs[i], oooMin);
        if (r == Result.OK) {
          ok++;
          if (late) {
            outOfOrderAppended.incrementAndGet();
          }
          lo = Math.min(lo, ts[i]);
          hi = Math.max(hi, ts[i]);
        } else {
          reject(r);
        }
        series[i] = null;
        if (hs != null) {
          hs[i] = null;
        }
      }
      samples.addAndGet(ok);
      if (ok > 0) {
        minTime.accumulateAndGet(lo, Math::min);
        maxTime.accumulateAndGet(hi, Math::max);
      }
      n = 0;
      if (ex != null) {
        for (int i = 0; i < ex.n; i++) {
          exemplars.add(ex.series[i].labels, ex.labels[i], ex.ts[i], ex.vs[i], ex.ownTime[i]);
        }
        ex.clear();
      }
    }

    @Override
    public int seriesCreated() {
      return created;
    }

    private void reject(Result r) {
      rejected++;
      switch (r) {
        case OUT_OF_ORDER -> outOfOrder.incrementAndGet();
        case DUPLICATE -> duplicates.incrementAndGet();
        case TOO_OLD -> tooOld.incrementAndGet();
        case OUT_OF_BOUND -> outOfBound.incrementAndGet();
        case OK -> throw new AssertionError("not a rejection");
      }
    }

    @Override
    public void rollback() {
      if (ex != null) {
        ex.clear();
      }
      if (hs != null) {
        Arrays.fill(hs, 0, n, null);
      }
      release();
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
          MemSeries s = hits.get(i);
          HistogramTail.Snapshot tail = s.tail(mint, maxt);
          SampleIterator it = new MemSeries.RangeIterator(s.chunks(mint, maxt), mint, maxt);
          return tail == null ? it : new HistogramTail.ChainIterator(it, tail);
        }
      };
    }

    @Override
    public List<String> labelNames(Matcher... matchers) {
      if (!overlaps()) {
        return new ArrayList<>();
      }
      return postings.labelNames(Head.this::labelsOf, matchers);
    }

    @Override
    public List<String> labelValues(String name, Matcher... matchers) {
      if (!overlaps()) {
        return new ArrayList<>();
      }
      return postings.labelValues(name, Head.this::labelsOf, matchers);
    }

    /** Whether the head holds samples in the range; an empty head never does. */
    private boolean overlaps() {
      return mint <= maxTime() && maxt >= minTime();
    }

    @Override
    public void close() {}
  }

  private Labels labelsOf(int id) {
    MemSeries s = byId.get(id);
    return s == null ? null : s.labels;
  }
}
