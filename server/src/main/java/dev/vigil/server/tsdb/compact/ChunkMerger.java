package dev.vigil.server.tsdb.compact;

import dev.vigil.server.storage.SampleIterator;
import dev.vigil.server.tsdb.block.MergingIterator;
import dev.vigil.server.tsdb.chunkenc.Chunk;
import dev.vigil.server.tsdb.chunkenc.XorChunk;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Puts the chunks one series has in several blocks into one time-ordered, non-overlapping list:
 * chunks that overlap no other are kept as they are (no decoding), each run of overlapping chunks
 * is decoded, merged by time and re-encoded into chunks of {@link Chunk#TARGET_SAMPLES}.
 */
final class ChunkMerger {
  private ChunkMerger() {}

  /**
   * @param chunks the series' chunks, blocks in the order given (older block first), each
   *     block's chunks in time order; where two chunks hold the same timestamp, the earlier wins
   */
  static List<Chunk> merge(List<Chunk> chunks) {
    List<Chunk> sorted = new ArrayList<>(chunks.size());
    for (Chunk c : chunks) {
      if (c.numSamples() > 0) {
        sorted.add(c);
      }
    }
    // Stable: chunks starting together keep the caller's order, which decides duplicates.
    sorted.sort(Comparator.comparingLong(Chunk::minTime));
    List<Chunk> out = new ArrayList<>(sorted.size());
    int i = 0;
    while (i < sorted.size()) {
      int j = i + 1;
      long end = sorted.get(i).maxTime();
      while (j < sorted.size() && sorted.get(j).minTime() <= end) {
        end = Math.max(end, sorted.get(j).maxTime());
        j++;
      }
      if (j == i + 1) {
        out.add(sorted.get(i));
      } else {
        reencode(sorted.subList(i, j), out);
      }
      i = j;
    }
    return out;
  }

  private static void reencode(List<Chunk> run, List<Chunk> out) {
    List<SampleIterator> its = new ArrayList<>(run.size());
    for (Chunk c : run) {
      its.add(c.iterator());
    }
    SampleIterator it = new MergingIterator(its);
    XorChunk c = new XorChunk();
    while (it.next()) {
      if (c.numSamples() >= Chunk.TARGET_SAMPLES) {
        out.add(c);
        c = new XorChunk();
      }
      c.append(it.atT(), it.atV());
    }
    if (c.numSamples() > 0) {
      out.add(c);
    }
  }
}
