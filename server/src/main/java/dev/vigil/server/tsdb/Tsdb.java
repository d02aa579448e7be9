package dev.vigil.server.tsdb;

import dev.vigil.server.model.Labels;
import dev.vigil.server.model.Matcher;
import dev.vigil.server.storage.Appendable;
import dev.vigil.server.storage.Appender;
import dev.vigil.server.storage.Querier;
import dev.vigil.server.storage.Queryable;
import dev.vigil.server.tsdb.block.BlockMeta;
import dev.vigil.server.tsdb.block.BlockReader;
import dev.vigil.server.tsdb.block.BlockWriter;
import dev.vigil.server.tsdb.block.Blocks;
import dev.vigil.server.tsdb.block.Intervals;
import dev.vigil.server.tsdb.compact.Compactor;
import dev.vigil.server.tsdb.compact.Planner;
import dev.vigil.server.tsdb.wal.ReplayStats;
import dev.vigil.server.tsdb.wal.Wal;
import dev.vigil.server.tsdb.wal.WalBatch;
import dev.vigil.server.tsdb.wal.WalReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.DoubleConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The storage engine the server uses: a {@link Head} whose commits go to the write-ahead log
 * first, replayed into memory on open, and immutable blocks that the head is cut into once it
 * spans one and a half block ranges. Queries read blocks and head as one. Blocks are merged by
 * {@link #compactIfDue} and samples deleted by {@link #delete} (tombstones, applied for good when
 * the head is cut, a block compacted or {@link #cleanTombstones} run).
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
  /** Held by every change of the block list or the tombstones: cuts, compactions, deletions. */
  private final Object cutLock = new Object();
  private static final Comparator<BlockReader> BY_TIME =
      Comparator.comparingLong((BlockReader b) -> b.meta().minTime())
          .thenComparing(b -> b.meta().id());
  /** Deletions in the head; changed under cutLock. */
  private final HeadTombstones headTombstones = new HeadTombstones();
  private final AtomicLong compactions = new AtomicLong();
  private final AtomicLong compactionsFailed = new AtomicLong();
  private final AtomicLong compactionNanos = new AtomicLong();
  private final AtomicLong tombstoneCleanups = new AtomicLong();
  private volatile DoubleConsumer compactionObserver = seconds -> {};
  private volatile DoubleConsumer cleanupObserver = seconds -> {};
  /** Blocks a compaction failed on: the planner passes them over until they are gone. */
  private final Set<String> failedBlocks = new HashSet<>();
  private final long replayNanos;
  /** The lowest WAL segment a reader of the log still needs; see {@link #holdWal}. */
  private volatile java.util.function.IntSupplier walHold = () -> Integer.MAX_VALUE;
  /** The newest checkpoint written (or found on open); guarded by cutLock. */
  private int lastCheckpoint = -1;

  private Tsdb(Path dir, Wal.Options options, Duration blockRange, int maxExemplars)
      throws IOException {
    this.dir = dir;
    this.blockRange = blockRange.toMillis();
    Path walDir = dir.resolve("wal");
    Files.createDirectories(walDir);
    long blocksEnd = Long.MIN_VALUE;
    List<Blocks.Listed> listed = Blocks.list(dir);
    // A compaction that crashed after writing its result leaves the blocks it replaces.
    Set<String> replaced = Blocks.replaced(listed);
    for (Blocks.Listed b : listed) {
      if (!replaced.contains(b.meta().id())) {
        blocks.add(BlockReader.open(b.dir()));
        blocksEnd = Math.max(blocksEnd, b.meta().maxTime());
      }
    }
    // Only once their replacements opened: a damaged result must not cost the originals too.
    for (Blocks.Listed b : listed) {
      if (replaced.contains(b.meta().id())) {
        LOG.info("Deleting block {}: a compacted block replaces it", b.meta().id());
        Blocks.delete(b.dir());
      }
    }
    head = new Head(this::logCommit);
    // Sized before replay, so the exemplars in the WAL come back.
    head.exemplars().resize(maxExemplars);
    if (blocksEnd != Long.MIN_VALUE) {
      head.truncateBefore(blocksEnd);
    }
    long start = System.nanoTime();
    long validFrom = blocksEnd;
    Map<Labels, Intervals> replayedTombstones = new HashMap<>();
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

      @Override
      public void onExemplar(long ref, long t, double v, Labels labels) {
        head.restoreExemplar((int) ref, labels, t, v);
      }

      @Override
      public void onTombstone(long ref, long mint, long maxt) {
        MemSeries s = head.byId((int) ref);
        // Ranges blocks hold already were applied when those blocks were cut.
        if (s != null && maxt >= validFrom) {
          replayedTombstones.merge(s.labels, Intervals.of(mint, maxt),
              (a, b) -> a.add(mint, maxt));
        }
      }
    });
    headTombstones.replayed(replayedTombstones);
    replayNanos = System.nanoTime() - start;
    LOG.info("Loaded {} block(s); WAL replay completed in {} ms: {} series, {} samples, {}"
        + " exemplars{}", blocks.size(), replayNanos / 1_000_000, head.seriesCount(),
        replay.samples(), replay.exemplars(),
        replay.corruptions() > 0 ? ", " + replay.corruptions() + " corrupt record(s) dropped" : "");
    wal = Wal.open(walDir, options);
    lastCheckpoint = replay.checkpoint();
  }

  /**
   * Keeps WAL segments from {@code lowestNeeded} on out of checkpoints, for a reader that ships
   * the log elsewhere (remote write) and has not read them yet. The supplier is asked at every
   * head cut; {@link Integer#MAX_VALUE} holds nothing. The log then grows until the reader
   * catches up.
   */
  public void holdWal(java.util.function.IntSupplier lowestNeeded) {
    this.walHold = lowestNeeded;
  }

  /** Opens (or creates) the database in {@code dir}: its blocks, then its WAL replayed. */
  public static Tsdb open(Path dir) throws IOException {
    return new Tsdb(dir, Wal.Options.defaults(), DEFAULT_BLOCK_RANGE, 0);
  }

  public static Tsdb open(Path dir, Wal.Options options, Duration blockRange) throws IOException {
    return new Tsdb(dir, options, blockRange, 0);
  }

  /**
   * Opens the database keeping up to {@code maxExemplars} exemplars (0: none), those in the WAL
   * included; {@code head().exemplars().resize} changes the size later.
   */
  public static Tsdb open(Path dir, Wal.Options options, Duration blockRange, int maxExemplars)
      throws IOException {
    return new Tsdb(dir, options, blockRange, maxExemplars);
  }

  private synchronized void logCommit(MemSeries[] series, long[] ts, double[] vs, int n,
      ExemplarBatch ex) throws IOException {
    int exN = ex == null ? 0 : ex.n;
    if (n == 0 && exN == 0) {
      return;
    }
    batch.reset();
    for (int i = 0; i < n; i++) {
      MemSeries s = series[i];
      if (!s.logged) {
        batch.series(s.id, s.labels);
        s.logged = true; // once per batch; undone below if the write fails
      }
    }
    for (int i = 0; i < exN; i++) {
      MemSeries s = ex.series[i];
      if (!s.logged) {
        batch.series(s.id, s.labels);
        s.logged = true;
      }
    }
    for (int i = 0; i < n; i++) {
      batch.sample(series[i].id, ts[i], vs[i]);
    }
    // After the samples, as Prometheus writes them: a reader meets a series' sample first.
    for (int i = 0; i < exN; i++) {
      batch.exemplar(ex.series[i].id, ex.ts[i], ex.vs[i], ex.labels[i]);
    }
    try {
      wal.log(batch);
    } catch (IOException | RuntimeException e) {
      // Their series records did not reach the log: the next commit must write them again.
      for (int i = 0; i < n; i++) {
        series[i].logged = false;
      }
      for (int i = 0; i < exN; i++) {
        ex.series[i].logged = false;
      }
      throw e;
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
    // A first commit sets the head's min before its max: read in between, max - min overflows
    // and would cut (and refuse) the range that commit is writing to.
    if (min == Long.MAX_VALUE || max == Long.MIN_VALUE || max - min < blockRange * 3 / 2) {
      return false;
    }
    long mint = Math.floorDiv(min, blockRange) * blockRange;
    long maxt = mint + blockRange;
    long started = System.nanoTime();
    // Refuse older samples first, so none arrives for the range while the block is written.
    head.refuseBefore(maxt);
    BlockMeta meta = BlockWriter.write(dir, mint, maxt,
        headTombstones.apply(head.blockSource(mint, maxt)));
    blocks.add(BlockReader.open(dir.resolve(meta.id())));
    blocks.sort(BY_TIME);
    head.truncateBefore(maxt);
    headTombstones.forgetBefore(maxt);
    // Before the checkpoint, so it drops the records of series that are gone.
    head.gc();
    int upTo = Math.min(wal.cutSegment(), walHold.getAsInt() - 1);
    long[] keep = head.seriesIds();
    // A reader still needing segments (remote write behind) holds the checkpoint back; the
    // segments it keeps are replayed as usual (samples before the blocks' end are skipped).
    if (upTo > lastCheckpoint) {
      wal.checkpoint(upTo, ref -> java.util.Arrays.binarySearch(keep, ref) >= 0,
          (ref, t) -> t >= maxt);
      lastCheckpoint = upTo;
    }
    blocksCut.incrementAndGet();
    LOG.info("Cut block {} [{}, {}): {} series, {} samples in {} ms", meta.id(), mint, maxt,
        meta.stats().numSeries(), meta.stats().numSamples(),
        (System.nanoTime() - started) / 1_000_000);
    return true;
  }

  /**
   * Deletes the samples of every series matching {@code matchers} with {@code mint <= t <=
   * maxt}, in the head and in blocks; queries stop returning them at once. In the head the
   * deletion is logged to the WAL (so it survives a restart) and applied when its range is cut
   * into a block; in blocks it goes to each block's tombstones file until the block is compacted
   * or {@link #cleanTombstones} rewrites it. Ranges are clipped to the data each series has, so
   * samples appended later are never hidden. Returns the number of (series, block or head)
   * pairs touched.
   *
   * @throws IllegalArgumentException when {@code maxt < mint} or no matcher is given
   */
  public int delete(long mint, long maxt, Matcher... matchers) throws IOException {
    if (maxt < mint) {
      throw new IllegalArgumentException("delete: end " + maxt + " is before start " + mint);
    }
    if (matchers.length == 0) {
      throw new IllegalArgumentException("delete: at least one matcher is required");
    }
    synchronized (cutLock) {
      int touched = 0;
      for (BlockReader b : blocks) {
        long lo = Math.max(mint, b.meta().minTime());
        long hi = Math.min(maxt, b.meta().maxTime() - 1);
        if (lo <= hi) {
          touched += b.delete(lo, hi, matchers);
        }
      }
      return touched + headTombstones.delete(head, wal, mint, maxt, matchers);
    }
  }

  /**
   * Rewrites every block that has tombstones without the deleted samples, and swaps the new
   * blocks in; returns how many blocks were rewritten. The head's deletions are not touched:
   * they are applied when the head is cut.
   */
  public int cleanTombstones() throws IOException {
    long began = System.nanoTime();
    try {
      return cleanTombstonesLocked();
    } finally {
      cleanupObserver.accept((System.nanoTime() - began) / 1e9);
    }
  }

  private int cleanTombstonesLocked() throws IOException {
    synchronized (cutLock) {
      int n = 0;
      for (BlockReader b : List.copyOf(blocks)) {
        if (b.tombstones().isEmpty()) {
          continue;
        }
        long started = System.nanoTime();
        BlockMeta meta = Compactor.rewrite(dir, b);
        swap(List.of(b), meta);
        tombstoneCleanups.incrementAndGet();
        n++;
        LOG.info("Rewrote block {} without its deleted samples as {} in {} ms", b.meta().id(),
            meta.id(), (System.nanoTime() - started) / 1_000_000);
      }
      return n;
    }
  }

  /** {@link #compactIfDue(long)} without a retention limit on block ranges. */
  public int compactIfDue() {
    return compactIfDue(0);
  }

  /**
   * Merges blocks while the {@link Planner} finds some due (ranges from the head's block range,
   * capped by {@code retentionMillis / 10}; 0: no retention); returns how many compactions ran.
   * A failed compaction is logged and counted, and its blocks are not planned again while this
   * process runs; the sources stay in use. Queries running meanwhile keep working: replaced
   * blocks are removed from the list and their files deleted, but not unmapped.
   */
  public int compactIfDue(long retentionMillis) {
    Planner planner = new Planner(Planner.ranges(blockRange, retentionMillis));
    synchronized (cutLock) {
      int done = 0;
      while (true) {
        List<BlockMeta> metas = new ArrayList<>();
        Set<String> present = new HashSet<>();
        for (BlockReader b : blocks) {
          metas.add(b.meta());
          present.add(b.meta().id());
        }
        failedBlocks.retainAll(present);
        List<BlockMeta> plan = planner.plan(metas, failedBlocks);
        if (plan.isEmpty()) {
          return done;
        }
        List<BlockReader> sources = new ArrayList<>();
        for (BlockMeta m : plan) {
          for (BlockReader b : blocks) {
            if (b.meta().id().equals(m.id())) {
              sources.add(b);
            }
          }
        }
        long started = System.nanoTime();
        try {
          BlockMeta meta = Compactor.compact(dir, sources);
          swap(sources, meta);
          done++;
          compactions.incrementAndGet();
          LOG.info("Compacted {} block(s) into {} [{}, {}), level {}: {} series, {} samples in {}"
              + " ms", sources.size(), meta.id(), meta.minTime(), meta.maxTime(),
              meta.compaction().level(), meta.stats().numSeries(), meta.stats().numSamples(),
              (System.nanoTime() - started) / 1_000_000);
        } catch (IOException | RuntimeException e) {
          compactionsFailed.incrementAndGet();
          for (BlockMeta m : plan) {
            failedBlocks.add(m.id());
          }
          LOG.error("Compacting blocks {} failed; they stay in use: {}",
              plan.stream().map(BlockMeta::id).toList(), e.toString());
        } finally {
          long nanos = System.nanoTime() - started;
          compactionNanos.addAndGet(nanos);
          compactionObserver.accept(nanos / 1e9);
        }
      }
    }
  }

  /**
   * Puts the block just written in place of {@code replaced}: opened and listed first, then the
   * replaced blocks are unlisted and deleted. A crash before the deletion is repaired on open,
   * where the new block's parents are dropped.
   */
  private void swap(List<BlockReader> replaced, BlockMeta written) throws IOException {
    Path path = dir.resolve(written.id());
    BlockReader opened;
    try {
      opened = BlockReader.open(path);
    } catch (IOException | RuntimeException e) {
      // Left on disk, it would replace its parents at the next open.
      Blocks.delete(path);
      throw e;
    }
    blocks.add(opened);
    blocks.removeAll(replaced);
    blocks.sort(BY_TIME);
    for (BlockReader b : replaced) {
      try {
        // Not closed: a query reading it keeps its mapping, which outlives the deleted files.
        Blocks.delete(b.dir());
      } catch (IOException | RuntimeException e) {
        LOG.warn("Could not delete replaced block {} (removed at the next start): {}",
            b.meta().id(), e.toString());
      }
    }
  }

  /** Called with each compaction's duration in seconds (for the server's histogram). */
  public void onCompaction(DoubleConsumer observer) {
    compactionObserver = observer;
  }

  /** Called with the duration of each {@link #cleanTombstones} call in seconds. */
  public void onTombstoneCleanup(DoubleConsumer observer) {
    cleanupObserver = observer;
  }

  /** Block merges done (cuts from the head not included). */
  public long compactions() {
    return compactions.get();
  }

  public long compactionsFailed() {
    return compactionsFailed.get();
  }

  /** Time spent in block merges, failed ones included. */
  public Duration compactionTime() {
    return Duration.ofNanos(compactionNanos.get());
  }

  /** Blocks rewritten by {@link #cleanTombstones}. */
  public long tombstoneCleanups() {
    return tombstoneCleanups.get();
  }

  /** The head's deleted ranges by series, as of now. */
  public Map<Labels, Intervals> headTombstones() {
    return headTombstones.snapshot();
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

  /** The database's directory. */
  public Path dir() {
    return dir;
  }

  /**
   * Copies the database into {@code target} cheaply: every block is hard-linked there (blocks
   * are immutable, and a tombstones file is replaced, never changed, so links stay valid), and
   * with {@code withHead} the head's samples, deletions applied, are written as one more block.
   * Blocks cannot be compacted away while being linked.
   */
  public void snapshot(Path target, boolean withHead) throws IOException {
    Files.createDirectories(target);
    synchronized (cutLock) {
      for (BlockReader b : blocks) {
        linkTree(b.dir(), target.resolve(b.dir().getFileName()));
      }
    }
    long min = head.minTime();
    long max = head.maxTime();
    if (withHead && min != Long.MAX_VALUE && max != Long.MIN_VALUE && min <= max) {
      BlockWriter.write(target, min, max + 1, headTombstones.apply(head.blockSource(min, max + 1)));
    }
  }

  private static void linkTree(Path from, Path to) throws IOException {
    try (var files = Files.walk(from)) {
      for (Path p : (Iterable<Path>) files::iterator) {
        Path dest = to.resolve(from.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(dest);
        } else {
          Files.createLink(dest, p);
        }
      }
    }
  }

  public List<BlockReader> blocks() {
    return List.copyOf(blocks);
  }

  public long blocksCut() {
    return blocksCut.get();
  }

  /** The write-ahead log, for its metrics. */
  public Wal wal() {
    return wal;
  }

  /** How long the WAL replay at open took. */
  public double replaySeconds() {
    return replayNanos / 1e9;
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
  public Appender appender(int expectedSamples) {
    return head.appender(expectedSamples);
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
    // A head without samples in the range has nothing to add (its series' iterators would all
    // be empty, and their labels would answer /api/v1/series wrongly).
    if (head.minTime() <= maxt && head.maxTime() >= mint) {
      parts.add(headTombstones.filter(head.querier(mint, maxt)));
    }
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
