package dev.vigil.server.tsdb;

/**
 * An open-addressing table of series keyed by something each series carries (its id, its
 * labels): the slot mechanics both head tables share. Subclasses give a series' home slot and
 * their own lock-free probe; writers hold this object's lock.
 */
abstract class SeriesTable {
  static final int MIN_CAPACITY = 16;

  /** Replaced whole on resize, so a lock-free reader always probes one consistent array. */
  MemSeries[] table = new MemSeries[MIN_CAPACITY];
  int size;

  /** The slot {@code s} hashes to in a table of {@code mask + 1} slots. */
  abstract int home(MemSeries s, int mask);

  /** Removes {@code s} if it is the series held under its key. */
  final synchronized void remove(MemSeries s) {
    MemSeries[] t = table;
    int mask = t.length - 1;
    int i = home(s, mask);
    while (t[i] != null && t[i] != s) {
      i = (i + 1) & mask;
    }
    if (t[i] == null) {
      return;
    }
    // Backward-shift deletion keeps every probe chain unbroken without tombstones. Each store
    // leaves the moved series findable in one of the two slots at all times but for an instant;
    // a lock-free reader that misses it then retries under the lock.
    int hole = i;
    for (int j = (hole + 1) & mask; t[j] != null; j = (j + 1) & mask) {
      // Movable when its home slot is not after the hole (cyclically) on its way to j.
      if (((j - home(t[j], mask)) & mask) >= ((j - hole) & mask)) {
        t[hole] = t[j];
        hole = j;
      }
    }
    t[hole] = null;
    size--;
    if (t.length > MIN_CAPACITY && size * 8L < t.length) {
      resize(t.length / 2);
    }
  }

  final synchronized int size() {
    return size;
  }

  /** Slots in the table, for the memory estimate. */
  final synchronized int capacity() {
    return table.length;
  }

  /** Makes room for one more series, at most 3/4 full. Caller holds the lock. */
  final void growForOneMore() {
    if ((size + 1) * 4L > table.length * 3L) {
      resize(table.length * 2);
    }
  }

  /** Puts {@code s} in the first free slot from its home. Caller holds the lock. */
  final void insert(MemSeries[] t, MemSeries s) {
    int mask = t.length - 1;
    int i = home(s, mask);
    while (t[i] != null) {
      i = (i + 1) & mask;
    }
    t[i] = s;
  }

  private void resize(int capacity) {
    MemSeries[] next = new MemSeries[capacity];
    for (MemSeries s : table) {
      if (s != null) {
        insert(next, s);
      }
    }
    table = next;
  }
}
