package dev.vigil.server.tsdb.index;

import dev.vigil.server.model.Labels;
import dev.vigil.server.model.Matcher;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.IntFunction;
import org.roaringbitmap.RoaringBitmap;

/**
 * The inverted index of the head: for each label name and value, the ids of the series that
 * have it, as compressed bitmaps. Selection intersects one bitmap per matcher, so a query
 * touches only the series it needs.
 *
 * <p>Thread-safe: adds and deletes take the write lock; selections the read lock and return
 * their own bitmap.
 */
public final class MemPostings {
  private final Map<String, TreeMap<String, RoaringBitmap>> index = new TreeMap<>();
  private final RoaringBitmap all = new RoaringBitmap();
  /** (name, value) pairs in the index, for {@link IndexLabels}'s choice of method. */
  private int pairs;
  private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();

  /** Indexes series {@code id} under each of its labels. */
  public void add(int id, Labels labels) {
    lock.writeLock().lock();
    try {
      all.add(id);
      for (int i = 0; i < labels.size(); i++) {
        TreeMap<String, RoaringBitmap> values =
            index.computeIfAbsent(labels.name(i), n -> new TreeMap<>());
        RoaringBitmap b = values.get(labels.value(i));
        if (b == null) {
          b = new RoaringBitmap();
          values.put(labels.value(i), b);
          pairs++;
        }
        b.add(id);
      }
    } finally {
      lock.writeLock().unlock();
    }
  }

  /** Forgets series {@code id}; empty values and names disappear with it. */
  public void delete(int id, Labels labels) {
    lock.writeLock().lock();
    try {
      all.remove(id);
      for (int i = 0; i < labels.size(); i++) {
        TreeMap<String, RoaringBitmap> values = index.get(labels.name(i));
        if (values == null) {
          continue;
        }
        RoaringBitmap b = values.get(labels.value(i));
        if (b != null) {
          b.remove(id);
          if (b.isEmpty()) {
            values.remove(labels.value(i));
            pairs--;
          }
        }
        if (values.isEmpty()) {
          index.remove(labels.name(i));
        }
      }
    } finally {
      lock.writeLock().unlock();
    }
  }

  /** The series matching every matcher, see {@link PostingsSelection}. */
  public RoaringBitmap select(Matcher... matchers) {
    lock.readLock().lock();
    try {
      return PostingsSelection.select(source, matchers);
    } finally {
      lock.readLock().unlock();
    }
  }

  private final PostingsSelection.Source<RoaringBitmap> source =
      new PostingsSelection.Source<>() {
        @Override
        public RoaringBitmap all() {
          return all.clone();
        }

        @Override
        public Map<String, RoaringBitmap> values(String name) {
          return index.get(name);
        }

        @Override
        public RoaringBitmap postings(RoaringBitmap handle) {
          return handle;
        }
      };

  /** Label names in use, sorted. */
  public List<String> labelNames() {
    lock.readLock().lock();
    try {
      return new ArrayList<>(index.keySet());
    } finally {
      lock.readLock().unlock();
    }
  }

  /** Values of {@code name} in use, sorted. */
  public List<String> labelValues(String name) {
    lock.readLock().lock();
    try {
      TreeMap<String, RoaringBitmap> values = index.get(name);
      return values == null ? List.of() : new ArrayList<>(values.keySet());
    } finally {
      lock.readLock().unlock();
    }
  }

  /**
   * Label names of the series matching every matcher, sorted; {@code series} gives a series'
   * labels by id (null when gone) and is called under the read lock.
   */
  public List<String> labelNames(IntFunction<Labels> series, Matcher... matchers) {
    if (matchers.length == 0) {
      return labelNames();
    }
    lock.readLock().lock();
    try {
      RoaringBitmap ids = PostingsSelection.select(source, matchers);
      return IndexLabels.names(index, pairs, source, ids, series);
    } finally {
      lock.readLock().unlock();
    }
  }

  /** Values of {@code name} among the series matching every matcher, sorted. */
  public List<String> labelValues(String name, IntFunction<Labels> series,
      Matcher... matchers) {
    if (matchers.length == 0) {
      return labelValues(name);
    }
    lock.readLock().lock();
    try {
      RoaringBitmap ids = PostingsSelection.select(source, matchers);
      return IndexLabels.values(name, index.get(name), source, ids, series);
    } finally {
      lock.readLock().unlock();
    }
  }

  /** Receives each indexed label pair with the number of series that have it. */
  @FunctionalInterface
  public interface PairVisitor {
    void visit(String name, String value, int series);
  }

  /** Visits every label pair, names and values in order, under the read lock. */
  public void forEachPair(PairVisitor visitor) {
    lock.readLock().lock();
    try {
      index.forEach((name, values) ->
          values.forEach((value, ids) -> visitor.visit(name, value, ids.getCardinality())));
    } finally {
      lock.readLock().unlock();
    }
  }
}
