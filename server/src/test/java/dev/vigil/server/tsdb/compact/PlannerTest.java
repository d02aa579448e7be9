package dev.vigil.server.tsdb.compact;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.server.tsdb.block.BlockMeta;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PlannerTest {
  private static final long H = 3_600_000L;

  private static BlockMeta meta(String id, long mint, long maxt) {
    return new BlockMeta(id, mint, maxt, new BlockMeta.Stats(1, 1, 1),
        new BlockMeta.Compaction(1, List.of(id), List.of()), BlockMeta.VERSION);
  }

  /** Blocks named by their [mint, maxt) pairs, in units of one range step (20 here). */
  private static List<BlockMeta> blocks(long... bounds) {
    List<BlockMeta> out = new ArrayList<>();
    for (int i = 0; i < bounds.length; i += 2) {
      out.add(meta(bounds[i] + "-" + bounds[i + 1], bounds[i], bounds[i + 1]));
    }
    return out;
  }

  private static List<String> plan(List<BlockMeta> metas, String... skip) {
    return new Planner(20, 60, 180, 540).plan(metas, Set.of(skip)).stream()
        .map(BlockMeta::id).toList();
  }

  @Test
  void plansAsPrometheusDoes() {
    record Case(String name, List<BlockMeta> blocks, List<String> expected) {}
    List<Case> cases = List.of(
        new Case("nothing", blocks(), List.of()),
        new Case("one block", blocks(0, 20), List.of()),
        new Case("the newest block is left alone", blocks(0, 20, 20, 40), List.of()),
        new Case("older blocks before the newest one's start", blocks(0, 20, 20, 40, 40, 60),
            List.of("0-20", "20-40")),
        new Case("a full 60 window", blocks(0, 20, 20, 40, 40, 60, 60, 80),
            List.of("0-20", "20-40", "40-60")),
        new Case("a full window with a gap", blocks(0, 20, 40, 60, 60, 80),
            List.of("0-20", "40-60")),
        new Case("input order does not matter", blocks(60, 80, 20, 40, 0, 20, 40, 60),
            List.of("0-20", "20-40", "40-60")),
        new Case("the next level once the small windows are done",
            blocks(0, 60, 60, 120, 120, 180, 180, 200), List.of("0-60", "60-120", "120-180")),
        new Case("a block larger than the window belongs to no group",
            blocks(0, 60, 60, 80, 80, 100, 100, 120), List.of("60-80", "80-100")),
        new Case("a lone block in its window is not compacted with itself",
            blocks(0, 60, 60, 120, 120, 140), List.of("0-60", "60-120")),
        new Case("overlapping blocks first, even the newest",
            blocks(0, 20, 20, 40, 40, 60, 60, 80, 70, 90), List.of("60-80", "70-90")),
        new Case("a run of overlaps is taken whole",
            blocks(0, 20, 10, 30, 25, 45, 50, 70), List.of("0-20", "10-30", "25-45")),
        new Case("negative times align too", blocks(-60, -40, -40, -20, -20, 0, 0, 20),
            List.of("-60--40", "-40--20", "-20-0")));
    for (Case c : cases) {
      assertThat(plan(c.blocks())).as(c.name()).isEqualTo(c.expected());
    }
  }

  @Test
  void blocksWhoseCompactionFailedArePassedOver() {
    List<BlockMeta> metas = blocks(0, 20, 20, 40, 40, 60, 60, 80, 80, 100, 100, 120, 120, 140);
    assertThat(plan(metas)).containsExactly("0-20", "20-40", "40-60");
    assertThat(plan(metas, "20-40")).containsExactly("60-80", "80-100", "100-120");
    assertThat(plan(blocks(0, 20, 10, 30), "10-30")).isEmpty();
  }

  @Test
  void rangesGrowByThreeUpToThirtyOneDaysOrATenthOfRetention() {
    assertThat(Planner.ranges(2 * H, 0))
        .containsExactly(2 * H, 6 * H, 18 * H, 54 * H, 162 * H, 486 * H);
    assertThat(Planner.ranges(2 * H, 15 * 24 * H)).containsExactly(2 * H, 6 * H, 18 * H);
    assertThat(Planner.ranges(2 * H, 24 * H)).containsExactly(2 * H);
    assertThatThrownBy(() -> new Planner(20, 20)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Planner.ranges(0, 0)).isInstanceOf(IllegalArgumentException.class);
  }
}
