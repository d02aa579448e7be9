package dev.vigil.server.tsdb;

import dev.vigil.server.model.Labels;
import dev.vigil.server.storage.SampleIterator;
import dev.vigil.server.tsdb.chunkenc.Chunk;
import dev.vigil.server.tsdb.chunkenc.ChunkArena;
import dev.vigil.server.tsdb.chunkenc.XorChunk;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * One series in the head: its labels and its samples as compressed chunks. Samples are appended
 * in time order under the series' lock; full chunks are immutable and shared with readers, the
 * open chunk is copied for them (it is a few hundred bytes).
 */
final class MemSeries {
  private static final XorChunk[] NO_CHUNKS = new XorChunk[0];
  /** The open chunk of a series without samples: shared, so it is never appended to. */
  private static final XorChunk NO_OPEN = new XorChunk(4);
  /**
   * First buffer of an open chunk. Small, because most series of a short-lived head never fill
   * one, and a 30-sample chunk of a regular series fits about 70 bytes; growth is by half.
   */
  static final int OPEN_CAPACITY = 32;
  /** Beyond this a series' values barely compress; its chunk grows from here as needed. */
  static final int MAX_OPEN_CAPACITY = 2048;
  final int id;
  final Labels labels;
  /** Whether the WAL has this series' record; read and written only under the commit lock. */
  boolean logged;
  /**
   * Whether the head's GC took this series out: its samples would reach no query, so a commit
   * holding it re-resolves the labels instead. Written and read under the head's GC lock.
   */
  boolean removed;
  /** Full chunks, oldest first, each trimmed to its exact size; a plain array costs no list. */
  private XorChunk[] full = NO_CHUNKS;
  /** The chunk taking appends; its buffer is a slot of {@link #arena} (given back on every swap). */
  private XorChunk open = NO_OPEN;
  /** Where open chunks' buffers come from; null for plain arrays. */
  private final ChunkArena arena;
  /**
   * Newest sample time. Written under the lock; read without it through {@link #lastTime()},
   * with opaque access: atomic and never older than a value the thread saw before, without the
   * fence a volatile write costs every append.
   */
  private long lastT = Long.MIN_VALUE;
  private static final java.lang.invoke.VarHandle LAST_T;

