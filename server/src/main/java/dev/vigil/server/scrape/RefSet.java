package dev.vigil.server.scrape;

import java.util.Arrays;

/**
 * A set of positive series refs. The storage hands refs out in order, and a target's series are
 * mostly created together, so its refs fall in a narrow range: those go in a bitmap over that
 * range, which stays small enough to live in the CPU cache (a hash table the size of the
 * target would miss it on every sample). Refs far outside the range go in a small open-address
 * table. Adding allocates nothing once the set has reached its size.
 */
final class RefSet {
  /** The bitmap may cover this many bits per ref held (or 64 Ki bits), no more. */
  private static final int BITS_PER_REF = 64;
  private static final int MIN_BITS = 1 << 16;
  /** Larger refs always go in the table, so bitmap bounds cannot overflow a long. */
  private static final long MAX_DENSE = 1L << 62;

  /** First ref of the bitmap, a multiple of 64; -1 until the first ref. */
  private long base = -1;
  private long[] bits = new long[0];
  private long[] sparse = new long[16];
  private int sparseSize;
  private int size;

  /** Adds {@code ref} (positive); false if it was there already. */
  boolean add(long ref) {
    if (ref <= 0) {
      throw new IllegalArgumentException("ref must be positive: " + ref);
    }
    long off = ref - base;
    if ((base < 0 || off < 0 || off >= 64L * bits.length) && !cover(ref)) {
      return addSparse(ref);
    }
    off = ref - base;
    int w = (int) (off >>> 6);
    long m = 1L << off;
    if ((bits[w] & m) != 0 || (sparseSize > 0 && sparseContains(ref))) {
      return false;
    }
    bits[w] |= m;
    size++;
    return true;
  }

  boolean contains(long ref) {
    long off = ref - base;
    if (base >= 0 && off >= 0 && off < 64L * bits.length
        && (bits[(int) (off >>> 6)] & (1L << off)) != 0) {
      return true;
    }
    return sparseSize > 0 && sparseContains(ref);
  }

  int size() {
    return size;
  }

  /** Empties the set, keeping its range (the next scrape's refs are likely the same). */
  void clear() {
    Arrays.fill(bits, 0);
    if (sparseSize > 0) {
      Arrays.fill(sparse, 0);
      sparseSize = 0;
    }
    size = 0;
  }

  /** Widens the bitmap to cover {@code ref} if that keeps it within bounds. */
  private boolean cover(long ref) {
    if (ref > MAX_DENSE) {
      return false;
    }
    if (base < 0) {
      base = ref & ~63L;
      bits = new long[MIN_BITS / 64];
      return true;
    }
    long end = base + 64L * bits.length;
    long limit = Math.max(MIN_BITS, (long) BITS_PER_REF * (size + 1));
    // The span the bitmap would need, minus one, computed so that no ref can overflow it.
    long last = ref < base ? end - 1 - (ref & ~63L) : (ref | 63L) - base;
    if (last >= limit) {
      return false;
    }
    long from = Math.min(base, ref & ~63L);
    long to = from + last + 1;
    // Room to grow on the side that grew, so a range creeping outwards is not copied each time.
    long words = Math.min((to - from) / 64 * 2, limit / 64);
    long[] wider = new long[(int) words];
    long newBase = ref < base ? Math.max(0, to - 64 * words) : from;
    System.arraycopy(bits, 0, wider, (int) ((base - newBase) >>> 6), bits.length);
    bits = wider;
    base = newBase;
    return true;
  }

  private boolean addSparse(long ref) {
    if (2 * (sparseSize + 1) > sparse.length) {
      long[] old = sparse;
      sparse = new long[old.length * 2];
      for (long r : old) {
        if (r != 0) {
          sparse[probe(r)] = r;
        }
      }
    }
    int slot = probe(ref);
    if (sparse[slot] == ref) {
      return false;
    }
    sparse[slot] = ref;
    sparseSize++;
    size++;
    return true;
  }

  private boolean sparseContains(long ref) {
    return sparse[probe(ref)] == ref;
  }

  /** The slot holding {@code ref}, or the empty slot where it would go. */
  private int probe(long ref) {
    int mask = sparse.length - 1;
    long h = ref * 0x9E3779B97F4A7C15L;
    int slot = (int) (h ^ (h >>> 32)) & mask;
    while (sparse[slot] != 0 && sparse[slot] != ref) {
      slot = (slot + 1) & mask;
    }
    return slot;
  }
}
