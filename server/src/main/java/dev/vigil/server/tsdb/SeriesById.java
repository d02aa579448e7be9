package dev.vigil.server.tsdb;

/**
 * The head's series by id: an open-addressing table of the series themselves (a series carries
 * its id), about 6 bytes per series instead of a map node and a boxed key (about 50), and a
 * lookup that neither locks nor allocates on the append path.
 *
 * <p>Writers take this object's lock. Readers first probe without it: a slot is trusted only
 * when the series in it has the id asked for (ids are final fields, so a racy read sees them
 * right), which makes a racing writer cost at most a miss; a miss is confirmed under the lock,
 * so {@link #get} never reports a present series as absent.
 */
final class SeriesById {
  private static final int MIN_CAPACITY = 16;

  private MemSeries[] table = new MemSeries[MIN_CAPACITY];
  private int size;

  /** The series with {@code id}, or null. */
  MemSeries get(int id) {
    MemSeries s = probe(table, id);
    if (s != null) {
      return s;
    }
    synchronized (this) {
      return probe(table, id);
    }
  }

  private static MemSeries probe(MemSeries[] t, int id) {
    int mask = t.length - 1;
    for (int i = slot(id, mask), n = 0; n < t.length; i = (i + 1) & mask, n++) {
      MemSeries s = t[i];
      if (s == null) {
        return null;
      }
      if (s.id == id) {
        return s;
      }
    }
    return null;
  }

  synchronized void put(MemSeries s) {
    if ((size + 1) * 4L > table.length * 3L) {
      resize(table.length * 2);
    }
    if (insert(table, s)) {
      size++;
    }
  }

  /** Removes {@code s} if it is the series held under its id. */
  synchronized void remove(MemSeries s) {
    MemSeries[] t = table;
    int mask = t.length - 1;
    int i = slot(s.id, mask);
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
      if (((j - slot(t[j].id, mask)) & mask) >= ((j - hole) & mask)) {
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

  synchronized int size() {
    return size;
  }

  /** Slots in the table, for the memory estimate. */
  synchronized int capacity() {
    return table.length;
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

  private static boolean insert(MemSeries[] t, MemSeries s) {
    int mask = t.length - 1;
    int i = slot(s.id, mask);
    while (t[i] != null) {
      if (t[i].id == s.id) {
        t[i] = s;
        return false;
      }
      i = (i + 1) & mask;
    }
    t[i] = s;
    return true;
  }

  private static int slot(int id, int mask) {
    // Ids are handed out in sequence, and appenders walk series in about that order: a run of
    // ids shorter than the table maps to a run of slots (no collisions, and walks stay in cache
    // lines, which a scattering hash loses: appends took twice as long with one). Each such
    // epoch of ids is rotated by a hash of its number, so ids that differ by a multiple of the
    // table size do not pile up in one cluster.
    int epoch = id >>> Integer.bitCount(mask);
    return (id + epoch * 0x9E3779B9) & mask;
  }
}
