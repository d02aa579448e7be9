package dev.vigil.server.tsdb;

import dev.vigil.server.model.Labels;
import dev.vigil.server.storage.SampleIterator;
import dev.vigil.server.tsdb.chunkenc.Chunk;
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
  final int id;
  final Labels labels;
  /** Whether the WAL has this series' record; read and written only under the commit lock. */
  boolean logged;
  private final List<XorChunk> full = new ArrayList<>();
  private XorChunk open = new XorChunk();
  private long lastT = Long.MIN_VALUE;
  private long lastBits;

  /** The head's count of chunks, kept current here so reading it costs nothing. */
  private final java.util.concurrent.atomic.LongAdder headChunks;

  MemSeries(int id, Labels labels, java.util.concurrent.atomic.LongAdder headChunks) {
    this.id = id;
    this.labels = labels;
    this.headChunks = headChunks;
  }

  /** The outcome of an append, counted per reason by the head. */
  enum Result { OK, OUT_OF_ORDER, DUPLICATE }

  synchronized Result append(long t, double v) {
    if (t < lastT) {
      return Result.OUT_OF_ORDER;
    }
    long bits = Double.doubleToRawLongBits(v);
    if (t == lastT) {
      // The same sample twice (a retried write) is fine; another value at the same time is not.
      return bits == lastBits ? Result.OK : Result.DUPLICATE;
    }
    if (open.numSamples() >= Chunk.TARGET_SAMPLES) {
      full.add(open);
      open = new XorChunk();
    }
    if (open.numSamples() == 0) {
      headChunks.increment();
    }
    open.append(t, v);
    lastT = t;
    lastBits = bits;
    return Result.OK;
  }

  synchronized long maxTime() {
    return lastT;
  }

  /** The chunks overlapping [mint, maxt], as they are now. */
  synchronized List<XorChunk> chunks(long mint, long maxt) {
    List<XorChunk> out = new ArrayList<>();
    for (XorChunk c : full) {
      if (c.maxTime() >= mint && c.minTime() <= maxt) {
        out.add(c);
      }
    }
    if (open.numSamples() > 0 && open.maxTime() >= mint && open.minTime() <= maxt) {
      byte[] copy = Arrays.copyOf(open.bytes(), open.length());
      out.add(XorChunk.wrap(copy, 0, copy.length));
    }
    return out;
  }

  /**
   * Forgets samples before {@code t} (a block holds them now): chunks that end before it go, a
   * chunk that crosses it is re-encoded with the rest. Returns the change in chunk count.
   */
  synchronized int truncateBefore(long t) {
    int dropped = 0;
    for (int i = 0; i < full.size(); i++) {
      XorChunk c = full.get(i);
      if (c.maxTime() < t) {
        full.remove(i--);
        dropped++;
      } else if (c.minTime() < t) {
        full.set(i, from(c, t));
      }
    }
    if (open.numSamples() > 0 && open.minTime() < t) {
      open = from(open, t);
      if (open.numSamples() == 0) {
        dropped++;
      }
    }
    return dropped;
  }

  /** A new chunk with the samples of {@code c} at or after {@code t}. */
  private static XorChunk from(XorChunk c, long t) {
    XorChunk out = new XorChunk();
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
    return full.size() + (open.numSamples() > 0 ? 1 : 0);
  }

  synchronized long minTime() {
    return full.isEmpty() ? (open.numSamples() > 0 ? open.minTime() : Long.MAX_VALUE)
        : full.get(0).minTime();
  }

  /**
   * The samples in [mint, maxt) as chunks for a block: chunks inside the range as they are,
   * chunks crossing an edge re-encoded with just the samples inside it.
   */
  synchronized List<Chunk> chunksForBlock(long mint, long maxt) {
    List<Chunk> out = new ArrayList<>();
    List<XorChunk> all = new ArrayList<>(full);
    if (open.numSamples() > 0) {
      byte[] copy = Arrays.copyOf(open.bytes(), open.length());
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

  /** Bytes of chunk data held, for the per-series memory figure. */
  synchronized long chunkBytes() {
    long n = open.bytes().length;
    for (XorChunk c : full) {
      n += c.length();
    }
    return n;
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
