package dev.vigil.server.tsdb.block;

import dev.vigil.server.model.Labels;
import dev.vigil.server.model.Matcher;
import dev.vigil.server.storage.Querier;
import dev.vigil.server.storage.Queryable;
import dev.vigil.server.storage.SampleIterator;
import dev.vigil.server.storage.SeriesSet;
import dev.vigil.server.tsdb.chunkenc.Chunk;
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
  /** Replaced whole on each deletion; a querier keeps the set it started with. */
  private volatile Tombstones tombstones;

  private BlockReader(Path dir, BlockMeta meta, IndexReader index, ChunkReader chunks,
      Tombstones tombstones) {
    this.dir = dir;
    this.meta = meta;
    this.index = index;
    this.chunks = chunks;
    this.tombstones = tombstones;
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
    return new BlockReader(blockDir, meta, index, new ChunkReader(chunksDir),
        Tombstones.read(blockDir));
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

  /** The deleted ranges of this block, as of now. */
  public Tombstones tombstones() {
    return tombstones;
  }

  /**
   * Marks the samples of every series matching {@code matchers} in {@code [mint, maxt]} as
   * deleted: the ranges go to the block's {@code tombstones} file (replaced atomically) and
   * queriers made from now on skip them. Ranges are clipped to each series' data, so a deletion
   * reaching past the block records only what it covers. Returns how many series were touched.
   */
  public synchronized int delete(long mint, long maxt, Matcher... matchers) throws IOException {
    if (maxt < mint) {
      throw new IllegalArgumentException("delete maxt " + maxt + " < mint " + mint);
    }
    IndexReader ix = index();
    Tombstones next = tombstones;
    int touched = 0;
    for (IntIterator it = ix.select(matchers).getIntIterator(); it.hasNext(); ) {
      int id = it.next();
      long[] m = ix.series(id).chunkMeta();
      long lo = Math.max(mint, m[0]);
      long hi = Math.min(maxt, m[m.length - 2]);
      if (lo > hi) {
        continue;
      }
      Intervals had = next.get(id);
      if (had != null && had.covers(lo, hi)) {
        continue;
      }
      next = next.with(id, lo, hi);
      touched++;
    }
    if (touched > 0) {
      next.write(dir);
      tombstones = next;
    }
    return touched;
  }

  /**
   * Every series of the block in label order with its chunks, deleted samples left out (chunks
   * they touch are re-encoded, series left empty are skipped): what compaction reads. Chunks are
   * read when their series is reached, so memory is one series at a time.
   */
  public BlockSource source() {
    IndexReader ix = index();
    ChunkReader cr = chunks;
    Tombstones ts = tombstones;
    return new BlockSource() {
      private int id = -1;
      private Labels labels;
      private List<Chunk> list;

      @Override
      public boolean next() {
        while (++id < ix.numSeries()) {
          IndexReader.Series s = ix.series(id);
          long[] m = s.chunkMeta();
          List<Chunk> read = new java.util.ArrayList<>(m.length / 3);
          for (int i = 0; i < m.length; i += 3) {
            read.add(cr.read(m[i + 2]));
          }
          Intervals del = ts.get(id);
          list = del == null ? read : del.apply(read);
          if (!list.isEmpty()) {
            labels = s.labels();
            return true;
          }
        }
        return false;
      }

      @Override
      public Labels labels() {
        return labels;
      }

      @Override
      public List<Chunk> chunks() {
        return list;
      }
    };
  }

  /** A querier over samples with {@code mint <= t <= maxt}. */
  @Override
  public Querier querier(long mint, long maxt) {
    IndexReader ix = index();
    ChunkReader cr = chunks;
    Tombstones ts = tombstones;
    return new Querier() {
      @Override
      public SeriesSet select(boolean sorted, Matcher... matchers) {
        // Series ids follow label order, so the result is sorted whether asked or not.
        return new BlockSeriesSet(ix, cr, ts, ix.select(matchers), mint, maxt);
      }

      @Override
      public List<String> labelNames(Matcher... matchers) {
        return ix.labelNames(matchers);
      }

      @Override
      public List<String> labelValues(String name, Matcher... matchers) {
        return ix.labelValues(name, matchers);
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
    private final Tombstones tombstones;
    private final IntIterator ids;
    private final long mint;
    private final long maxt;
    private Labels labels;
    private long[] meta;
    /** Deleted ranges of the current series, or null. */
    private Intervals deleted;

    BlockSeriesSet(IndexReader index, ChunkReader chunks, Tombstones tombstones,
        RoaringBitmap ids, long mint, long maxt) {
      this.index = index;
      this.chunks = chunks;
      this.tombstones = tombstones;
      this.ids = ids.getIntIterator();
      this.mint = mint;
      this.maxt = maxt;
    }

    @Override
    public boolean next() {
      while (ids.hasNext()) {
        int id = ids.next();
        IndexReader.Series s = index.series(id);
        Intervals del = tombstones.get(id);
        long[] m = inRange(s.chunkMeta(), del);
        if (m.length == 0) {
          continue;
        }
        // A series whose samples in range are all deleted must not show up empty: look for one.
        if (del != null && !del.filter(new BlockSampleIterator(chunks, m, mint, maxt)).next()) {
          continue;
        }
        labels = s.labels();
        meta = m;
        deleted = del;
        return true;
      }
      return false;
    }

    /** The chunks overlapping the range, less those whose part in it is wholly deleted. */
    private long[] inRange(long[] m, Intervals del) {
      int n = 0;
      long[] out = new long[m.length];
      for (int i = 0; i < m.length; i += 3) {
        if (m[i + 1] >= mint && m[i] <= maxt
            && (del == null || !del.covers(Math.max(m[i], mint), Math.min(m[i + 1], maxt)))) {
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
      SampleIterator it = new BlockSampleIterator(chunks, meta, mint, maxt);
      return deleted == null ? it : deleted.filter(it);
    }
  }
}
