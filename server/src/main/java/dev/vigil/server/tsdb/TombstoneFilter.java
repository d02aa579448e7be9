package dev.vigil.server.tsdb;

import dev.vigil.server.model.Labels;
import dev.vigil.server.model.Matcher;
import dev.vigil.server.storage.Querier;
import dev.vigil.server.storage.SampleIterator;
import dev.vigil.server.storage.SeriesSet;
import dev.vigil.server.tsdb.block.Intervals;
import java.util.Map;

/**
 * Hides the head's deleted samples from a head querier: the head keeps every sample until its
 * range is cut into a block (where the deletion is applied for good), so queries filter them out
 * here, by the series' labels. A series left with no sample in range is skipped altogether.
 */
final class TombstoneFilter implements Querier {
  private final Querier in;
  private final Map<Labels, Intervals> deleted;

  /** @param deleted a snapshot: the caller must not change it while this querier is in use */
  TombstoneFilter(Querier in, Map<Labels, Intervals> deleted) {
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

  @Override
  public void close() {
    in.close();
  }
}
