package dev.vigil.server.tsdb;

import dev.vigil.server.model.Labels;
import dev.vigil.server.model.Matcher;
import dev.vigil.server.storage.Querier;
import dev.vigil.server.storage.SampleIterator;
import dev.vigil.server.storage.SeriesSet;
import dev.vigil.server.tsdb.block.BlockSource;
import dev.vigil.server.tsdb.block.Intervals;
import dev.vigil.server.tsdb.chunkenc.Chunk;
import dev.vigil.server.tsdb.wal.Wal;
import dev.vigil.server.tsdb.wal.WalBatch;
import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.roaringbitmap.IntIterator;

/**
 * The head's deleted ranges, by series labels. The head keeps every sample until its range is
 * cut into a block, so deletions are logged to the WAL (replayed on open, carried by
 * checkpoints for live series), hidden from queries here, and applied for good when the head is
 * cut ({@link #apply}), after which the ranges before the cut are forgotten.
 *
 * <p>Threads: the map is replaced whole on each change, so readers take a snapshot without
 * locks; changes ({@link #delete}, {@link #forgetBefore}, {@link #replayed}) must be serialised
 * by the caller (the Tsdb's cut lock).
 */
final class HeadTombstones {
  private volatile Map<Labels, Intervals> ranges = Map.of();
  private final WalBatch batch = new WalBatch(256);

  Map<Labels, Intervals> snapshot() {
    return ranges;
  }

  /** Sets the ranges read back from the WAL, before the database is in use. */
  void replayed(Map<Labels, Intervals> read) {
    ranges = Map.copyOf(read);
  }

  /**
   * Deletes {@code [mint, maxt]} in the head series matching {@code matchers}, clipped to each
   * series' samples: the WAL gets the tombstones first, then queries stop seeing the samples.
   * Clipping to the newest sample also keeps the deletion from hiding samples appended later
   * (appends are in order), and a commit racing with it is either older (and deleted in memory
   * and on replay alike) or newer (deleted in neither). Returns the number of series touched.
   */
  int delete(Head head, Wal wal, long mint, long maxt, Matcher... matchers) throws IOException {
    Map<Labels, Intervals> next = new HashMap<>(ranges);
    batch.reset();
    int touched = 0;
    for (IntIterator it = head.postings().select(matchers).getIntIterator(); it.hasNext(); ) {
      MemSeries s = head.byId(it.next());
      if (s == null) {
        continue;
      }
      long lo = Math.max(mint, s.minTime());
      long hi = Math.min(maxt, s.maxTime());
      Intervals had = next.get(s.labels);
      if (lo > hi || (had != null && had.covers(lo, hi))) {
        continue;
      }
      batch.tombstone(s.id, lo, hi);
      next.put(s.labels, had == null ? Intervals.of(lo, hi) : had.add(lo, hi));
      touched++;
    }
    if (touched > 0) {
      wal.log(batch);
      ranges = Map.copyOf(next);
    }
    return touched;
  }

  /** Forgets ranges that end before {@code t}: the head no longer has data there. */
  void forgetBefore(long t) {
    Map<Labels, Intervals> next = new HashMap<>();
    for (Map.Entry<Labels, Intervals> e : ranges.entrySet()) {
      Intervals kept = e.getValue().from(t);
      if (!kept.isEmpty()) {
        next.put(e.getKey(), kept);
      }
    }
    ranges = Map.copyOf(next);
  }

  /** The head's chunks for a block, deleted samples left out, so the block never holds them. */
  BlockSource apply(BlockSource in) {
    Map<Labels, Intervals> deleted = ranges;
    if (deleted.isEmpty()) {
      return in;
    }
    return new BlockSource() {
      private List<Chunk> chunks;

      @Override
      public boolean next() {
        if (!in.next()) {
          return false;
        }
        Intervals del = deleted.get(in.labels());
        chunks = del == null ? in.chunks() : del.apply(in.chunks());
        return true;
      }

      @Override
      public Labels labels() {
        return in.labels();
      }

      @Override
      public List<Chunk> chunks() {
        return chunks;
      }
    };
  }

  /** {@code in} (a head querier) without the deleted samples, as of now. */
  Querier filter(Querier in) {
    Map<Labels, Intervals> deleted = ranges;
    return deleted.isEmpty() ? in : new Filter(in, deleted);
  }

  /** Skips deleted samples, and series left with no sample in the range. */
  private static final class Filter implements Querier {
    private final Querier in;
    private final Map<Labels, Intervals> deleted;

    Filter(Querier in, Map<Labels, Intervals> deleted) {
      this.in = in;
      this.deleted = deleted;
    }

    @Override
    public SeriesSet select(boolean sorted, Matcher... matchers) {
      SeriesSet set = in.select(sorted, matchers);
      return new SeriesSet() {
        private Intervals del;

        @Override
        public boolean next() {
          while (set.next()) {
            del = deleted.get(set.labels());
            // Only a series with deletions costs a look at its first remaining sample.
            if (del == null || del.filter(set.iterator()).next()) {
              return true;
            }
          }
          return false;
        }

        @Override
        public Labels labels() {
          return set.labels();
        }

        @Override
        public SampleIterator iterator() {
          SampleIterator it = set.iterator();
          return del == null ? it : del.filter(it);
        }
      };
    }

    // Names and values come from the index, which deletions do not change (as in blocks).
    @Override
    public List<String> labelNames(Matcher... matchers) {
      return in.labelNames(matchers);
    }

    @Override
    public List<String> labelValues(String name, Matcher... matchers) {
      return in.labelValues(name, matchers);
    }

    @Override
    public void close() {
      in.close();
    }
  }
}
