package dev.vigil.server.tsdb.compact;

import dev.vigil.server.model.Labels;
import dev.vigil.server.tsdb.block.BlockSource;
import dev.vigil.server.tsdb.chunkenc.Chunk;
import java.util.ArrayList;
import java.util.List;

/**
 * Several block sources read as one, the way compaction writes them: series in label order, the
 * chunks of a series found in several sources merged by {@link ChunkMerger}. Streams: only the
 * current series of each source is held.
 */
final class MergedBlockSource implements BlockSource {
  private final List<BlockSource> sources;
  /** Per source: whether it stands on a series not yet consumed. */
  private final boolean[] ready;
  private final boolean[] done;
  private Labels labels;
  private List<Chunk> chunks;

  /** @param sources oldest block first: on equal timestamps the older block's sample wins */
  MergedBlockSource(List<BlockSource> sources) {
    this.sources = sources;
    ready = new boolean[sources.size()];
    done = new boolean[sources.size()];
  }

  @Override
  public boolean next() {
    for (int i = 0; i < sources.size(); i++) {
      if (!ready[i] && !done[i]) {
        ready[i] = sources.get(i).next();
        done[i] = !ready[i];
      }
    }
    labels = null;
    for (int i = 0; i < sources.size(); i++) {
      if (ready[i] && (labels == null || sources.get(i).labels().compareTo(labels) < 0)) {
        labels = sources.get(i).labels();
      }
    }
    if (labels == null) {
      return false;
    }
    List<Chunk> all = new ArrayList<>();
    int from = 0;
    for (int i = 0; i < sources.size(); i++) {
      if (ready[i] && sources.get(i).labels().equals(labels)) {
        all.addAll(sources.get(i).chunks());
        ready[i] = false;
        from++;
      }
    }
    chunks = from == 1 ? all : ChunkMerger.merge(all);
    return true;
  }

  @Override
  public Labels labels() {
    return labels;
  }

  @Override
  public List<Chunk> chunks() {
    return chunks;
  }
}