  static {
    try {
      LAST_T = java.lang.invoke.MethodHandles.lookup()
          .findVarHandle(MemSeries.class, "lastT", long.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }
  private long lastBits;
  /**
   * Every sample from the series' first native histogram on, floats included, in time order;
   * null for the float series that are nearly all of them, so their appends only pay a null
   * check. Kept in memory only: see {@link HistogramTail}.
   */
  private HistogramTail tail;
  /** Out-of-order samples waiting to be merged into the chunks; null when there are none. */
  private OutOfOrderBuffer ooo;

  /** The head's count of chunks, kept current here so reading it costs nothing. */
  private final java.util.concurrent.atomic.LongAdder headChunks;

  MemSeries(int id, Labels labels, java.util.concurrent.atomic.LongAdder headChunks) {
    this(id, labels, headChunks, null);
  }

  MemSeries(int id, Labels labels, java.util.concurrent.atomic.LongAdder headChunks,
      ChunkArena arena) {
    this.id = id;
    this.labels = labels;
    this.headChunks = headChunks;
    this.arena = arena;
  }

  private XorChunk newOpen(int capacity) {
    return arena == null ? new XorChunk(capacity) : new XorChunk(arena, capacity);
  }

  /** Makes {@code next} the open chunk, giving the old one's buffer back. */
  private void replaceOpen(XorChunk next) {
    if (open != NO_OPEN) {
      open.release();
    }
    open = next;
  }

  /**
   * Gives the open chunk's buffer back when the head drops the series; a reader that still holds
   * the series sees it empty.
   */
  synchronized void release() {
    replaceOpen(NO_OPEN);
  }

  /** The outcome of an append, counted per reason by the head. */
  enum Result { OK, OUT_OF_ORDER, DUPLICATE, TOO_OLD, OUT_OF_BOUND }

  /**
   * Appends a sample read back from the WAL: one older than the newest is put back among the
   * others, as only samples the head took, or could not refuse before logging, are in the WAL.
   */
  synchronized Result append(long t, double v) {
    return append(t, v, Long.MIN_VALUE);
  }

  /**
   * Appends a sample. One older than the newest is taken when it is not older than
   * {@code oooMin} (the out-of-order window's start; {@code Long.MAX_VALUE} when there is no
   * window) and its timestamp is new to the series.
   */
  synchronized Result append(long t, double v, long oooMin) {
    if (tail != null) {
      return appendToTail(t, v, null);
    }
    if (t < lastT) {
      if (t < oooMin) {
        return oooMin == Long.MAX_VALUE ? Result.OUT_OF_ORDER : Result.TOO_OLD;
      }
      return appendOutOfOrder(t, v);
    }
    long bits = Double.doubleToRawLongBits(v);
    if (t == lastT) {
      // The same sample twice (a retried write) is fine; another value at the same time is not.
      return bits == lastBits ? Result.OK : Result.DUPLICATE;
    }
    if (open.numSamples() >= Chunk.TARGET_SAMPLES) {
      full = Arrays.copyOf(full, full.length + 1);
      full[full.length - 1] = sealed(open);
      // A series' next chunk is usually about as big as its last: starting there spares the
      // moves of growing from scratch.
      replaceOpen(newOpen(nextCapacity(open.length())));
    } else if (open == NO_OPEN) {
      open = newOpen(OPEN_CAPACITY);
    }
    if (open.numSamples() == 0) {
      headChunks.increment();
    }
    open.append(t, v);
    LAST_T.setOpaque(this, t);
    lastBits = bits;
    return Result.OK;
  }

  /**
   * Appends a native histogram sample; from the first one on the series keeps its samples in a
   * {@link HistogramTail}. Out-of-order histograms are refused.
   */
  synchronized Result appendHistogram(long t, dev.vigil.server.model.FloatHistogram h) {
    if (tail == null) {
      if (t < lastT) {
        return Result.OUT_OF_ORDER;
      }
      if (t == lastT) {
        return Result.DUPLICATE;
      }
      mergeOutOfOrder();
      tail = new HistogramTail();
    }
    return appendToTail(t, 0, h);
  }

  private Result appendToTail(long t, double v, dev.vigil.server.model.FloatHistogram h) {
    if (t < lastT) {
      return Result.OUT_OF_ORDER;
    }
    if (t == lastT) {
      return tail.sameAsLast(v, h) ? Result.OK : Result.DUPLICATE;
    }
    tail.add(t, v, h);
    LAST_T.setOpaque(this, t);
    return Result.OK;
  }

  /** The histogram tail's samples in [mint, maxt], or null when the series has none. */
  synchronized HistogramTail.Snapshot tail(long mint, long maxt) {
    return tail == null ? null : tail.snapshot(mint, maxt);
  }

  /** Newest sample time, read without the lock (it only grows). */
  long lastTime() {
    return (long) LAST_T.getOpaque(this);
  }

  synchronized long maxTime() {
    return lastT;
  }

  private Result appendOutOfOrder(long t, double v) {
    long bits = Double.doubleToRawLongBits(v);
    if (ooo != null) {
      int at = ooo.find(t);
      if (at >= 0) {
        return Double.doubleToRawLongBits(ooo.vs[at]) == bits ? Result.OK : Result.DUPLICATE;
      }
    }
    XorChunk holder = chunkCovering(t);
    if (holder != null) {
      SampleIterator it = holder.iterator();
      if (it.seek(t) && it.atT() == t) {
        return Double.doubleToRawLongBits(it.atV()) == bits ? Result.OK : Result.DUPLICATE;
      }
    }
    if (ooo == null) {
      ooo = new OutOfOrderBuffer();
    }
    ooo.insertAt(-ooo.find(t) - 1, t, v);
    if (ooo.full()) {
      mergeOutOfOrder();
    }
    return Result.OK;
  }

  /** The chunk whose time range holds {@code t}, if any. */
  private XorChunk chunkCovering(long t) {
    if (open.numSamples() > 0 && open.minTime() <= t) {
      return open;
    }
    int lo = 0;
    int hi = full.length - 1;
    while (lo <= hi) {
      int mid = (lo + hi) >>> 1;
      if (full[mid].maxTime() < t) {
        lo = mid + 1;
      } else if (full[mid].minTime() > t) {
        hi = mid - 1;
      } else {
        return full[mid];
      }
    }
    return null;
  }

  /**
   * Merges the out-of-order samples into the chunks: the chunks from the first one they reach
   * onwards are decoded, merged and encoded again, so chunks stay in time order without overlap
   * (what queries and blocks expect). Called before anything reads the chunks.
   */
  private void mergeOutOfOrder() {
    if (ooo == null) {
      return;
    }
    OutOfOrderBuffer b = ooo;
    ooo = null;
    int keep = 0;
    while (keep < full.length && full[keep].maxTime() < b.ts[0]) {
      keep++;
    }
    int before = countChunks();
    int total = b.n + open.numSamples();
    for (int i = keep; i < full.length; i++) {
      total += full[i].numSamples();
    }
    long[] ts = new long[total];
    double[] vs = new double[total];
    int n = 0;
    int k = 0;
    for (int i = keep; i <= full.length; i++) {
      XorChunk c = i < full.length ? full[i] : open;
      for (SampleIterator it = c.iterator(); it.next(); ) {
        for (; k < b.n && b.ts[k] < it.atT(); k++, n++) {
          ts[n] = b.ts[k];
          vs[n] = b.vs[k];
        }
        ts[n] = it.atT();
        vs[n] = it.atV();
        n++;
      }
    }
    for (; k < b.n; k++, n++) {
      ts[n] = b.ts[k];
      vs[n] = b.vs[k];
    }
    int sealedCount = (n - 1) / Chunk.TARGET_SAMPLES;
    XorChunk[] merged = Arrays.copyOf(full, keep + sealedCount);
    int i = 0;
    for (int c = 0; c < sealedCount; c++) {
      XorChunk chunk = new XorChunk(OPEN_CAPACITY);
      for (int end = i + Chunk.TARGET_SAMPLES; i < end; i++) {
        chunk.append(ts[i], vs[i]);
      }
      merged[keep + c] = sealed(chunk);
    }
    replaceOpen(i < n ? newOpen(OPEN_CAPACITY) : NO_OPEN);
    for (; i < n; i++) {
      open.append(ts[i], vs[i]);
    }
    full = merged.length == 0 ? NO_CHUNKS : merged;
    headChunks.add(countChunks() - before);
  }

  /** The chunks overlapping [mint, maxt], as they are now. */
  synchronized List<XorChunk> chunks(long mint, long maxt) {
    mergeOutOfOrder();
    List<XorChunk> out = new ArrayList<>();
    for (XorChunk c : full) {
      if (c.maxTime() >= mint && c.minTime() <= maxt) {
        out.add(c);
      }
    }
    if (open.numSamples() > 0 && open.maxTime() >= mint && open.minTime() <= maxt) {
      byte[] copy = open.copyBytes();
      out.add(XorChunk.wrap(copy, 0, copy.length));
    }
    return out;
  }

  /**
   * Forgets samples before {@code t} (a block holds them now): chunks that end before it go, a
   * chunk that crosses it is re-encoded with the rest. Returns the change in chunk count.
   */
  synchronized int truncateBefore(long t) {
    mergeOutOfOrder();
    int kept = 0;
    for (XorChunk c : full) {
      if (c.maxTime() >= t) {
        full[kept++] = c.minTime() < t ? sealed(from(c, t, new XorChunk(OPEN_CAPACITY))) : c;
      }
    }
    int dropped = full.length - kept;
    if (dropped > 0) {
      full = kept == 0 ? NO_CHUNKS : Arrays.copyOf(full, kept);
    }
    if (open.numSamples() > 0 && open.minTime() < t) {
      replaceOpen(from(open, t, newOpen(OPEN_CAPACITY)));
      if (open.numSamples() == 0) {
        replaceOpen(NO_OPEN);
        dropped++;
      }
    }
    return dropped;
  }

  /** Whether no sample is left in the head (all went to blocks, or none ever came). */
  synchronized boolean isEmpty() {
    return full.length == 0 && open.numSamples() == 0 && ooo == null;
  }

  /** A read-only copy of a full chunk without the appender's state or spare buffer room. */
  private static XorChunk sealed(XorChunk c) {
    byte[] buf = c.bytes();
    int len = c.length();
    // A nearly full buffer is kept as it is: the copy would cost more garbage than the slack.
    byte[] kept = buf.length - len <= len / 8 ? buf : Arrays.copyOf(buf, len);
    return XorChunk.wrap(kept, 0, len);
  }

  /** The first buffer size for a chunk following one of {@code lastLength} bytes. */
  static int nextCapacity(int lastLength) {
    return Math.max(OPEN_CAPACITY, Math.min(MAX_OPEN_CAPACITY, lastLength + lastLength / 16));
  }

  /** Appends the samples of {@code c} at or after {@code t} to the empty chunk {@code out}. */
  private static XorChunk from(XorChunk c, long t, XorChunk out) {
    SampleIterator it = c.iterator();
    if (it.seek(t)) {
      do {
        out.append(it.atT(), it.atV());
      } while (it.next());
    }
    return out;
  }

  /** Chunks held, the open one included when it has samples. */
  synchronized int chunkCount() {
    mergeOutOfOrder();
    return countChunks();
  }

  private int countChunks() {
    return full.length + (open.numSamples() > 0 ? 1 : 0);
  }

  synchronized long minTime() {
    mergeOutOfOrder();
    return full.length == 0 ? (open.numSamples() > 0 ? open.minTime() : Long.MAX_VALUE)
        : full[0].minTime();
  }

  /**
   * The samples in [mint, maxt) as chunks for a block: chunks inside the range as they are,
   * chunks crossing an edge re-encoded with just the samples inside it.
   */
  synchronized List<Chunk> chunksForBlock(long mint, long maxt) {
    mergeOutOfOrder();
    List<Chunk> out = new ArrayList<>();
    List<XorChunk> all = new ArrayList<>(Arrays.asList(full));
    if (open.numSamples() > 0) {
      byte[] copy = open.copyBytes();
      all.add(XorChunk.wrap(copy, 0, copy.length));
    }
    for (XorChunk c : all) {
      if (c.maxTime() < mint || c.minTime() >= maxt) {
        continue;
      }
      if (c.minTime() >= mint && c.maxTime() < maxt) {
        out.add(c);
        continue;
      }
      XorChunk part = new XorChunk();
      SampleIterator it = c.iterator();
      if (it.seek(mint)) {
        do {
          if (it.atT() >= maxt) {
            break;
          }
          part.append(it.atT(), it.atV());
        } while (it.next());
      }
      if (part.numSamples() > 0) {
        out.add(part);
      }
    }
    return out;
  }

  /** Bytes of encoded chunk data held. */
  synchronized long chunkBytes() {
    mergeOutOfOrder();
    long n = open.length();
    for (XorChunk c : full) {
      n += c.length();
    }
    return n;
  }

  // JVM layout with compressed oops, in bytes: this object, an XorChunk, its BitWriter, array
  // headers. Checked against the heap by HeadFootprintTest.
  static final int SELF_BYTES = 56;
  static final int CHUNK_OBJECT_BYTES = 96;
  static final int WRITER_BYTES = 48;
  static final int ARRAY_HEADER_BYTES = 16;

  /** Approximate heap held by this series' chunks and the series object itself. */
  synchronized long memoryBytes() {
    mergeOutOfOrder();
    // An arena slot has no array header of its own; the arena's free room is counted by the head.
    long n = SELF_BYTES + (open == NO_OPEN ? 0
        : CHUNK_OBJECT_BYTES + WRITER_BYTES
            + (open.inArena() ? open.capacity() : align(ARRAY_HEADER_BYTES + open.capacity())));
    if (full.length > 0) {
      n += align(ARRAY_HEADER_BYTES + 4L * full.length);
      for (XorChunk c : full) {
        n += CHUNK_OBJECT_BYTES + align(ARRAY_HEADER_BYTES + c.bytes().length);
      }
    }
    return n;
  }

  static long align(long bytes) {
    return (bytes + 7) & ~7L;
  }

  /** Iterates the samples of {@code chunks} within [mint, maxt] without allocating per sample. */
  static final class RangeIterator implements SampleIterator {
    private final List<XorChunk> chunks;
    private final long mint;
    private final long maxt;
    private int next;
    private SampleIterator cur;

    RangeIterator(List<XorChunk> chunks, long mint, long maxt) {
      this.chunks = chunks;
      this.mint = mint;
      this.maxt = maxt;
    }

    @Override
    public boolean next() {
      while (true) {
        if (cur == null) {
          if (next >= chunks.size()) {
            return false;
          }
          cur = chunks.get(next++).iterator();
          if (!cur.seek(mint)) {
            cur = null;
            continue;
          }
          return inRange();
        }
        if (cur.next()) {
          return inRange();
        }
        cur = null;
      }
    }

    private boolean inRange() {
      if (cur.atT() > maxt) {
        next = chunks.size();
        cur = null;
        return false;
      }
      return true;
    }

    @Override
    public boolean seek(long t) {
      if (cur != null && cur.atT() >= t) {
        return true;
      }
      while (true) {
        if (cur == null) {
          if (next >= chunks.size()) {
            return false;
          }
          cur = chunks.get(next++).iterator();
        }
        if (cur.seek(Math.max(t, mint))) {
          return inRange();
        }
        cur = null;
      }
    }

    @Override
    public long atT() {
      return cur.atT();
    }

    @Override
    public double atV() {
      return cur.atV();
    }
  }
}
