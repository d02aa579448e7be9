package dev.vigil.client.core;

import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.Function;

/**
 * Label values → child, tuned for the hot lookup in {@code labelValues(...)}: an open-addressing
 * table read without locks and without allocating (no key object is built for a lookup, unlike a
 * {@code Map<List<String>, C>}). Inserts and removals are rare and take the lock.
 */
final class ChildMap<C> {
  private static final class Entry<C> {
    final String[] values;
    final int hash;
    final C child;

    Entry(String[] values, int hash, C child) {
      this.values = values;
      this.hash = hash;
      this.child = child;
    }
  }

  private volatile AtomicReferenceArray<Entry<C>> table = new AtomicReferenceArray<>(16);
  private int size;

  C get(String[] values) {
    int h = hash(values);
    AtomicReferenceArray<Entry<C>> tab = table;
    int mask = tab.length() - 1;
    for (int i = h & mask; ; i = (i + 1) & mask) {
      Entry<C> e = tab.get(i);
      if (e == null) {
        return null;
      }
      if (e.hash == h && sameValues(e.values, values)) {
        return e.child;
      }
    }
  }

  /**
   * Lookup by up to three values passed one by one (unused ones null), so that callers with few
   * labels need no array at all: a varargs array would be allocated on every call.
   */
  C get(int n, String a, String b, String c) {
    int h = 1;
    h = 31 * h + a.hashCode();
    if (n > 1) {
      h = 31 * h + b.hashCode();
    }
    if (n > 2) {
      h = 31 * h + c.hashCode();
    }
    h ^= h >>> 16;
    AtomicReferenceArray<Entry<C>> tab = table;
    int mask = tab.length() - 1;
    for (int i = h & mask; ; i = (i + 1) & mask) {
      Entry<C> e = tab.get(i);
      if (e == null) {
        return null;
      }
      String[] v = e.values;
      if (e.hash == h && v.length == n && v[0].equals(a) && (n < 2 || v[1].equals(b))
          && (n < 3 || v[2].equals(c))) {
        return e.child;
      }
    }
  }

  /** The child for these values, created by {@code factory} (with a private copy) if absent. */
  C computeIfAbsent(String[] values, Function<String[], C> factory) {
    C c = get(values);
    return c != null ? c : insert(values, factory);
  }

  private synchronized C insert(String[] values, Function<String[], C> factory) {
    C existing = get(values);
    if (existing != null) {
      return existing;
    }
    String[] copy = values.clone();
    Entry<C> e = new Entry<>(copy, hash(copy), factory.apply(copy));
    if ((size + 1) * 2 > table.length()) {
      AtomicReferenceArray<Entry<C>> bigger = new AtomicReferenceArray<>(table.length() * 2);
      AtomicReferenceArray<Entry<C>> old = table;
      for (int i = 0; i < old.length(); i++) {
        if (old.get(i) != null) {
          place(bigger, old.get(i));
        }
      }
      place(bigger, e);
      table = bigger;
    } else {
      place(table, e);
    }
    size++;
    return e.child;
  }

  private static <C> void place(AtomicReferenceArray<Entry<C>> tab, Entry<C> e) {
    int mask = tab.length() - 1;
    int i = e.hash & mask;
    while (tab.get(i) != null) {
      i = (i + 1) & mask;
    }
    tab.set(i, e);
  }

  /** Removes the child for these values; returns whether one was there. */
  synchronized boolean remove(String[] values) {
    if (get(values) == null) {
      return false;
    }
    // Deleting from open addressing breaks probe chains for concurrent readers, so rebuild.
    AtomicReferenceArray<Entry<C>> old = table;
    AtomicReferenceArray<Entry<C>> fresh = new AtomicReferenceArray<>(old.length());
    for (int i = 0; i < old.length(); i++) {
      Entry<C> e = old.get(i);
      if (e != null && !sameValues(e.values, values)) {
        place(fresh, e);
      }
    }
    table = fresh;
    size--;
    return true;
  }

  synchronized void clear() {
    table = new AtomicReferenceArray<>(16);
    size = 0;
  }

  /** Calls {@code visitor} with each (values, child); a consistent view of one table version. */
  void forEach(Visitor<C> visitor) {
    AtomicReferenceArray<Entry<C>> tab = table;
    for (int i = 0; i < tab.length(); i++) {
      Entry<C> e = tab.get(i);
      if (e != null) {
        visitor.visit(e.values, e.child);
      }
    }
  }

  interface Visitor<C> {
    void visit(String[] values, C child);
  }

  private static int hash(String[] values) {
    int h = 1;
    for (String v : values) {
      h = 31 * h + v.hashCode();
    }
    // Spread the bits: the table index uses the low bits only.
    return h ^ (h >>> 16);
  }

  private static boolean sameValues(String[] a, String[] b) {
    if (a.length != b.length) {
      return false;
    }
    for (int i = 0; i < a.length; i++) {
      if (!a[i].equals(b[i])) {
        return false;
      }
    }
    return true;
  }
}
