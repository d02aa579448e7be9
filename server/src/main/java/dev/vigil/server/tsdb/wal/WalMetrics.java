package dev.vigil.server.tsdb.wal;

import java.util.concurrent.atomic.LongAdder;

/**
 * What the log has done since it was opened. Counters only grow; all reads are lock-free and
 * cheap enough for every scrape. Names follow Prometheus's WAL metrics.
 */
public final class WalMetrics {
  final LongAdder fsyncs = new LongAdder();
  final LongAdder fsyncNanos = new LongAdder();
  final LongAdder records = new LongAdder();
  final LongAdder bytes = new LongAdder();
  final LongAdder writesFailed = new LongAdder();
  final LongAdder truncations = new LongAdder();
  final LongAdder truncationsFailed = new LongAdder();
  final LongAdder checkpoints = new LongAdder();
  final LongAdder checkpointsFailed = new LongAdder();
  final LongAdder truncateNanos = new LongAdder();
  // Written under the commit lock.
  volatile long sizeBytes;
  volatile int segmentCurrent;

  WalMetrics() {}

  /** Fsyncs of segment files: per commit, background, on rollover and on close. */
  public long fsyncs() {
    return fsyncs.sum();
  }

  public double fsyncSeconds() {
    return fsyncNanos.sum() / 1e9;
  }

  /** Bytes of every segment and checkpoint file in the directory. */
  public long sizeBytes() {
    return sizeBytes;
  }

  public int segmentCurrent() {
    return segmentCurrent;
  }

  /** Framed records written (a commit writes one per record kind, more when very large). */
  public long recordsWritten() {
    return records.sum();
  }

  /** Bytes of those records, frame headers included. */
  public long bytesWritten() {
    return bytes.sum();
  }

  /** Commits that threw: a write, rollover or fsync failed, or the log had failed before. */
  public long writesFailed() {
    return writesFailed.sum();
  }

  /** Truncations of old segments, attempted; each one writes a checkpoint first. */
  public long truncations() {
    return truncations.sum();
  }

  public long truncationsFailed() {
    return truncationsFailed.sum();
  }

  public long checkpointCreations() {
    return checkpoints.sum();
  }

  public long checkpointCreationsFailed() {
    return checkpointsFailed.sum();
  }

  /** Time spent in {@link Wal#checkpoint}, which writes the checkpoint and truncates. */
  public double truncateSeconds() {
    return truncateNanos.sum() / 1e9;
  }
}
