package dev.vigil.server.tsdb.block;

import dev.vigil.server.model.Labels;
import dev.vigil.server.tsdb.chunkenc.Chunk;
import java.util.List;

/**
 * What a block is written from: a cursor over series in strictly ascending label order
 * ({@link Labels#compareTo}), each with its chunks in time order, not overlapping. The head (or
 * a compactor merging blocks) implements it; {@link MemBlockSource} is the in-memory version.
 *
 * <p>Used by one thread, once: {@code while (src.next()) { src.labels(); src.chunks(); }}. The
 * chunks must not be appended to while the writer reads them.
 */
public interface BlockSource {
  boolean next();

  Labels labels();

  /** Chunks of the current series, oldest first; empty chunks are skipped by the writer. */
  List<Chunk> chunks();
}
