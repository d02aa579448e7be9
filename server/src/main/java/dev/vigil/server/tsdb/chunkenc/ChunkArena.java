package dev.vigil.server.tsdb.chunkenc;

import java.util.Arrays;

/**
 * Buffers for the head's open chunks, cut as fixed-size slots from large shared pages.
 *
 * <p>Why: an open chunk grows a few bytes per scrape for minutes. As plain arrays, each growth
 * step leaves the old array behind, and those arrays have lived long enough to reach the old
 * generation; in a head of a million series that garbage is most of the heap. Here a growing
 * chunk moves to a slot of the next size class and its old slot is reused by the next chunk that
 * grows into that class, so a move allocates nothing. A page whose slots are all free is
 * let go, so memory follows the open chunks as they move up through the classes.
 *
 * <p>Slots are handed out by {@link #allocate} and returned by {@link #free}; a slot belongs to
 * one chunk in between, and that chunk's owner synchronises access to its bytes. The arena itself
 * is thread-safe (one lock per size class; slots change class a handful of times per chunk).
 */
public final class ChunkArena {
  /**
   * Slot sizes, a quarter to an eighth apart: a move to the next class copies a few dozen bytes
   * and leaves nothing behind, so fine steps cost little and keep the spare room small.
   */
  static final int[] SIZES = {32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320, 384,
      448, 512, 640, 768, 896, 1024, 1280, 1536, 1792, 2048};
  /**
   * The largest page: many slots, and below G1's humongous size so a page is an ordinary array.
   * A class's pages start small and grow with it, so a head of a few series holds a few KiB.
   */
  static final int PAGE_BYTES = 128 * 1024;
  private static final int FIRST_PAGE_BYTES = 4 * 1024;
  static final long NONE = -1;
  private static final int SLOT_BITS = 16;
  private static final int PAGE_BITS = 40;

  /** Most full-size empty pages kept for reuse; beyond it they are let go. */
  static final int MAX_SPARE_PAGES = 64;

  private final SizeClass[] classes = new SizeClass[SIZES.length];
  /**
   * Empty full-size pages (all zero), handed to whichever class needs one next. Chunks grow in
   * step (a scrape appends to all of them), so a class empties as the next one fills: passing
   * pages along instead of dropping them leaves no garbage behind the first chunks' growth.
   */
  private final byte[][] spare = new byte[MAX_SPARE_PAGES][];
  private int spareCount;
  private long fullPagesMade;

  public ChunkArena() {
    for (int i = 0; i < SIZES.length; i++) {
      classes[i] = new SizeClass(SIZES[i], this);
    }
  }

  /** An all-zero page of {@link #PAGE_BYTES}, reused when one is spare. */
  synchronized byte[] takePage() {
    if (spareCount > 0) {
      return spare[--spareCount];
    }
    fullPagesMade++;
    return new byte[PAGE_BYTES];
  }

  /** Full-size pages allocated so far (not counting reuse). */
  synchronized long fullPagesMade() {
    return fullPagesMade;
  }

  /** Takes back an all-zero full-size page; drops it when enough are spare. */
  synchronized void givePage(byte[] page) {
    if (spareCount < MAX_SPARE_PAGES) {
      spare[spareCount++] = page;
    }
  }

  /** Bytes of spare pages held. */
  synchronized long spareBytes() {
    return (long) spareCount * PAGE_BYTES;
  }

  /** The largest slot; bigger buffers are plain arrays. */
  public static int maxSlotBytes() {
    return SIZES[SIZES.length - 1];
  }

  /**
   * A zeroed slot of at least {@code minBytes} bytes, as a handle for {@link #page},
   * {@link #offset}, {@link #capacity} and {@link #free}; {@link #NONE} when it is larger than
   * any slot.
   */
  public long allocate(int minBytes) {
    for (int c = 0; c < SIZES.length; c++) {
      if (SIZES[c] >= minBytes) {
        return classes[c].allocate(c);
      }
    }
    return NONE;
  }

  /** Gives a slot back; its bytes may be handed to another chunk at once. */
  public void free(long handle) {
    classes[classOf(handle)].free(pageOf(handle), slotOf(handle));
  }

  /** The page array that holds the slot; stays valid while the slot is allocated. */
  public byte[] page(long handle) {
    return classes[classOf(handle)].page(pageOf(handle));
  }

  /** Where the slot starts in its page. */
  public static int offset(long handle) {
    return slotOf(handle) * SIZES[classOf(handle)];
  }

  public static int capacity(long handle) {
    return SIZES[classOf(handle)];
  }

  /** Bytes of pages held, slots in use or not, spare pages included. */
  public long reservedBytes() {
    long n = spareBytes();
    for (SizeClass c : classes) {
      n += c.reservedBytes();
    }
    return n;
  }

  /** Bytes of slots in use. */
  public long usedBytes() {
    long n = 0;
    for (SizeClass c : classes) {
      n += c.usedBytes();
    }
    return n;
  }

  private static int classOf(long handle) {
    return (int) (handle >>> (PAGE_BITS + SLOT_BITS));
  }

