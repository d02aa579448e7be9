package dev.vigil.server.tsdb.block;

import dev.vigil.server.model.Labels;
import dev.vigil.server.model.Matcher;
import dev.vigil.server.storage.Querier;
import dev.vigil.server.storage.Queryable;
import dev.vigil.server.storage.SampleIterator;
import dev.vigil.server.storage.SeriesSet;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.roaringbitmap.IntIterator;
import org.roaringbitmap.RoaringBitmap;

/**
 * An open, immutable block: its meta, its memory-mapped index and chunk segments. Opening
 * validates versions and checksums (see {@link IndexReader}, {@link ChunkReader}); damage found
 * later, while reading a chunk, surfaces as {@link CorruptBlockException} from the iterator.
 *
 * <p>Thread-safe; each querier is used by one thread. {@link #close} drops the mappings (the
 * JVM unmaps them once unreachable); queriers must not be used after it.
 */
public final class BlockReader implements Queryable, AutoCloseable {
  private final Path dir;
  private final BlockMeta meta;
  private volatile IndexReader index;
  private volatile ChunkReader chunks;

  private BlockReader(Path dir, BlockMeta meta, IndexReader index, ChunkReader chunks) {
    this.dir = dir;
    this.meta = meta;
    this.index = index;
    this.chunks = chunks;
  }

  /** Opens the block in {@code blockDir} (a directory written by {@link BlockWriter}). */
  public static BlockReader open(Path blockDir) throws IOException {
    BlockMeta meta = BlockMeta.read(blockDir.resolve(BlockWriter.META_FILE));
    IndexReader index = new IndexReader(blockDir.resolve(BlockWriter.INDEX_FILE));
    if (index.numSeries() != meta.stats().numSeries()) {
      throw new CorruptBlockException(blockDir.resolve(BlockWriter.INDEX_FILE), 0, "index has "
          + index.numSeries() + " series, meta.json says " + meta.stats().numSeries());
    }
    Path chunksDir = blockDir.resolve(BlockWriter.CHUNKS_DIR);
    if (!Files.isDirectory(chunksDir)) {
      throw new CorruptBlockException(chunksDir, 0, "missing chunks directory");
    }
    return new BlockReader(blockDir, meta, index, new ChunkReader(chunksDir));
  }

  public Path dir() {
    return dir;
  }

  public BlockMeta meta() {
    return meta;
  }

  /** Label names used by any series of the block, sorted. */
  public List<String> labelNames() {
    return index().labelNames();
  }

  /** Values of {@code name} in the block, sorted; empty when no series has it. */
  public List<String> labelValues(String name) {
    return index().labelValues(name);
  }

  /** A querier over samples with {@code mint <= t <= maxt}. */
  @Override
  public Querier querier(long mint, long maxt) {
    IndexReader ix = index();
    ChunkReader cr = chunks;
    return new Querier() {
      @Override
      public SeriesSet select(boolean sorted, Matcher... matchers) {
        // Series ids follow label order, so the result is sorted whether asked or not.
        return new BlockSeriesSet(ix, cr, ix.select(matchers), mint, maxt);
      }

      @Override
      public void close() {}
    };
  }

  private IndexReader index() {
    IndexReader ix = index;
    if (ix == null) {
      throw new IllegalStateException("block " + dir + " is closed");
    }
    return ix;
  }

  /** Drops the mappings; they are unmapped when the last querier using them is unreachable. */
  @Override
  public void close() {
    index = null;
    chunks = null;
  }

  /** Decodes one series entry per {@link #next}, skipping series without chunks in range. */
  private static final class BlockSeriesSet implements SeriesSet {
    private final IndexReader index;
    private final ChunkReader chunks;
    private final IntIterator ids;
    private final long mint;
    private final long maxt;
    private Labels labels;
    private long[] meta;

    BlockSeriesSet(IndexReader index, ChunkReader chunks, RoaringBitmap ids, long mint,
        long maxt) {
      this.index = index;
      this.chunks = chunks;
      this.ids = ids.getIntIterator();
      this.mint = mint;
      this.maxt = maxt;
    }

    @Override
    public boolean next() {
      while (ids.hasNext()) {
        IndexReader.Series s = index.series(ids.next());
        long[] m = inRange(s.chunkMeta());
        if (m.length > 0) {
          labels = s.labels();
          meta = m;
          return true;
        }
      }
      return false;
    }

    private long[] inRange(long[] m) {
      int n = 0;
      long[] out = new long[m.length];
      for (int i = 0; i < m.length; i += 3) {
        if (m[i + 1] >= mint && m[i] <= maxt) {
          System.arraycopy(m, i, out, n, 3);
          n += 3;
        }
      }
      return n == m.length ? m : Arrays.copyOf(out, n);
    }

    @Override
    public Labels labels() {
      return labels;
    }

    @Override
    public SampleIterator iterator() {
      return new BlockSampleIterator(chunks, meta, mint, maxt);
    }
  }
}
