package dev.vigil.server.tsdb.wal;

import dev.vigil.server.model.Labels;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.function.LongPredicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checkpoints keep replay time bounded: the still-live content of segments {@code ..N} (and of
 * the previous checkpoint) is rewritten into {@code checkpoint.N/}, a directory of ordinary
 * segment files, and segments {@code ..N} are deleted. Replay reads the latest checkpoint, then
 * the segments after {@code N}.
 *
 * <p>Crash safety: the checkpoint is written to {@code checkpoint.N.tmp/}, fsynced, renamed
 * atomically, and the directory fsynced, before anything is deleted. A crash before the rename
 * leaves a {@code .tmp} directory that readers ignore and {@link Wal#open} removes; a crash after
 * it leaves segments {@code ..N} that replay skips and the next checkpoint deletes.
 */
public final class Checkpoint {
  private static final Logger log = LoggerFactory.getLogger(Checkpoint.class);
  /** Records are handed to the checkpoint's writer in batches of about this size. */
  private static final int FLUSH_BYTES = 1 << 20;

  /** Decides which samples a checkpoint keeps. */
  @FunctionalInterface
  public interface SampleFilter {
    boolean keep(long ref, long t);
  }

  private Checkpoint() {}

  static ReplayStats create(Path dir, int upTo, long segmentSize, LongPredicate keepSeries,
      SampleFilter keepSample) throws IOException {
    List<Integer> cps = Segments.checkpoints(dir);
    int prev = -1;
    for (int cp : cps) {
      if (cp >= upTo) {
        // Rewriting checkpoint N in place would need a delete before the rename: a crash
        // between them would lose segments ..N, which are already gone.
        throw new IllegalArgumentException("checkpoint " + cp + " exists, not older than " + upTo);
      }
      prev = cp;
    }
    Path tmp = dir.resolve(Segments.checkpointName(upTo) + Segments.TMP_SUFFIX);
    Segments.deleteTree(tmp);
    ReplayStats stats = new ReplayStats();
    stats.checkpoint = prev;
    try (Wal out = Wal.open(tmp, new Wal.Options(segmentSize, null))) {
      WalBatch batch = new WalBatch(FLUSH_BYTES + 64 * 1024);
      Filter filter = new Filter(out, batch, keepSeries, keepSample);
      WalReader reader = new WalReader(filter, stats);
      if (prev >= 0) {
        Path cpDir = dir.resolve(Segments.checkpointName(prev));
        for (int n : Segments.list(cpDir)) {
          reader.readSegment(cpDir.resolve(Segments.segmentName(n)), false);
        }
      }
      for (int n : Segments.list(dir)) {
        if (n > prev && n <= upTo) {
          // No tail repair: these segments are closed, so damage in them is not a torn write.
          reader.readSegment(dir.resolve(Segments.segmentName(n)), false);
        }
      }
      out.log(batch);
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
    Segments.fsyncDir(tmp);
    Path target = dir.resolve(Segments.checkpointName(upTo));
    Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
    Segments.fsyncDir(dir);

    for (int n : Segments.list(dir)) {
      if (n <= upTo) {
        Files.deleteIfExists(dir.resolve(Segments.segmentName(n)));
      }
    }
    for (int cp : Segments.checkpoints(dir)) {
      if (cp < upTo) {
        Segments.deleteTree(dir.resolve(Segments.checkpointName(cp)));
      }
    }
    Segments.fsyncDir(dir);
    log.info("WAL checkpoint {} written: {}", upTo, stats);
    return stats;
  }

  /** Copies the records worth keeping into the checkpoint's writer. */
  private static final class Filter implements WalReader.Handler {
    private final Wal out;
    private final WalBatch batch;
    private final LongPredicate keepSeries;
    private final SampleFilter keepSample;

    Filter(Wal out, WalBatch batch, LongPredicate keepSeries, SampleFilter keepSample) {
      this.out = out;
      this.batch = batch;
      this.keepSeries = keepSeries;
      this.keepSample = keepSample;
    }

    @Override
    public void onSeries(long ref, Labels labels) {
      if (keepSeries.test(ref)) {
        batch.series(ref, labels);
        maybeFlush();
      }
    }

    @Override
    public void onSample(long ref, long t, double v) {
      if (keepSeries.test(ref) && keepSample.keep(ref, t)) {
        batch.sample(ref, t, v);
        maybeFlush();
      }
    }

    @Override
    public void onTombstone(long ref, long mint, long maxt) {
      // A range ending before the samples kept covers nothing left: it was applied to a block.
      if (keepSeries.test(ref) && keepSample.keep(ref, maxt)) {
        batch.tombstone(ref, mint, maxt);
        maybeFlush();
      }
    }

    // Records of unknown types are dropped: nothing can tell whether they are still needed.

    private void maybeFlush() {
      if (batch.len >= FLUSH_BYTES) {
        try {
          out.log(batch);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
        batch.reset();
      }
    }
  }
}
