package dev.vigil.server.tsdb;

import dev.vigil.server.model.Exemplar;
import dev.vigil.server.model.Labels;
import dev.vigil.server.model.Matcher;
import dev.vigil.server.storage.ExemplarQueryable;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/**
 * The newest exemplars of all series in one bounded ring ({@code storage.exemplars.max_exemplars}
 * slots), as Prometheus keeps them: a new exemplar takes the slot of the oldest one of any series.
 * Each series' exemplars form a linked list through the ring (oldest → newest), found by the
 * series' labels, so a query walks only the series it selects.
 *
 * <p>Per series, an exemplar equal to the newest one is a duplicate and skipped silently (every
 * scrape of an unchanged exemplar repeats it). Equal means same labels and value, and the same
 * timestamp unless neither has one of its own: an exposed exemplar without a timestamp takes its
 * scrape's time, yet repeated unchanged it is the same exemplar, as in Prometheus. One not newer
 * than the newest is out of order, skipped and counted. Capacity 0 keeps nothing.
 *
 * <p>The ring is parallel arrays, not objects per slot, so storing an exemplar allocates nothing
 * but its (caller-made) labels, and a per-series entry the first time a series has one.
 * Thread-safe: one monitor, held for a batch's worth of work at most.
 */
public final class ExemplarStore implements ExemplarQueryable {
  /** What {@link #add} did. */
  public enum Result { OK, DUPLICATE, OUT_OF_ORDER, DISABLED }

  /** Where a series' exemplars start and end in the ring. */
  private static final class SeriesIndex {
    final Labels labels;
    int oldest;
    int newest;

    SeriesIndex(Labels labels, int slot) {
      this.labels = labels;
      this.oldest = slot;
      this.newest = slot;
    }
  }

  private final Map<Labels, SeriesIndex> index = new HashMap<>();
  // The ring; a slot whose owner is null is empty.
  private SeriesIndex[] owner = new SeriesIndex[0];
  private Labels[] labels = new Labels[0];
  private double[] values = new double[0];
  private long[] times = new long[0];
  /** Whether the exemplar came with its own timestamp (see the class comment). */
  private boolean[] ownTime = new boolean[0];
  /** The next slot of the same series, or -1 after its newest. */
  private int[] next = new int[0];
  /** The slot the next exemplar goes to: the oldest one when the ring is full. */
  private int nextSlot;
  /** The ring's size, readable without the lock (appenders check it per exemplar). */
  private volatile int capacity;
  private int stored;
  private final LongAdder appended = new LongAdder();
  private final LongAdder outOfOrder = new LongAdder();

  /** A store with no room: it keeps nothing until {@link #resize} gives it some. */
  public ExemplarStore() {}

  public ExemplarStore(int capacity) {
    resize(capacity);
  }

  /**
   * Adds an exemplar of the series {@code series}. Expected rejections are results, not
   * exceptions (see the class comment).
   */
  public Result add(Labels series, Labels exLabels, long t, double v) {
    return add(series, exLabels, t, v, true);
  }

  /**
   * @param hasTimestamp whether {@code t} is the exemplar's own time rather than its scrape's
   */
  public synchronized Result add(Labels series, Labels exLabels, long t, double v,
      boolean hasTimestamp) {
    int cap = next.length;
    if (cap == 0) {
      return Result.DISABLED;
    }
    SeriesIndex si = index.get(series);
    Result r = check(si, exLabels, t, v, hasTimestamp);
    if (r != Result.OK) {
      return r;
    }
    int slot = nextSlot;
    SeriesIndex old = owner[slot];
    if (old != null) {
      // The ring is full and this slot holds the globally oldest exemplar, so it is its series'
      // oldest too: unlink it there.
      if (old.newest == slot) {
        index.remove(old.labels);
        if (old == si) {
          si = null;
        }
      } else {
        old.oldest = next[slot];
      }
      stored--;
    }
    if (si == null) {
      si = new SeriesIndex(series, slot);
      index.put(series, si);
    } else {
      next[si.newest] = slot;
      si.newest = slot;
    }
    owner[slot] = si;
    labels[slot] = exLabels;
    values[slot] = v;
    times[slot] = t;
    ownTime[slot] = hasTimestamp;
    next[slot] = -1;
    stored++;
    nextSlot = slot + 1 == cap ? 0 : slot + 1;
    appended.increment();
    return Result.OK;
  }

  /**
   * What {@link #add} would answer now, without storing: lets a commit keep duplicates and out of
   * order exemplars out of the WAL. Out of order ones are counted here.
   */
  public synchronized Result validate(Labels series, Labels exLabels, long t, double v,
      boolean hasTimestamp) {
    return next.length == 0 ? Result.DISABLED
        : check(index.get(series), exLabels, t, v, hasTimestamp);
  }

  /** Prometheus's exemplar equality: timestamps count only when one of the two has its own. */
  static boolean same(Labels l1, double v1, long t1, boolean own1, Labels l2, double v2, long t2,
      boolean own2) {
    return ((!own1 && !own2) || t1 == t2)
        && Double.doubleToLongBits(v1) == Double.doubleToLongBits(v2) && l1.equals(l2);
  }

