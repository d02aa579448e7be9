package dev.vigil.server.tsdb.compact;

import dev.vigil.server.tsdb.block.BlockMeta;
import dev.vigil.server.tsdb.block.BlockReader;
import dev.vigil.server.tsdb.block.BlockSource;
import dev.vigil.server.tsdb.block.BlockWriter;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.TreeSet;

/**
 * Writes the block that replaces others: the merge of several blocks, or one block without its
 * deleted samples. Series are streamed from the sources in label order (one series of each
 * source in memory at a time) and tombstones are applied on the way, so the result has none.
 * The result is written atomically by {@link BlockWriter} and names its sources as
 * {@code parents} in meta.json; swapping it in and deleting the parents is the caller's job, and
 * a crash in between is repaired on open ({@code Blocks.replaced}).
 */
public final class Compactor {
  private Compactor() {}

  /** Merges {@code blocks} into one new block in {@code dir} covering all their ranges. */
  public static BlockMeta compact(Path dir, List<BlockReader> blocks) throws IOException {
    if (blocks.isEmpty()) {
      throw new IllegalArgumentException("nothing to compact");
    }
    List<BlockReader> sorted = new ArrayList<>(blocks);
    sorted.sort(Comparator.comparingLong((BlockReader b) -> b.meta().minTime())
        .thenComparing(b -> b.meta().id()));
    long mint = Long.MAX_VALUE;
    long maxt = Long.MIN_VALUE;
    int level = 0;
    TreeSet<String> sources = new TreeSet<>();
    List<String> parents = new ArrayList<>();
    List<BlockSource> inputs = new ArrayList<>();
    for (BlockReader b : sorted) {
      BlockMeta m = b.meta();
      mint = Math.min(mint, m.minTime());
      maxt = Math.max(maxt, m.maxTime());
      level = Math.max(level, m.compaction().level());
      sources.addAll(m.compaction().sources());
      parents.add(m.id());
      inputs.add(b.source());
    }
    return BlockWriter.write(dir, mint, maxt, new MergedBlockSource(inputs),
        new BlockMeta.Compaction(level + 1, new ArrayList<>(sources), parents));
  }

  /** Rewrites {@code block} without its deleted samples; same range, level and sources. */
  public static BlockMeta rewrite(Path dir, BlockReader block) throws IOException {
    BlockMeta m = block.meta();
    return BlockWriter.write(dir, m.minTime(), m.maxTime(), block.source(),
        new BlockMeta.Compaction(m.compaction().level(), m.compaction().sources(),
            List.of(m.id())));
  }
}
