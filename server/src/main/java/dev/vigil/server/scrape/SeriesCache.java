package dev.vigil.server.scrape;

import dev.vigil.server.model.Labels;
import dev.vigil.server.scrape.parse.StringCache;
import java.util.Arrays;

/**
 * One target's scrape cache, as Prometheus keeps it: the raw series text of a line (metric name
 * through closing brace, as the target wrote it) maps to the storage ref and the final labels
 * (target labels joined, metric relabelling applied), or to "dropped" when relabelling dropped
 * it. A line seen before then costs one hash and one byte comparison: no strings, no labels, no
 * relabelling.
 *
 * <p>Bounded: entries not seen for {@link #KEEP_SCRAPES} scrapes are removed after each scrape,
 * so it holds at most what the target exposed in its last few scrapes (which the body size and
 * sample limits bound). Open addressing over primitive arrays, so a lookup allocates nothing.
 * Not thread-safe: one per scrape loop.
 */
final class SeriesCache {
  /** A series missing for this many scrapes in a row is forgotten. */
  static final int KEEP_SCRAPES = 3;
  private static final int MIN_CAPACITY = 16;

  /** Entry index + 1 per slot, 0 for an empty slot; at most half full. */
  private int[] table = new int[2 * MIN_CAPACITY];
  private long[] hashes = new long[MIN_CAPACITY];
  private byte[][] keys = new byte[MIN_CAPACITY][];
  private long[] refs = new long[MIN_CAPACITY];
  /** Null when metric relabelling dropped the series. */
  private Labels[] labels = new Labels[MIN_CAPACITY];
  private int[] lastSeen = new int[MIN_CAPACITY];
  private int size;
  private int scrape;
  /** Hash of the last {@link #find} miss, so {@link #add} need not hash the text again. */
  private long missHash;

  /** The entry for {@code buf[from, to)}, marked seen in this scrape, or -1 if there is none. */
  int find(byte[] buf, int from, int to) {
    long h = hash(buf, from, to);
    int mask = table.length - 1;
    for (int slot = (int) h & mask; ; slot = (slot + 1) & mask) {
      int e = table[slot] - 1;
      if (e < 0) {
        missHash = h;
        return -1;
      }
      if (hashes[e] == h && Arrays.equals(keys[e], 0, keys[e].length, buf, from, to)) {
        lastSeen[e] = scrape;
        return e;
      }
    }
  }

  /**
   * Adds the text the last {@link #find} missed.
   *
   * @param labels the final labels, or null for a series relabelling drops
   */
  void add(byte[] buf, int from, int to, long ref, Labels labels) {
    if (size == refs.length) {
      grow(size * 2);
    }
    int e = size++;
    hashes[e] = missHash;
    keys[e] = Arrays.copyOfRange(buf, from, to);
    refs[e] = ref;
    this.labels[e] = labels;
    lastSeen[e] = scrape;
    insert(e);
  }

  long ref(int entry) {
    return refs[entry];
  }

  void setRef(int entry, long ref) {
    refs[entry] = ref;
  }

  /** The entry's final labels, or null if relabelling drops it. */
  Labels labels(int entry) {
    return labels[entry];
  }

  int size() {
    return size;
  }

  /** Ends a scrape (good or failed): forgets the entries not seen for a while. */
  void endScrape() {
    int oldest = scrape - KEEP_SCRAPES + 1;
    int kept = 0;
    for (int e = 0; e < size; e++) {
      if (lastSeen[e] - oldest >= 0) { // overflow-safe: iterations wrap after 2^31 scrapes
        if (kept != e) {
          hashes[kept] = hashes[e];
          keys[kept] = keys[e];
          refs[kept] = refs[e];
          labels[kept] = labels[e];
          lastSeen[kept] = lastSeen[e];
        }
        kept++;
      }
    }
    scrape++;
    if (kept == size) {
      return;
    }
    Arrays.fill(keys, kept, size, null);
    Arrays.fill(labels, kept, size, null);
    size = kept;
    // A target that shrank a lot gives its memory back; otherwise keep the arrays for reuse.
    int capacity = Math.max(MIN_CAPACITY, Integer.highestOneBit(Math.max(1, size)) * 2);
    if (capacity * 4 <= refs.length) {
      grow(capacity);
    } else {
      rehash(table.length);
    }
  }

  private void grow(int capacity) {
    hashes = Arrays.copyOf(hashes, capacity);
    keys = Arrays.copyOf(keys, capacity);
    refs = Arrays.copyOf(refs, capacity);
    labels = Arrays.copyOf(labels, capacity);
    lastSeen = Arrays.copyOf(lastSeen, capacity);
    rehash(2 * capacity);
  }

  private void rehash(int slots) {
    if (table.length != slots) {
      table = new int[slots];
    } else {
      Arrays.fill(table, 0);
    }
    for (int e = 0; e < size; e++) {
      insert(e);
    }
  }

  private void insert(int e) {
    int mask = table.length - 1;
    int slot = (int) hashes[e] & mask;
    while (table[slot] != 0) {
      slot = (slot + 1) & mask;
    }
    table[slot] = e + 1;
  }

  /** StringCache's hash with a full final mix, since the low bits pick the slot. */
  private static long hash(byte[] buf, int from, int to) {
    long h = StringCache.hash64(buf, from, to);
    h = (h ^ (h >>> 33)) * 0xff51afd7ed558ccdL;
    h = (h ^ (h >>> 33)) * 0xc4ceb9fe1a85ec53L;
    return h ^ (h >>> 33);
  }
}