  private Result check(SeriesIndex si, Labels exLabels, long t, double v, boolean own) {
    if (si == null) {
      return Result.OK;
    }
    int n = si.newest;
    if (same(labels[n], values[n], times[n], ownTime[n], exLabels, v, t, own)) {
      return Result.DUPLICATE;
    }
    if (t <= times[n]) {
      outOfOrder.increment();
      return Result.OUT_OF_ORDER;
    }
    return Result.OK;
  }

  /**
   * Changes the capacity, keeping the newest {@code min(stored, capacity)} exemplars in order.
   * Negative is refused; 0 empties the store and keeps nothing more.
   */
  public synchronized void resize(int capacity) {
    if (capacity < 0) {
      throw new IllegalArgumentException("max_exemplars must not be negative: " + capacity);
    }
    if (capacity == next.length) {
      return;
    }
    int oldCap = next.length;
    SeriesIndex[] oOwner = owner;
    Labels[] oLabels = labels;
    double[] oValues = values;
    long[] oTimes = times;
    boolean[] oOwn = ownTime;
    int oStart = nextSlot;
    owner = new SeriesIndex[capacity];
    labels = new Labels[capacity];
    values = new double[capacity];
    times = new long[capacity];
    ownTime = new boolean[capacity];
    next = new int[capacity];
    nextSlot = 0;
    stored = 0;
    this.capacity = capacity;
    index.clear();
    if (capacity == 0) {
      return;
    }
    // Oldest first from the old write position; skip what does not fit (the oldest).
    int filled = 0;
    for (int i = 0; i < oldCap; i++) {
      if (oOwner[i] != null) {
        filled++;
      }
    }
    int skip = Math.max(0, filled - capacity);
    for (int i = 0; i < oldCap; i++) {
      int s = (oStart + i) % oldCap;
      if (oOwner[s] == null) {
        continue;
      }
      if (skip > 0) {
        skip--;
        continue;
      }
      // Re-added in order into a ring large enough: neither a rejection nor a count.
      long before = appended.sum();
      add(oOwner[s].labels, oLabels[s], oTimes[s], oValues[s], oOwn[s]);
      appended.add(before - appended.sum());
    }
  }

  @Override
  public List<SeriesExemplars> selectExemplars(long mint, long maxt, List<Matcher[]> selectors) {
    List<SeriesExemplars> out = new ArrayList<>();
    synchronized (this) {
      for (SeriesIndex si : index.values()) {
        if (!matchesAny(si.labels, selectors)) {
          continue;
        }
        List<Exemplar> found = null;
        for (int s = si.oldest; s >= 0; s = next[s]) {
          if (times[s] >= mint && times[s] <= maxt) {
            if (found == null) {
              found = new ArrayList<>();
            }
            found.add(new Exemplar(labels[s], values[s], times[s]));
          }
        }
        if (found != null) {
          out.add(new SeriesExemplars(si.labels, found));
        }
      }
    }
    out.sort((a, b) -> a.seriesLabels().compareTo(b.seriesLabels()));
    return out;
  }

  private static boolean matchesAny(Labels l, List<Matcher[]> selectors) {
    for (Matcher[] ms : selectors) {
      boolean all = true;
      for (Matcher m : ms) {
        if (!m.matches(l)) {
          all = false;
          break;
        }
      }
      if (all) {
        return true;
      }
    }
    return false;
  }

  /** Slots in the ring ({@code prometheus_tsdb_exemplar_max_exemplars}). */
  public int capacity() {
    return capacity;
  }

  /** Exemplars held now. */
  public synchronized int size() {
    return stored;
  }

  /** Series with at least one exemplar held. */
  public synchronized int seriesCount() {
    return index.size();
  }

  /** Exemplars stored since start (duplicates and rejections not counted). */
  public long appended() {
    return appended.sum();
  }

  /** Counts an out of order exemplar found outside the store (within one batch). */
  void countOutOfOrder() {
    outOfOrder.increment();
  }

  public long outOfOrder() {
    return outOfOrder.sum();
  }

  /**
   * The timestamp of the oldest exemplar held, in seconds, as Prometheus's
   * {@code last_exemplars_timestamp_seconds} reports it: how far back the ring reaches. 0 when
   * empty.
   */
  public synchronized double oldestTimestampSeconds() {
    if (stored == 0) {
      return 0;
    }
    // Full: the write position holds the oldest; not yet full: slot 0 does.
    int s = owner[nextSlot] != null ? nextSlot : 0;
    return times[s] / 1000.0;
  }

  /** For tests: the ring's slots in write order, oldest first. */
  synchronized List<Exemplar> all() {
    List<Exemplar> out = new ArrayList<>();
    int cap = next.length;
    for (int i = 0; i < cap; i++) {
      int s = (nextSlot + i) % cap;
      if (owner[s] != null) {
        out.add(new Exemplar(labels[s], values[s], times[s]));
      }
    }
    return out;
  }
}
