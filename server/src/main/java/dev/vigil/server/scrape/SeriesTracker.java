package dev.vigil.server.scrape;

import dev.vigil.server.model.Labels;
import dev.vigil.server.model.StaleNaN;
import dev.vigil.server.storage.Appender;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;

/**
 * The series of a target's last committed scrape and of the one in progress, to write staleness
 * markers for the series that disappear and count the ones that appear. Series are told apart
 * by storage ref, so two lines that end up as the same series (relabelling, label order) count
 * once; a series an appender gave no ref for (0) is told apart by its labels instead.
 * Buffers are reused from scrape to scrape. Not thread-safe.
 */
final class SeriesTracker {
  private Scrape prev = new Scrape();
  private Scrape cur = new Scrape();

  /** Starts a scrape: forgets whatever an unfinished one had added. */
  void begin() {
    cur.clear(prev.n);
  }

  /** A series the current scrape appended to. */
  void add(long ref, Labels labels) {
    cur.add(ref, labels);
  }

  /**
   * Appends staleness markers at {@code t} for the last scrape's series that the current one
   * lacks, and returns how many of the current scrape's series the last one lacked. Call
   * {@link #promote()} once the batch is committed.
   */
  int appendStale(Appender app, long t) {
    for (int i = 0; i < prev.n; i++) {
      if (!cur.contains(prev.refs[i], prev.labels[i])) {
        app.append(prev.refs[i], prev.labels[i], t, StaleNaN.VALUE);
      }
    }
    int added = 0;
    for (int i = 0; i < cur.n; i++) {
      if (!prev.contains(cur.refs[i], cur.labels[i])) {
        added++;
      }
    }
    return added;
  }

  /** The current scrape was committed: it is the one to compare the next with. */
  void promote() {
    Scrape s = prev;
    prev = cur;
    cur = s;
    cur.clear(prev.n);
  }

  /** Appends staleness markers at {@code t} for every series of the last scrape, and forgets them. */
  void staleAll(Appender app, long t) {
    for (int i = 0; i < prev.n; i++) {
      app.append(prev.refs[i], prev.labels[i], t, StaleNaN.VALUE);
    }
    prev.clear(0);
    cur.clear(0);
  }

  private static final class Scrape {
    final RefSet refSet = new RefSet();
    /** Only for series without a ref; rare (the TSDB always gives one). */
    Set<Labels> refless;
    long[] refs = new long[16];
    Labels[] labels = new Labels[16];
    int n;

    void add(long ref, Labels l) {
      if (ref != 0 ? !refSet.add(ref) : !refless().add(l)) {
        return;
      }
      if (n == refs.length) {
        refs = Arrays.copyOf(refs, n * 2);
        labels = Arrays.copyOf(labels, n * 2);
      }
      refs[n] = ref;
      // Usually the same labels as two scrapes ago: skipping the store spares G1 a dirty card
      // in this long-lived array per series and scrape.
      if (labels[n] != l) {
        labels[n] = l;
      }
      n++;
    }

    boolean contains(long ref, Labels l) {
      return ref != 0 ? refSet.contains(ref) : refless != null && refless.contains(l);
    }

    private Set<Labels> refless() {
      if (refless == null) {
        refless = new HashSet<>();
      }
      return refless;
    }

    /**
     * Forgets the entries. Their labels stay referenced until overwritten (see {@link #add}), at
     * most as many as the largest recent scrape had: the head holds nearly all of them anyway.
     */
    void clear(int expected) {
      if (refs.length > 4 * Math.max(16, expected)) {
        refs = new long[Math.max(16, expected)];
        labels = new Labels[refs.length];
      }
      n = 0;
      refSet.clear();
      refless = null;
    }
  }
}
