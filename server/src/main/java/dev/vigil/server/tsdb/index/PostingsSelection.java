package dev.vigil.server.tsdb.index;

import dev.vigil.server.model.Matcher;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.roaringbitmap.RoaringBitmap;

/**
 * Series selection by matchers over any postings index (the head's, a block's), so that every
 * part of the database answers a selector the same way: one bitmap per matcher, intersected,
 * with PromQL's rule that an absent label has the empty value ({@code foo=""} selects series
 * without {@code foo}, {@code foo=~".*"} every series).
 */
public final class PostingsSelection {
  private PostingsSelection() {}

  /**
   * What selection needs from an index.
   *
   * @param <H> how the index refers to one label pair's postings
   */
  public interface Source<H> {
    /** Every series id, as a new bitmap the caller may change. */
    RoaringBitmap all();

    /** Values of {@code name} and their postings handles, or null when no series has it. */
    Map<String, H> values(String name);

    /** The postings of one pair; may be the index's own bitmap, which selection never changes. */
    RoaringBitmap postings(H handle);
  }

  /** The ids of the series matching every matcher, as a new bitmap. */
  public static <H> RoaringBitmap select(Source<H> source, Matcher... matchers) {
    RoaringBitmap result = null;
    for (Matcher m : matchers) {
      RoaringBitmap hits = selectOne(source, m);
      result = result == null ? hits : RoaringBitmap.and(result, hits);
      if (result.isEmpty()) {
        return result;
      }
    }
    return result == null ? source.all() : result;
  }

  private static <H> RoaringBitmap selectOne(Source<H> source, Matcher m) {
    Map<String, H> values = source.values(m.name());
    if (m.matches("")) {
      // Matching the empty value: every series except those whose value fails the matcher.
      RoaringBitmap out = source.all();
      if (values != null) {
        for (Map.Entry<String, H> e : values.entrySet()) {
          if (!m.matches(e.getKey())) {
            out.andNot(source.postings(e.getValue()));
          }
        }
      }
      return out;
    }
    if (values == null) {
      return new RoaringBitmap();
    }
    if (m.type() == Matcher.Type.EQUAL) {
      H h = values.get(m.value());
      return h == null ? new RoaringBitmap() : source.postings(h).clone();
    }
    List<RoaringBitmap> hits = new ArrayList<>();
    for (Map.Entry<String, H> e : values.entrySet()) {
      if (m.matches(e.getKey())) {
        hits.add(source.postings(e.getValue()));
      }
    }
    return RoaringBitmap.or(hits.iterator());
  }
}
