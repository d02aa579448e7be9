package dev.vigil.server.tsdb.index;

import dev.vigil.server.model.Labels;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.IntFunction;
import org.roaringbitmap.RoaringBitmap;

/**
 * Label names and values of a selection of series, from a postings index (the head's, a
 * block's). Two ways answer the same question: ask each pair's postings whether they meet the
 * selection, or read the labels of each selected series. The cheaper one is picked by count, so
 * a narrow selection never touches every pair's postings and a wide one never every series.
 */
public final class IndexLabels {
  /** Reading one series' labels costs about as much as this many postings checks. */
  private static final int SERIES_COST = 4;

  private IndexLabels() {}

  /**
   * Names having at least one series in {@code ids}, sorted.
   *
   * @param index name → value → postings handle, names in order
   * @param pairs how many (name, value) pairs the index holds
   * @param series labels of a series id, or null when it is gone
   */
  public static <H> List<String> names(Map<String, ? extends Map<String, H>> index, int pairs,
      PostingsSelection.Source<H> source, RoaringBitmap ids, IntFunction<Labels> series) {
    List<String> out = new ArrayList<>();
    if (ids.isEmpty()) {
      return out;
    }
    if ((long) ids.getCardinality() * SERIES_COST < pairs) {
      TreeSet<String> names = new TreeSet<>();
      ids.forEach((int id) -> {
        Labels l = series.apply(id);
        if (l != null) {
          for (int i = 0; i < l.size(); i++) {
            names.add(l.name(i));
          }
        }
      });
      out.addAll(names);
      return out;
    }
    for (Map.Entry<String, ? extends Map<String, H>> e : index.entrySet()) {
      for (H h : e.getValue().values()) {
        if (RoaringBitmap.intersects(source.postings(h), ids)) {
          out.add(e.getKey());
          break;
        }
      }
    }
    return out;
  }

  /**
   * Values of {@code name} having at least one series in {@code ids}, sorted.
   *
   * @param values value → postings handle of {@code name}, in order; null when no series has it
   */
  public static <H> List<String> values(String name, Map<String, H> values,
      PostingsSelection.Source<H> source, RoaringBitmap ids, IntFunction<Labels> series) {
    List<String> out = new ArrayList<>();
    if (values == null || ids.isEmpty()) {
      return out;
    }
    if ((long) ids.getCardinality() * SERIES_COST < values.size()) {
      TreeSet<String> found = new TreeSet<>();
      ids.forEach((int id) -> {
        Labels l = series.apply(id);
        String v = l == null ? null : l.get(name);
        if (v != null) {
          found.add(v);
        }
      });
      out.addAll(found);
      return out;
    }
    for (Map.Entry<String, H> e : values.entrySet()) {
      if (RoaringBitmap.intersects(source.postings(e.getValue()), ids)) {
        out.add(e.getKey());
      }
    }
    return out;
  }
}