  private static int pageOf(long handle) {
    return (int) ((handle >>> SLOT_BITS) & ((1L << PAGE_BITS) - 1));
  }

  private static int slotOf(long handle) {
    return (int) (handle & ((1 << SLOT_BITS) - 1));
  }

  /**
   * The pages of one slot size. Each page has a bitmap of used slots and a count; pages with a
   * free slot are found through a stack that may hold stale entries (pages that filled up again
   * or were let go), which are skipped when popped.
   */
  private static final class SizeClass {
    private final int size;
    private final ChunkArena arena;
    private byte[][] pages = new byte[4][];
    /** Slots in each page. */
    private int[] slots = new int[4];
    private long reservedSlots;
    private long[][] used = new long[4][];
    private int[] live = new int[4];
    /** Indexes into {@code pages} of let-go pages, for reuse. */
    private int[] emptyIndexes = new int[4];
    private int emptyCount;
    private int pageCount;
    private int[] withRoom = new int[16];
    private int withRoomCount;
    /** The page slots come from until it is full. */
    private int current = -1;
    private long usedSlots;

    SizeClass(int size, ChunkArena arena) {
      this.size = size;
      this.arena = arena;
    }

    synchronized long allocate(int classIndex) {
      int p = current >= 0 && live[current] < slots[current] ? current : pageWithRoom();
      current = p;
      long[] bits = used[p];
      for (int w = 0; w < bits.length; w++) {
        if (bits[w] != -1L) {
          int slot = w * 64 + Long.numberOfTrailingZeros(~bits[w]);
          bits[w] |= 1L << slot;
          live[p]++;
          usedSlots++;
          return ((long) classIndex << (PAGE_BITS + SLOT_BITS)) | ((long) p << SLOT_BITS) | slot;
        }
      }
      throw new IllegalStateException("page " + p + " of the " + size + "-byte class has no room");
    }

    private int pageWithRoom() {
      while (withRoomCount > 0) {
        int p = withRoom[--withRoomCount];
        if (pages[p] != null && live[p] < slots[p]) {
          return p;
        }
      }
      return newPage();
    }

    private int newPage() {
      int p;
      if (emptyCount > 0) {
        p = emptyIndexes[--emptyCount];
      } else {
        if (pageCount == pages.length) {
          int n = pages.length * 2;
          pages = Arrays.copyOf(pages, n);
          used = Arrays.copyOf(used, n);
          live = Arrays.copyOf(live, n);
          slots = Arrays.copyOf(slots, n);
        }
        p = pageCount++;
      }
      // A quarter of what the class holds already: pages grow with the class, up to the largest.
      long bytes = Math.min(PAGE_BYTES, Math.max(FIRST_PAGE_BYTES, reservedSlots * size / 4));
      int n = (int) Math.max(1, bytes / size);
      // Full-size pages are all the same length, whatever the class, so they can move between classes.
      pages[p] = bytes == PAGE_BYTES ? arena.takePage() : new byte[n * size];
      slots[p] = n;
      reservedSlots += n;
      long[] bits = new long[(n + 63) / 64];
      // Slots past the page's last one are marked used so they are never handed out.
      for (int s = n; s < bits.length * 64; s++) {
        bits[s >>> 6] |= 1L << s;
      }
      used[p] = bits;
      live[p] = 0;
      return p;
    }

    synchronized void free(int p, int slot) {
      long[] bits = used[p];
      long bit = 1L << slot;
      if (bits == null || (bits[slot >>> 6] & bit) == 0) {
        throw new IllegalStateException(
            "slot " + slot + " of page " + p + " in the " + size + "-byte class is not in use");
      }
      bits[slot >>> 6] &= ~bit;
      usedSlots--;
      byte[] page = pages[p];
      Arrays.fill(page, slot * size, slot * size + size, (byte) 0);
      if (--live[p] == 0 && p != current) {
        reservedSlots -= slots[p];
        if (page.length == PAGE_BYTES) {
          arena.givePage(page);
        }
        pages[p] = null;
        used[p] = null;
        if (emptyCount == emptyIndexes.length) {
          emptyIndexes = Arrays.copyOf(emptyIndexes, emptyCount * 2);
        }
        emptyIndexes[emptyCount++] = p;
        return;
      }
      if (live[p] == slots[p] - 1 && p != current) {
        if (withRoomCount == withRoom.length) {
          compactWithRoom();
        }
        withRoom[withRoomCount++] = p;
      }
    }

    /** Drops stale entries; grows the stack only when every entry is live. */
    private void compactWithRoom() {
      int n = 0;
      for (int i = 0; i < withRoomCount; i++) {
        int p = withRoom[i];
        if (pages[p] != null && live[p] < slots[p]) {
          withRoom[n++] = p;
        }
      }
      withRoomCount = n;
      if (n == withRoom.length) {
        withRoom = Arrays.copyOf(withRoom, n * 2);
      }
    }

    synchronized byte[] page(int p) {
      return pages[p];
    }

    synchronized long reservedBytes() {
      return reservedSlots * size;
    }

    synchronized long usedBytes() {
      return usedSlots * size;
    }
  }
}
