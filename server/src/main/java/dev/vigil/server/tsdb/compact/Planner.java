package dev.vigil.server.tsdb.compact;

import dev.vigil.server.tsdb.block.BlockMeta;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Set;

/**
 * Chooses which blocks to merge next, as Prometheus's leveled compactor does:
 *
 * <ol>
 *   <li>Blocks whose time ranges overlap (after a backfill, say) are merged first.
 *   <li>Otherwise, ignoring the newest block (its range may still be filling), for each range
 *       after the first, from small to large, blocks are split into groups by the aligned window
 *       of that range they fall into; the first group of two or more blocks that spans its whole
 *       window, or lies wholly before the newest block's start, is merged.
 * </ol>
 *
 * Ranges grow by ×3 from the head's block range (2h, 6h, 18h, 54h, ...) and stop at 31 days or
 * a tenth of the retention, whichever is smaller, so one block never holds much of what
 * retention is about to delete.
 */
public final class Planner {
  static final long MAX_RANGE = Duration.ofDays(31).toMillis();

  private final long[] ranges;

  public Planner(long... ranges) {
    if (ranges.length == 0) {
      throw new IllegalArgumentException("no block ranges");
    }
    for (int i = 0; i < ranges.length; i++) {
      if (ranges[i] <= 0 || (i > 0 && ranges[i] <= ranges[i - 1])) {
        throw new IllegalArgumentException("block ranges must be positive and ascending: "
            + Arrays.toString(ranges));
      }
    }
    this.ranges = ranges.clone();
  }

  /**
   * The ranges for a head block range and a retention time (0: none): {@code base × 3^i} up to
   * {@code min(31d, retention / 10)}; the base itself is always there.
   */
  public static long[] ranges(long base, long retentionMillis) {
    if (base <= 0) {
      throw new IllegalArgumentException("block range must be positive: " + base);
    }
    long max = retentionMillis > 0 ? Math.min(MAX_RANGE, retentionMillis / 10) : MAX_RANGE;
    List<Long> out = new ArrayList<>();
    out.add(base);
    for (long r = base * 3; r <= max && r > 0; r *= 3) {
      out.add(r);
    }
    return out.stream().mapToLong(Long::longValue).toArray();
  }

  public long[] ranges() {
    return ranges.clone();
  }

  /**
   * The blocks to merge into one, or an empty list when nothing is due.
   *
   * @param skip ids of blocks not to pick (a compaction of them failed); a group holding one is
   *     passed over, as Prometheus does with blocks marked failed
   */
  public List<BlockMeta> plan(List<BlockMeta> metas, Set<String> skip) {
    List<BlockMeta> sorted = new ArrayList<>(metas);
    sorted.sort(Comparator.comparingLong(BlockMeta::minTime).thenComparing(BlockMeta::id));
    List<BlockMeta> overlapping = overlapping(sorted);
    if (!overlapping.isEmpty()) {
      return overlapping.stream().anyMatch(m -> skip.contains(m.id())) ? List.of() : overlapping;
    }
    if (sorted.size() < 2) {
      return List.of();
    }
    // The newest block is left alone: a block of the same size may still come to share its window.
    List<BlockMeta> older = sorted.subList(0, sorted.size() - 1);
    long highTime = sorted.get(sorted.size() - 1).minTime();
    for (int r = 1; r < ranges.length; r++) {
      long range = ranges[r];
      for (List<BlockMeta> group : splitByRange(older, range)) {
        if (group.size() < 2 || group.stream().anyMatch(m -> skip.contains(m.id()))) {
          continue;
        }
        long mint = group.get(0).minTime();
        long maxt = group.get(group.size() - 1).maxTime();
        if (maxt - mint == range || maxt <= highTime) {
          return group;
        }
      }
    }
    return List.of();
  }

  /** The first run of blocks (sorted by minTime) whose ranges overlap one another. */
  static List<BlockMeta> overlapping(List<BlockMeta> sorted) {
    List<BlockMeta> out = new ArrayList<>();
    if (sorted.isEmpty()) {
      return out;
    }
    long maxt = sorted.get(0).maxTime();
    for (int i = 1; i < sorted.size(); i++) {
      BlockMeta m = sorted.get(i);
      if (m.minTime() < maxt) {
        if (out.isEmpty()) {
          out.add(sorted.get(i - 1));
        }
        out.add(m);
      } else if (!out.isEmpty()) {
        break;
      }
      maxt = Math.max(maxt, m.maxTime());
    }
    return out;
  }

  /**
   * Groups of consecutive blocks that fall within one aligned window {@code [k·range,
   * (k+1)·range)}; a block that does not fit in the window of its start (misaligned or larger)
   * belongs to no group.
   */
  static List<List<BlockMeta>> splitByRange(List<BlockMeta> sorted, long range) {
    List<List<BlockMeta>> out = new ArrayList<>();
    int i = 0;
    while (i < sorted.size()) {
      long t0 = Math.floorDiv(sorted.get(i).minTime(), range) * range;
      if (sorted.get(i).maxTime() > t0 + range) {
        i++;
        continue;
      }
      List<BlockMeta> group = new ArrayList<>();
      while (i < sorted.size() && sorted.get(i).maxTime() <= t0 + range) {
        group.add(sorted.get(i));
        i++;
      }
      out.add(group);
    }
    return out;
  }
}
