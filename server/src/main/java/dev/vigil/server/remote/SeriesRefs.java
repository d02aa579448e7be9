package dev.vigil.server.remote;

/**
 * The WAL reader's series by ref, each tagged with the WAL segment that last named it, so the
 * series a checkpoint no longer names (gone from the head) can be dropped and the map stays as
 * big as the head, not as big as every series ever seen. Open addressing over primitive arrays:
 * the lookup per sample is one probe in a long array, without a boxed key.
 */
final class SeriesRefs {
  private long[] keys = new long[1024];
  private SeriesEntry[] values = new SeriesEntry[1024];
  private int[] segments = new int[1024];
  private int size;

  int size() {
    return size;
  }

  SeriesEntry get(long ref) {
    int mask = keys.length - 1;
    for (int i = slot(ref, mask); values[i] != null; i = (i + 1) & mask) {
      if (keys[i] == ref) {
        return values[i];
      }
    }
    return null;
  }

  /** Adds or replaces the series {@code ref}, named in {@code segment}. */
  void put(long ref, SeriesEntry entry, int segment) {
    if (2 * (size + 1) > keys.length) {
      rebuild(keys.length * 2, Integer.MIN_VALUE);
    }
    int mask = keys.length - 1;
    int i = slot(ref, mask);
    while (values[i] != null && keys[i] != ref) {
      i = (i + 1) & mask;
    }
    if (values[i] == null) {
      size++;
    }
    keys[i] = ref;
    values[i] = entry;
    segments[i] = segment;
  }

  /** Tags a known series as named in {@code segment}; false when it is not known. */
  boolean mark(long ref, int segment) {
    int mask = keys.length - 1;
    for (int i = slot(ref, mask); values[i] != null; i = (i + 1) & mask) {
      if (keys[i] == ref) {
        segments[i] = Math.max(segments[i], segment);
        return true;
      }
    }
    return false;
  }

  /** Drops every series last named before {@code segment}; returns how many. */
  int dropNamedBefore(int segment) {
    int before = size;
    int cap = keys.length;
    while (cap > 1024 && 4 * before < cap) {
      cap /= 2; // shrink with the head
    }
    rebuild(cap, segment);
    return before - size;
  }

  private void rebuild(int capacity, int minSegment) {
    long[] k = keys;
    SeriesEntry[] v = values;
    int[] s = segments;
    keys = new long[capacity];
    values = new SeriesEntry[capacity];
    segments = new int[capacity];
    size = 0;
    int mask = capacity - 1;
    for (int j = 0; j < k.length; j++) {
      if (v[j] != null && s[j] >= minSegment) {
        int i = slot(k[j], mask);
        while (values[i] != null) {
          i = (i + 1) & mask;
        }
        keys[i] = k[j];
        values[i] = v[j];
        segments[i] = s[j];
        size++;
      }
    }
  }

  private static int slot(long ref, int mask) {
    long h = ref * 0x9E3779B97F4A7C15L;
    return (int) (h ^ (h >>> 32)) & mask;
  }
}
