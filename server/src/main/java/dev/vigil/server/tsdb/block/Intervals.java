package dev.vigil.server.tsdb.block;

import dev.vigil.server.storage.SampleIterator;
import dev.vigil.server.tsdb.chunkenc.Chunk;
import dev.vigil.server.tsdb.chunkenc.XorChunk;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The deleted time ranges of one series: sorted, disjoint, inclusive {@code [mint, maxt]}
 * intervals. Immutable; {@link #add} returns a new value, so readers may share one without locks.
 */
public final class Intervals {
  public static final Intervals EMPTY = new Intervals(new long[0]);

  /** mint0, maxt0, mint1, maxt1, ...: ascending, and no two intervals touch. */
  private final long[] v;

  private Intervals(long[] v) {
    this.v = v;
  }

  public static Intervals of(long mint, long maxt) {
    return EMPTY.add(mint, maxt);
  }

  /** This set plus {@code [mint, maxt]}, merged with the intervals it overlaps or touches. */
  public Intervals add(long mint, long maxt) {
    if (maxt < mint) {
      throw new IllegalArgumentException("interval maxt " + maxt + " < mint " + mint);
    }
    long[] out = new long[v.length + 2];
    int n = 0;
    int i = 0;
    // Intervals wholly before the new one (and not touching it) stay as they are.
    while (i < v.length && v[i + 1] < mint && v[i + 1] + 1 < mint) {
      out[n++] = v[i];
      out[n++] = v[i + 1];
      i += 2;
    }
    long lo = mint;
    long hi = maxt;
    while (i < v.length && (v[i] <= hi || v[i] - 1 == hi)) {
      lo = Math.min(lo, v[i]);
      hi = Math.max(hi, v[i + 1]);
      i += 2;
    }
    out[n++] = lo;
    out[n++] = hi;
    while (i < v.length) {
      out[n++] = v[i++];
    }
    return new Intervals(n == out.length ? out : Arrays.copyOf(out, n));
  }

  /** The intervals that end at or after {@code t}: what is still worth keeping once older data is gone. */
  public Intervals from(long t) {
    int i = 0;
    while (i < v.length && v[i + 1] < t) {
      i += 2;
    }
    return i == 0 ? this : new Intervals(Arrays.copyOfRange(v, i, v.length));
  }

  public boolean isEmpty() {
    return v.length == 0;
  }

  public int size() {
    return v.length / 2;
  }

  public long mint(int i) {
    return v[2 * i];
  }

  public long maxt(int i) {
    return v[2 * i + 1];
  }

  /** Index of the first interval ending at or after {@code t}, or {@link #size()}. */
  private int firstEndingAtOrAfter(long t) {
    int lo = 0;
    int hi = size();
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (maxt(mid) < t) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo;
  }

  public boolean contains(long t) {
    int i = firstEndingAtOrAfter(t);
    return i < size() && mint(i) <= t;
  }

  /** Whether some deleted interval overlaps {@code [mint, maxt]}. */
  public boolean overlaps(long mint, long maxt) {
    int i = firstEndingAtOrAfter(mint);
    return i < size() && mint(i) <= maxt;
  }

  /** Whether all of {@code [mint, maxt]} is deleted. */
  public boolean covers(long mint, long maxt) {
    int i = firstEndingAtOrAfter(mint);
    return i < size() && mint(i) <= mint && maxt(i) >= maxt;
  }

  /** {@code it} without the deleted samples; {@code it} itself when nothing is deleted. */
  public SampleIterator filter(SampleIterator it) {
    return isEmpty() ? it : new SkippingIterator(it, this);
  }

  /**
   * The chunks without the deleted samples: untouched chunks are returned as they are, chunks
   * wholly deleted are dropped, and the others are re-encoded with what is left.
   */
  public List<Chunk> apply(List<Chunk> chunks) {
    if (isEmpty()) {
      return chunks;
    }
    List<Chunk> out = new ArrayList<>(chunks.size());
    for (Chunk c : chunks) {
      if (c.numSamples() == 0 || !overlaps(c.minTime(), c.maxTime())) {
        out.add(c);
        continue;
      }
      if (covers(c.minTime(), c.maxTime())) {
        continue;
      }
      XorChunk kept = new XorChunk();
      SampleIterator it = filter(c.iterator());
      while (it.next()) {
        kept.append(it.atT(), it.atV());
      }
      if (kept.numSamples() > 0) {
        out.add(kept);
      }
    }
    return out;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Intervals other && Arrays.equals(v, other.v);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(v);
  }

  @Override
  public String toString() {
    StringBuilder b = new StringBuilder("[");
    for (int i = 0; i < size(); i++) {
      b.append(i == 0 ? "" : ", ").append('[').append(mint(i)).append(", ").append(maxt(i))
          .append(']');
    }
    return b.append(']').toString();
  }

  /**
   * Skips deleted samples. Samples come in ascending time, so a cursor into the intervals only
   * moves forward: no search and no allocation per sample.
   */
  private static final class SkippingIterator implements SampleIterator {
    private final SampleIterator in;
    private final Intervals del;
    private int k;

    SkippingIterator(SampleIterator in, Intervals del) {
      this.in = in;
      this.del = del;
    }

    /** Whether {@code t} is deleted; moves the cursor past intervals ending before it. */
    private boolean deleted(long t) {
      while (k < del.size() && del.maxt(k) < t) {
        k++;
      }
      return k < del.size() && del.mint(k) <= t;
    }

    @Override
    public boolean next() {
      while (in.next()) {
        if (!deleted(in.atT())) {
          return true;
        }
      }
      return false;
    }

    @Override
    public boolean seek(long t) {
      if (!in.seek(t)) {
        return false;
      }
      while (deleted(in.atT())) {
        long end = del.maxt(k);
        if (end == Long.MAX_VALUE || !in.seek(end + 1)) {
          return false;
        }
      }
      return true;
    }

    @Override
    public long atT() {
      return in.atT();
    }

    @Override
    public double atV() {
      return in.atV();
    }

    @Override
    public boolean mayHaveHistograms() {
      return in.mayHaveHistograms();
    }

    @Override
    public dev.vigil.server.model.FloatHistogram atHistogram() {
      return in.atHistogram();
    }
  }
}
