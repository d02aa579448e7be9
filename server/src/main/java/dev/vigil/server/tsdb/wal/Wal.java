package dev.vigil.server.tsdb.wal;

import java.io.Closeable;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongConsumer;
import java.util.function.LongPredicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The write-ahead log: a directory of numbered segment files holding framed, checksummed records.
 *
 * <p><b>Durability.</b> {@link #log} returns after the batch was written to the operating system,
 * so a committed batch survives a crash of the process ({@code kill -9}). Surviving a crash of the
 * machine needs an fsync, whose timing {@link Options#fsyncEvery} sets: {@link Duration#ZERO}
 * fsyncs inside every {@code log} call (a commit is durable when it returns); a positive duration
 * lets a background thread fsync at most that often when something was written, so a machine
 * crash loses at most that window. Closing a segment (rollover, {@link #close}) always fsyncs it.
 *
 * <p><b>Threads.</b> Safe for concurrent committers: writes are serialized by one lock, and each
 * batch is written whole, never interleaved with another. The background fsync runs outside the
 * lock, so committers do not wait for the disk.
 *
 * <p><b>Startup.</b> Replay with {@link WalReader#replay} first (it repairs a torn tail), then
 * open: a new writer always starts a fresh segment after the highest existing one.
 *
 * <p><b>Metrics.</b> {@link #metrics()} reads counters kept as the log works (no directory walk
 * per read), for {@code /metrics} and tests.
 */
public final class Wal implements Closeable {
  private static final Logger log = LoggerFactory.getLogger(Wal.class);

  /**
   * Settings.
   *
   * @param segmentSize a new segment is started when a batch would not fit; a batch larger than
   *     this gets a segment of its own (records never span segments)
   * @param fsyncEvery {@code ZERO}: fsync every commit; positive: background fsync at most this
   *     often; {@code null}: only when a segment is closed (for checkpoints, fsynced before use)
   */
  public record Options(long segmentSize, Duration fsyncEvery) {
    public static final long DEFAULT_SEGMENT_SIZE = 128L << 20;

    public Options {
      if (segmentSize < WalBatch.HEADER_SIZE) {
        throw new IllegalArgumentException("segment size too small: " + segmentSize);
      }
      if (fsyncEvery != null && fsyncEvery.isNegative()) {
        throw new IllegalArgumentException("fsyncEvery must not be negative: " + fsyncEvery);
      }
    }

    /** 128 MiB segments, fsync at most once a second. */
    public static Options defaults() {
      return new Options(DEFAULT_SEGMENT_SIZE, Duration.ofSeconds(1));
    }
  }

  private final Path dir;
  private final Options options;
  private final Object lock = new Object();
  private final Object checkpointLock = new Object();
  private final ScheduledExecutorService flusher;
  // Guarded by lock. RandomAccessFile, not FileChannel: an interrupt of a thread inside a
  // FileChannel call closes the channel, so one cancelled committer would break the log for all.
  private RandomAccessFile segment;
  private int segmentNo;
  private long segmentPos;
  private boolean closed;
  /**
   * Set when a failed write could not be undone (appending after garbage would hide data) or an
   * fsync failed (see {@link #fsync}); every later commit then throws.
   */
  private IOException failure;
  // Written under lock, read by the flusher.
  private volatile long written;
  private volatile long synced;
  /** See {@link #changes}. */
  private final AtomicLong changes = new AtomicLong();
  private final WalMetrics metrics = new WalMetrics();
  /** Receives each fsync's duration in nanoseconds; see {@link #onFsync}. */
  private volatile LongConsumer fsyncObserver = nanos -> {};

  private Wal(Path dir, Options options) throws IOException {
    this.dir = dir;
    this.options = options;
    Files.createDirectories(dir);
    removeTemporaryCheckpoints();
    // The one walk: from here on the size is kept up to date as files are written and deleted.
    metrics.sizeBytes = filesSize(dir);
    int max = 0;
    List<Integer> segs = Segments.list(dir);
    if (!segs.isEmpty()) {
      max = segs.get(segs.size() - 1);
    }
    List<Integer> cps = Segments.checkpoints(dir);
    if (!cps.isEmpty()) {
      max = Math.max(max, cps.get(cps.size() - 1));
    }
    openSegment(max + 1);
    Duration every = options.fsyncEvery();
    if (every != null && !every.isZero()) {
      flusher = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "wal-fsync " + dir.getFileName());
        t.setDaemon(true);
        return t;
      });
      long ms = Math.max(1, every.toMillis());
      flusher.scheduleWithFixedDelay(this::backgroundSync, ms, ms, TimeUnit.MILLISECONDS);
    } else {
      flusher = null;
    }
  }

  public static Wal open(Path dir) throws IOException {
    return new Wal(dir, Options.defaults());
  }

  public static Wal open(Path dir, Options options) throws IOException {
    return new Wal(dir, options);
  }

  public Path dir() {
    return dir;
  }

  /**
   * Writes the batch's records as one commit; see the class comment for what is durable when
   * this returns. On success the batch is reset, ready for the next commit (so it cannot be
   * logged twice by mistake); on an exception it keeps its records, so the caller may retry or
   * roll back. An empty batch writes nothing.
   */
  public void log(WalBatch batch) throws IOException {
    int n = batch.finish();
    if (n == 0) {
      return;
    }
    synchronized (lock) {
      try {
        ensureWritable();
        if (segmentPos > 0 && segmentPos + n > options.segmentSize()) {
          rollSegment();
        }
        long start = segmentPos;
        try {
          segment.write(batch.buf, 0, n);
        } catch (IOException e) {
          undoPartialWrite(start, e);
          throw e;
        }
        segmentPos += n;
        written += n;
        changes.incrementAndGet();
        metrics.sizeBytes += n;
        metrics.records.add(countRecords(batch.buf, n));
        metrics.bytes.add(n);
        if (options.fsyncEvery() != null && options.fsyncEvery().isZero()) {
          fsync(segment);
          synced = written;
        }
      } catch (IOException e) {
        metrics.writesFailed.increment();
        throw e;
      }
    }
    batch.reset();
  }

  /** Fsyncs everything logged so far. */
  public void sync() throws IOException {
    RandomAccessFile file;
    long upTo;
    synchronized (lock) {
      if (closed) {
        return;
      }
      file = segment;
      upTo = written;
    }
    if (file == null) {
      return; // between segments after a failed roll; the closed one was fsynced
    }
    try {
      // Outside the lock: committers keep writing while the disk catches up.
      timedSync(file);
    } catch (IOException e) {
      synchronized (lock) {
        if (file == segment && !closed) {
          failure = e;
          throw e;
        }
      }
      return; // rolled over or closed meanwhile, and closing a segment fsyncs it
    }
    synced = Math.max(synced, upTo);
  }

  /**
   * Closes the current segment (fsynced) and starts the next; returns the closed segment's
   * number, which is then safe to {@link #checkpoint}.
   */
  public int cutSegment() throws IOException {
    synchronized (lock) {
      ensureWritable();
      int done = segmentNo;
      rollSegment();
      return done;
    }
  }

  /**
   * A count that grows after every change a reader of the directory could see: a commit
   * written, a segment opened, a checkpoint made. A tail that read to the end and finds the same
   * count afterwards has nothing new to read, without listing or reading a file.
   */
  public long changes() {
    return changes.get();
  }

  /** The number of the segment being written. */
  public int currentSegment() {
    synchronized (lock) {
      return segmentNo;
    }
  }

  /** Counters of this log since it was opened (the size covers every file in the directory). */
  public WalMetrics metrics() {
    return metrics;
  }

  /**
   * Hands each fsync's duration (nanoseconds) to {@code observer}, for a distribution the caller
   * keeps. Called on the committing or flushing thread, sometimes under the commit lock: it must
   * be quick and must not call back into this log.
   */
  public void onFsync(LongConsumer observer) {
    fsyncObserver = observer;
  }

  /**
   * Folds segments up to {@code upToSegment} into {@code checkpoint.<upToSegment>}, then deletes
   * them and older checkpoints; see {@link Checkpoint}. Commits continue meanwhile (only closed
   * segments are read); concurrent checkpoints wait for each other.
   *
   * @param keepSeries series refs still alive; their series records and tombstones are kept
   * @param keepSample samples to keep, e.g. those newer than the head's minimum time
   */
  public ReplayStats checkpoint(int upToSegment, LongPredicate keepSeries,
      Checkpoint.SampleFilter keepSample) throws IOException {
    if (upToSegment >= currentSegment()) {
      throw new IllegalArgumentException("segment " + upToSegment + " is still being written; "
          + "call cutSegment() first");
    }
    synchronized (checkpointLock) {
      long started = System.nanoTime();
      metrics.truncations.increment();
      metrics.checkpoints.increment();
      // Only closed files change here (segments ..upToSegment and checkpoints), and nothing else
      // changes them while the checkpoint lock is held: their size before and after is the delta.
      long before = closedFilesSize(upToSegment);
      try {
        return Checkpoint.create(dir, upToSegment, options.segmentSize(), keepSeries,
            keepSample);
      } catch (IOException | RuntimeException e) {
        metrics.truncationsFailed.increment();
        metrics.checkpointsFailed.increment();
        throw e;
      } finally {
        metrics.truncateNanos.add(System.nanoTime() - started);
        updateSizeAfterCheckpoint(upToSegment, before);
        changes.incrementAndGet();
      }
    }
  }

  private void updateSizeAfterCheckpoint(int upToSegment, long before) {
    try {
      long after = closedFilesSize(upToSegment);
      synchronized (lock) {
        metrics.sizeBytes += after - before;
      }
    } catch (IOException e) {
      // Only the size metric is stale then; the log itself is fine.
      log.warn("WAL {}: could not size the files after a checkpoint: {}", dir, e.toString());
    }
  }

  /** Bytes logged but not yet fsynced; for tests of the policy. */
  long unsyncedBytes() {
    return written - synced;
  }

  @Override
  public void close() throws IOException {
    if (flusher != null) {
      flusher.shutdown(); // not shutdownNow: no interrupts near file I/O
    }
    synchronized (lock) {
      if (closed) {
        return;
      }
      closed = true;
      if (segment == null) {
        return;
      }
      try {
        timedSync(segment);
      } finally {
        segment.close();
      }
    }
  }

  private void backgroundSync() {
    if (synced == written) {
      return;
    }
    try {
      sync();
    } catch (IOException e) {
      // sync() has marked the writer failed; the next commit reports it to its caller.
      log.error("WAL background fsync of {} failed; refusing further writes", dir, e);
    }
  }

  private void ensureWritable() throws IOException {
    if (closed) {
      throw new IOException("WAL " + dir + " is closed");
    }
    if (failure != null) {
      throw new IOException("WAL " + dir + " failed earlier; restart to recover", failure);
    }
    if (segment == null) {
      openSegment(segmentNo + 1);
    }
  }

  /** Truncates a half-written batch away, so later commits do not sit behind a torn record. */
  private void undoPartialWrite(long start, IOException cause) {
    try {
      segment.setLength(start);
      segment.seek(start);
    } catch (IOException e) {
      cause.addSuppressed(e);
      failure = cause;
      log.error("WAL {}: could not undo a failed write; refusing further writes", dir, cause);
    }
  }

  /**
   * Closes the segment and starts the next. If the next cannot be created (a full disk), the
   * log stays usable: the next commit tries again, so writing resumes when space returns.
   */
  private void rollSegment() throws IOException {
    fsync(segment);
    try {
      segment.close();
    } finally {
      segment = null;
    }
    openSegment(segmentNo + 1);
  }

  /**
   * An fsync failure is fatal for this writer: the kernel may already have dropped the dirty
   * pages, so a later fsync could report success for data that is gone. Caller holds the lock.
   */
  private void fsync(RandomAccessFile file) throws IOException {
    try {
      timedSync(file);
    } catch (IOException e) {
      failure = e;
      log.error("WAL {}: fsync failed; refusing further writes", dir, e);
      throw e;
    }
  }

  private void timedSync(RandomAccessFile file) throws IOException {
    long started = System.nanoTime();
    file.getFD().sync();
    long took = System.nanoTime() - started;
    metrics.fsyncs.increment();
    metrics.fsyncNanos.add(took);
    fsyncObserver.accept(took);
  }

  /** Records in the framed bytes of a batch: walks the frame headers, a few per commit. */
  private static int countRecords(byte[] buf, int n) {
    int records = 0;
    for (int off = 0; off < n; off += WalBatch.HEADER_SIZE + WalBatch.readInt(buf, off)) {
      records++;
    }
    return records;
  }

  /** Bytes in segments up to {@code upTo} and in every checkpoint. */
  private long closedFilesSize(int upTo) throws IOException {
    long sum = 0;
    for (int n : Segments.list(dir)) {
      if (n <= upTo) {
        sum += sizeOrZero(dir.resolve(Segments.segmentName(n)));
      }
    }
    for (int cp : Segments.checkpoints(dir)) {
      sum += filesSize(dir.resolve(Segments.checkpointName(cp)));
    }
    return sum;
  }

  /** Bytes of the regular files in {@code d} and its subdirectories. */
  private static long filesSize(Path d) throws IOException {
    try (var files = Files.walk(d)) {
      return files.mapToLong(Wal::sizeOrZero).sum();
    }
  }

  private static long sizeOrZero(Path p) {
    // A file deleted between listing and sizing counts as gone.
    return p.toFile().isFile() ? p.toFile().length() : 0;
  }

  private void openSegment(int n) throws IOException {
    Path p = dir.resolve(Segments.segmentName(n));
    // An empty file is what an earlier attempt left when the disk was full: take it.
    if (Files.exists(p) && Files.size(p) > 0) {
      throw new IOException("WAL segment " + p + " exists already");
    }
    segment = new RandomAccessFile(p.toFile(), "rw");
    segmentNo = n;
    metrics.segmentCurrent = n;
    segmentPos = 0;
    // The new file's directory entry must survive a machine crash too.
    Segments.fsyncDir(dir);
    changes.incrementAndGet();
  }

  /** A crash during a checkpoint leaves {@code checkpoint.N.tmp}; it is incomplete by design. */
  private void removeTemporaryCheckpoints() throws IOException {
    try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir,
        Segments.CHECKPOINT_PREFIX + "*" + Segments.TMP_SUFFIX)) {
      for (Path p : ds) {
        Segments.deleteTree(p);
      }
    }
  }
}
