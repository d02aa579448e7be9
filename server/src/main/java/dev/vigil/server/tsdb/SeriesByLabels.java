package dev.vigil.server.tsdb;

import dev.vigil.server.model.Labels;
import java.util.Arrays;
import java.util.function.Function;

/**
 * The head's series by label set: an open-addressing table of the series themselves (a series
 * carries its labels), about 6 bytes per series where a map costs a 32-byte node and a slot.
 *
 * <p>Writers take this object's lock. {@link #get} probes without it first: a slot is trusted
 * only when the series in it has the labels asked for (labels are a final field, so a racy read
 * sees them right); a miss is confirmed under the lock, so a present series is never reported
 * absent. {@link #snapshot} copies the table under the lock: a consistent list to walk.
 */
final class SeriesByLabels extends SeriesTable {
  private static final MemSeries[] NONE = new MemSeries[0];

  /** The series with these labels, or null. */
  MemSeries get(Labels labels) {
    MemSeries s = probe(table, labels);
    if (s != null) {
      return s;
    }
    synchronized (this) {
      return probe(table, labels);
    }
  }

  private static MemSeries probe(MemSeries[] t, Labels labels) {
    int mask = t.length - 1;
    for (int i = slot(labels, mask), n = 0; n < t.length; i = (i + 1) & mask, n++) {
      MemSeries s = t[i];
      if (s == null) {
        return null;
      }
      if (s.labels.hashCode() == labels.hashCode() && s.labels.equals(labels)) {
        return s;
      }
    }
    return null;
  }

  /**
   * The series with these labels; when there is none, the one {@code create} makes is added.
   * {@code create} runs under this table's lock, so it runs at most once per label set.
   */
  synchronized MemSeries computeIfAbsent(Labels labels, Function<Labels, MemSeries> create) {
    MemSeries s = probe(table, labels);
    if (s != null) {
      return s;
    }
    s = create.apply(labels);
    growForOneMore();
    insert(table, s);
    size++;
    return s;
  }

  /** Every series now, in no particular order. */
  synchronized MemSeries[] snapshot() {
    if (size == 0) {
      return NONE;
    }
    MemSeries[] out = new MemSeries[size];
    int n = 0;
    for (MemSeries s : table) {
      if (s != null) {
        out[n++] = s;
      }
    }
    return n == out.length ? out : Arrays.copyOf(out, n);
  }

  /**
   * At most about {@code max} series, spread evenly over the table (the slot order is a hash
   * order, so this is an unbiased sample): enough for an estimate, without copying a million.
   */
  synchronized MemSeries[] sample(int max) {
    if (size <= max) {
      return snapshot();
    }
    MemSeries[] out = new MemSeries[max];
    int stride = table.length / max;
    int n = 0;
    for (int start = 0; start < table.length && n < max; start += stride) {
      for (int i = start; i < start + stride; i++) {
        if (table[i] != null) {
          out[n++] = table[i];
          break;
        }
      }
    }
    return n == out.length ? out : Arrays.copyOf(out, n);
  }

  @Override
  int home(MemSeries s, int mask) {
    return slot(s.labels, mask);
  }

  private static int slot(Labels labels, int mask) {
    int h = labels.hashCode() * 0x9E3779B9;
    return (h ^ (h >>> 16)) & mask;
  }
}
