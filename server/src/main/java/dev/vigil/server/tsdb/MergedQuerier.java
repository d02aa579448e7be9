package dev.vigil.server.tsdb;

import dev.vigil.server.model.Labels;
import dev.vigil.server.model.Matcher;
import dev.vigil.server.storage.Querier;
import dev.vigil.server.storage.SampleIterator;
import dev.vigil.server.storage.SeriesSet;
import dev.vigil.server.tsdb.block.MergingIterator;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads blocks and the head as one: series with the same labels in several parts become one
 * series whose samples are merged in time order, so parts that overlap (a backfilled block, or a
 * compacted block and its sources listed together for a moment during the swap) give each
 * sample once. Parts are given oldest first; on equal timestamps the older part wins. Nothing is
 * materialised beyond each part's current series.
 */
final class MergedQuerier implements Querier {
  private final List<Querier> parts;

  MergedQuerier(List<Querier> parts) {
    this.parts = parts;
  }

  @Override
  public SeriesSet select(boolean sorted, Matcher... matchers) {
    List<SeriesSet> sets = new ArrayList<>(parts.size());
    for (Querier q : parts) {
      // Merging needs every part in label order, whatever the caller asked for.
      sets.add(q.select(true, matchers));
    }
    return sets.size() == 1 ? sets.get(0) : new MergedSet(sets);
  }

  @Override
  public List<String> labelNames(Matcher... matchers) {
    List<String> out = new ArrayList<>();
    for (Querier q : parts) {
      out = union(out, q.labelNames(matchers));
    }
    return out;
  }

  @Override
  public List<String> labelValues(String name, Matcher... matchers) {
    List<String> out = new ArrayList<>();
    for (Querier q : parts) {
      out = union(out, q.labelValues(name, matchers));
    }
    return out;
  }

  /** Two sorted lists without duplicates merged into one. */
  static List<String> union(List<String> a, List<String> b) {
    if (a.isEmpty()) {
      return b;
    }
    if (b.isEmpty()) {
      return a;
    }
    List<String> out = new ArrayList<>(a.size() + b.size());
    int i = 0;
    int j = 0;
    while (i < a.size() && j < b.size()) {
      int c = a.get(i).compareTo(b.get(j));
      if (c <= 0) {
        out.add(a.get(i++));
        if (c == 0) {
          j++;
        }
      } else {
        out.add(b.get(j++));
      }
    }
    out.addAll(a.subList(i, a.size()));
    out.addAll(b.subList(j, b.size()));
    return out;
  }

  @Override
  public void close() {
    for (Querier q : parts) {
      q.close();
    }
  }

  private static final class MergedSet implements SeriesSet {
    private final List<SeriesSet> sets;
    /** Per part: whether it stands on an unconsumed series. */
    private final boolean[] ready;
    private final boolean[] done;
    private final boolean[] current;
    private Labels labels;

    MergedSet(List<SeriesSet> sets) {
      this.sets = sets;
      ready = new boolean[sets.size()];
      done = new boolean[sets.size()];
      current = new boolean[sets.size()];
    }

    @Override
    public boolean next() {
      for (int i = 0; i < sets.size(); i++) {
        if (current[i]) {
          ready[i] = false;
          current[i] = false;
        }
        if (!ready[i] && !done[i]) {
          if (sets.get(i).next()) {
            ready[i] = true;
          } else {
            done[i] = true;
          }
        }
      }
      labels = null;
      for (int i = 0; i < sets.size(); i++) {
        if (ready[i] && (labels == null || sets.get(i).labels().compareTo(labels) < 0)) {
          labels = sets.get(i).labels();
        }
      }
      if (labels == null) {
        return false;
      }
      for (int i = 0; i < sets.size(); i++) {
        current[i] = ready[i] && sets.get(i).labels().equals(labels);
      }
      return true;
    }

    @Override
    public Labels labels() {
      return labels;
    }

    @Override
    public SampleIterator iterator() {
      List<SampleIterator> its = new ArrayList<>();
      for (int i = 0; i < sets.size(); i++) {
        if (current[i]) {
          its.add(sets.get(i).iterator());
        }
      }
      return its.size() == 1 ? its.get(0) : new MergingIterator(its);
    }
  }
}
