package dev.vigil.server.tsdb.block;

import dev.vigil.server.storage.SampleIterator;

/**
 * Samples of one series within [mint, maxt] from chunks read one at a time, when the iteration
 * reaches them; seeking skips chunks by their index times without reading them.
 */
final class BlockSampleIterator implements SampleIterator {
  private final ChunkReader chunks;
  /** (mint, maxt, ref) per chunk, all overlapping the range. */
  private final long[] meta;
  private final long mint;
  private final long maxt;
  private int next;
  private SampleIterator cur;
  /** Recycled between chunks so a long series costs one decoder. */
  private SampleIterator spare;

  BlockSampleIterator(ChunkReader chunks, long[] meta, long mint, long maxt) {
    this.chunks = chunks;
    this.meta = meta;
    this.mint = mint;
    this.maxt = maxt;
  }

  private boolean open(long t) {
    while (next < meta.length) {
      long chunkMax = meta[next + 1];
      long ref = meta[next + 2];
      next += 3;
      if (chunkMax < t) {
        continue;
      }
      cur = chunks.read(ref).iterator(spare);
      spare = cur;
      if (cur.seek(t)) {
        return inRange();
      }
    }
    cur = null;
    return false;
  }

  private boolean inRange() {
    if (cur.atT() > maxt) {
      next = meta.length;
      cur = null;
      return false;
    }
    return true;
  }

  @Override
  public boolean next() {
    if (cur == null) {
      return next == 0 && open(mint);
    }
    if (cur.next()) {
      return inRange();
    }
    return open(mint);
  }

  @Override
  public boolean seek(long t) {
    if (cur != null && cur.atT() >= t) {
      return true;
    }
    if (cur == null && next >= meta.length) {
      return false;
    }
    long target = Math.max(t, mint);
    if (cur != null && cur.seek(target)) {
      return inRange();
    }
    return open(target);
  }

  @Override
  public long atT() {
    return cur.atT();
  }

  @Override
  public double atV() {
    return cur.atV();
  }
}
