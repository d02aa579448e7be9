package dev.vigil.server.remote;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/** Counters one remote write queue keeps; exported by {@link RemoteStorage} with its labels. */
final class QueueMetrics {
  final LongAdder samplesIn = new LongAdder();
  final LongAdder samplesSent = new LongAdder();
  final LongAdder samplesFailed = new LongAdder();
  final LongAdder samplesRetried = new LongAdder();
  final LongAdder samplesDropped = new LongAdder();
  final LongAdder exemplarsIn = new LongAdder();
  final LongAdder exemplarsSent = new LongAdder();
  final LongAdder exemplarsFailed = new LongAdder();
  final LongAdder exemplarsRetried = new LongAdder();
  final LongAdder exemplarsDropped = new LongAdder();
  final LongAdder bytesSent = new LongAdder();
  final LongAdder requestsSent = new LongAdder();
  final LongAdder sendNanos = new LongAdder();
  final LongAdder metadataSent = new LongAdder();
  final LongAdder metadataFailed = new LongAdder();
  final LongAdder metadataRetried = new LongAdder();
  /** Compressed bytes of acknowledged metadata requests. */
  final LongAdder metadataBytes = new LongAdder();
  /** Highest sample timestamp read from the WAL (ms). */
  final AtomicLong highestReadMs = new AtomicLong();
  /** Highest sample timestamp a receiver acknowledged (ms). */
  final AtomicLong highestSentMs = new AtomicLong();
  /** Segments the tail had to skip because a checkpoint deleted them first. */
  volatile long walSegmentsSkipped;
  /** Series the WAL reader knows (its map of refs to labels). */
  volatile int seriesKnown;

  static void max(AtomicLong a, long v) {
    long cur;
    while ((cur = a.get()) < v && !a.compareAndSet(cur, v)) {
      // retry
    }
  }
}
