package dev.vigil.server.scrape;

import java.util.Arrays;

/** A set of non-zero series refs: open addressing over a long[], so adding allocates nothing. */
final class RefSet {
  private long[] slots = new long[32];
  private int size;

  /** Adds {@code ref} (not 0); false if it was there already. */
  boolean add(long ref) {
    if (2 * (size + 1) > slots.length) {
      long[] old = slots;
      slots = new long[old.length * 2];
      for (long r : old) {
        if (r != 0) {
          slots[probe(r)] = r;
        }
      }
    }
    int slot = probe(ref);
    if (slots[slot] == ref) {
      return false;
    }
    slots[slot] = ref;
    size++;
    return true;
  }

  boolean contains(long ref) {
    return slots[probe(ref)] == ref;
  }

  int size() {
    return size;
  }

  /** Empties the set; a set that held far more than {@code expected} shrinks. */
  void clear(int expected) {
    int want = Math.max(32, Integer.highestOneBit(Math.max(1, expected)) * 4);
    if (slots.length > 4 * want) {
      slots = new long[want];
    } else {
      Arrays.fill(slots, 0);
    }
    size = 0;
  }

  /** The slot holding {@code ref}, or the empty slot where it would go. */
  private int probe(long ref) {
    int mask = slots.length - 1;
    long h = ref * 0x9E3779B97F4A7C15L;
    int slot = (int) (h ^ (h >>> 32)) & mask;
    while (slots[slot] != 0 && slots[slot] != ref) {
      slot = (slot + 1) & mask;
    }
    return slot;
  }
}
