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
final class SeriesById extends SeriesTable {

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
    MemSeries[] t = table;
    int mask = t.length - 1;
    for (int i = slot(s.id, mask); t[i] != null; i = (i + 1) & mask) {
      if (t[i].id == s.id) {
        t[i] = s;
        return;
      }
    }
    growForOneMore();
    insert(table, s);
    size++;
  }

  @Override
  int home(MemSeries s, int mask) {
    return slot(s.id, mask);
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
