package dev.vigil.server.tsdb;

import dev.vigil.server.model.Labels;
import dev.vigil.server.storage.SampleIterator;
import dev.vigil.server.tsdb.block.BlockReader;
import dev.vigil.server.tsdb.block.BlockSource;
import dev.vigil.server.tsdb.chunkenc.Chunk;

/** Reads what a block stores for a series, bypassing queries (and their filtering). */
final class BlockReaderProbe {
  private BlockReaderProbe() {}

  /** Samples of {@code labels} in the block's chunks (tombstones, if any, applied). */
  static long samples(BlockReader b, Labels labels) {
    BlockSource src = b.source();
    long n = 0;
    while (src.next()) {
      if (src.labels().equals(labels)) {
        for (Chunk c : src.chunks()) {
          SampleIterator it = c.iterator();
          while (it.next()) {
            n++;
          }
        }
      }
    }
    return n;
  }
}
