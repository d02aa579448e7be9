package dev.vigil.server.tsdb;

import dev.vigil.server.model.Labels;
import dev.vigil.server.storage.Appendable;
import dev.vigil.server.storage.Appender;
import dev.vigil.server.storage.Querier;
import dev.vigil.server.storage.Queryable;
import dev.vigil.server.tsdb.block.BlockMeta;
import dev.vigil.server.tsdb.block.BlockReader;
import dev.vigil.server.tsdb.block.BlockWriter;
import dev.vigil.server.tsdb.block.Blocks;
import dev.vigil.server.tsdb.wal.ReplayStats;
import dev.vigil.server.tsdb.wal.Wal;
import dev.vigil.server.tsdb.wal.WalBatch;
import dev.vigil.server.tsdb.wal.WalReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The storage engine the server uses: a {@link Head} whose commits go to the write-ahead log
 * first, replayed into memory on open, and immutable blocks that the head is cut into once it
 * spans one and a half block ranges. Queries read blocks and head as one.
 */
public final class Tsdb implements Appendable, Queryable, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Tsdb.class);
  public static final Duration DEFAULT_BLOCK_RANGE = Duration.ofHours(2);

  private final Path dir;
  private final long blockRange;
  private final Head head;
  private final Wal wal;
  private final ReplayStats replay;
  private final List<BlockReader> blocks = new CopyOnWriteArrayList<>();
  private final AtomicLong unknownRefSamples = new AtomicLong();
  private final AtomicLong blocksCut = new AtomicLong();
  /** One WAL batch per commit, built under the lock so a series record precedes its samples. */
  private final WalBatch batch = new WalBatch();
  private final Object cutLock = new Object();

  private Tsdb(Path dir, Wal.Options options, Duration blockRange) throws IOException {
    this.dir = dir;
    this.blockRange = blockRange.toMillis();
    Path walDir = dir.resolve("wal");
    Files.createDirectories(walDir);
    long blocksEnd = Long.MIN_VALUE;
    for (Blocks.Listed b : Blocks.list(dir)) {
      blocks.add(BlockReader.open(b.dir()));
      blocksEnd = Math.max(blocksEnd, b.meta().maxTime());
    }
    head = new Head(this::logCommit);
    if (blocksEnd != Long.MIN_VALUE) {
      head.truncateBefore(blocksEnd);
    }
    long start = System.nanoTime();
    long validFrom = blocksEnd;
    replay = WalReader.replay(walDir, new WalReader.Handler() {
      @Override
      public void onSeries(long ref, Labels labels) {
        head.restore((int) ref, labels);
      }

      @Override
      public void onSample(long ref, long t, double v) {
        MemSeries s = head.byId((int) ref);
        if (s == null) {
          unknownRefSamples.incrementAndGet();
        } else if (t >= validFrom) {
          s.append(t, v);
          head.noteReplayed(t);
        }
      }
    });
    LOG.info("Loaded {} block(s); WAL replay completed in {} ms: {} series, {} samples{}",
        blocks.size(), (System.nanoTime() - start) / 1_000_000, head.seriesCount(),
        replay.samples(),
        replay.corruptions() > 0 ? ", " + replay.corruptions() + " corrupt record(s) dropped" : "");
    wal = Wal.open(walDir, options);
  }

  /** Opens (or creates) the database in {@code dir}: its blocks, then its WAL replayed. */
  public static Tsdb open(Path dir) throws IOException {
    return new Tsdb(dir, Wal.Options.defaults(), DEFAULT_BLOCK_RANGE);
  }

  public static Tsdb open(Path dir, Wal.Options options, Duration blockRange) throws IOException {
    return new Tsdb(dir, options, blockRange);
  }

  private synchronized void logCommit(MemSeries[] series, long[] ts, double[] vs, int n)
      throws IOException {
    if (n == 0) {
      return;
    }
    batch.reset();
    for (int i = 0; i < n; i++) {
      MemSeries s = series[i];
      if (!s.logged) {
        batch.series(s.id, s.labels);
      }
    }
    for (int i = 0; i < n; i++) {
      batch.sample(series[i].id, ts[i], vs[i]);
    }
    wal.log(batch);
    for (int i = 0; i < n; i++) {
      series[i].logged = true;
    }
  }

  /**
   * Cuts the oldest block range out of the head once the head spans 1.5 ranges: writes the
   * block, then drops those chunks from memory and those samples from the WAL (checkpoint).
   * Returns whether a block was cut. Safe to call at any time; one cut at a time.
   */
  public boolean cutBlockIfDue() throws IOException {
    // Not the commit lock: ingestion goes on while a block is written.
    synchronized (cutLock) {
      return cut();
    }
  }

  private boolean cut() throws IOException {
    long min = head.minTime();
    long max = head.maxTime();
    if (min == Long.MAX_VALUE || max - min < blockRange * 3 / 2) {
      return false;
    }
    long mint = Math.floorDiv(min, blockRange) * blockRange;
    long maxt = mint + blockRange;
    long started = System.nanoTime();
    // Refuse older samples first, so none arrives for the range while the block is written.
    head.refuseBefore(maxt);
    BlockMeta meta = BlockWriter.write(dir, mint, maxt, head.blockSource(mint, maxt));
    blocks.add(BlockReader.open(dir.resolve(meta.id())));
    head.truncateBefore(maxt);
    // Before the checkpoint, so it drops the records of series that are gone.
    head.gc();
    int upTo = wal.cutSegment();
    long[] keep = head.seriesIds();
    wal.checkpoint(upTo, ref -> java.util.Arrays.binarySearch(keep, ref) >= 0,
        (ref, t) -> t >= maxt);
    blocksCut.incrementAndGet();
    LOG.info("Cut block {} [{}, {}): {} series, {} samples in {} ms", meta.id(), mint, maxt,
        meta.stats().numSeries(), meta.stats().numSamples(),
        (System.nanoTime() - started) / 1_000_000);
    return true;
  }

  /**
   * Deletes whole blocks that end before {@code now - retention} (0: no time limit), then the
   * oldest blocks while all blocks together exceed {@code maxBytes} (0: no size limit). Returns
   * how many were deleted. The head and WAL are never deleted.
   */
  public int applyRetention(long now, long retentionMillis, long maxBytes) throws IOException {
    synchronized (cutLock) {
      List<BlockReader> doomed = new ArrayList<>();
      List<BlockReader> sorted = new ArrayList<>(blocks);
      sorted.sort(java.util.Comparator.comparingLong(b -> b.meta().minTime()));
      long total = 0;
      for (BlockReader b : sorted) {
        total += size(b.dir());
      }
      for (BlockReader b : sorted) {
        boolean tooOld = retentionMillis > 0 && b.meta().maxTime() < now - retentionMillis;
        boolean tooBig = maxBytes > 0 && total > maxBytes;
        if (!tooOld && !tooBig) {
          break;
        }
        doomed.add(b);
        total -= size(b.dir());
      }
      for (BlockReader b : doomed) {
        // Not closed: a query reading it keeps its mapping, which outlives the deleted files.
        blocks.remove(b);
        deleteTree(b.dir());
        LOG.info("Deleted block {} by retention", b.meta().id());
      }
      return doomed.size();
    }
  }

  private static long size(Path dir) throws IOException {
    try (var files = Files.walk(dir)) {
      return files.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
    }
  }

  private static void deleteTree(Path dir) throws IOException {
    try (var files = Files.walk(dir)) {
      for (Path p : (Iterable<Path>) files.sorted(java.util.Comparator.reverseOrder())::iterator) {
        Files.deleteIfExists(p);
      }
    }
  }

  public Head head() {
    return head;
  }

  public List<BlockReader> blocks() {
    return List.copyOf(blocks);
  }

  public long blocksCut() {
    return blocksCut.get();
  }

  /** What the last open found in the WAL. */
  public ReplayStats replayStats() {
    return replay;
  }

  /** Samples in the WAL whose series record was missing (counted, not fatal). */
  public long unknownRefSamples() {
    return unknownRefSamples.get();
  }

  @Override
  public Appender appender() {
    return head.appender();
  }

  @Override
  public Querier querier(long mint, long maxt) {
    List<Querier> parts = new ArrayList<>();
    for (BlockReader b : blocks) {
      // Block ranges are [minTime, maxTime); the querier's are inclusive.
      if (b.meta().maxTime() > mint && b.meta().minTime() <= maxt) {
        parts.add(b.querier(mint, maxt));
      }
    }
    parts.add(head.querier(mint, maxt));
    return parts.size() == 1 ? parts.get(0) : new MergedQuerier(parts);
  }

  @Override
  public void close() throws IOException {
    wal.close();
    for (BlockReader b : blocks) {
      b.close();
    }
  }
}
