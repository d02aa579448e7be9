package dev.vigil.server.tsdb.tools;

import dev.vigil.server.model.Labels;
import dev.vigil.server.tsdb.block.BlockMeta;
import dev.vigil.server.tsdb.block.BlockWriter;
import dev.vigil.server.tsdb.block.MemBlockSource;
import dev.vigil.server.tsdb.chunkenc.Chunk;
import dev.vigil.server.tsdb.chunkenc.XorChunk;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Turns an OpenMetrics file with timestamps into blocks, as {@code promtool tsdb
 * create-blocks-from openmetrics} does: one pass checks the whole file (syntax, timestamps,
 * order within each series) and finds which block ranges hold samples, then one pass per range
 * collects that range's samples into chunks and writes a block. Nothing is written unless the
 * whole file is valid; memory holds the series' last timestamps plus one range's chunks.
 */
public final class Backfill {
  public static final long DEFAULT_BLOCK_MILLIS = 2 * 3600_000L;

  /** What a backfill wrote. */
  public record Result(List<BlockMeta> blocks, long series, long samples, long duplicates) {}

  private final Path file;
  private final Path outDir;
  private final long blockMillis;
  private final Progress progress;
  private final OpenMetricsScanner scanner;

  public Backfill(Path file, Path outDir, long blockMillis, Labels extraLabels,
      Progress progress) {
    this(file, outDir, blockMillis, extraLabels, progress,
        OpenMetricsScanner.DEFAULT_WINDOW_BYTES);
  }

  Backfill(Path file, Path outDir, long blockMillis, Labels extraLabels, Progress progress,
      int windowBytes) {
    if (blockMillis <= 0) {
      throw new IllegalArgumentException("block duration must be positive, got " + blockMillis
          + " ms");
    }
    this.file = file;
    this.outDir = outDir;
    this.blockMillis = blockMillis;
    this.progress = progress;
    this.scanner = new OpenMetricsScanner(file, windowBytes, extraLabels, progress);
  }

  public Result run() throws IOException, BackfillException {
    progress.phase("pass 1: checking " + file.getFileName());
    Check check = new Check();
    scanner.scan(check);
    List<BlockMeta> written = new ArrayList<>();
    int pass = 1;
    for (long start : check.ranges) {
      pass++;
      progress.phase("pass " + pass + " of " + (check.ranges.size() + 1) + ": block from "
          + Instant.ofEpochMilli(start));
      Collect c = new Collect(start, start + blockMillis);
      try {
        scanner.scan(c);
      } catch (BackfillException e) {
        // The first pass read the same bytes without error, so the file changed under us.
        throw new IOException(file + " changed during the backfill (" + e.getMessage() + "); "
            + written.size() + " blocks had been written", e);
      }
      if (c.series.isEmpty()) {
        continue;
      }
      MemBlockSource src = new MemBlockSource();
      for (Map.Entry<Labels, SeriesChunks> e : c.series.entrySet()) {
        src.add(e.getKey(), e.getValue().chunks);
      }
      written.add(BlockWriter.write(outDir, c.minT, c.maxT + 1, src));
      progress.blockWritten();
    }
    return new Result(written, check.series.size(), check.samples, check.duplicates);
  }

  private static final class LastSample {
    long t;
    double v;
  }

  /** First pass: validates order per series and notes the ranges that have samples. */
  private final class Check implements OpenMetricsScanner.Sink {
    final Map<Labels, LastSample> series = new HashMap<>();
    final TreeSet<Long> ranges = new TreeSet<>();
    long samples;
    long duplicates;
    private Labels curLabels;
    private LastSample cur;
    private long curRange = Long.MIN_VALUE;

    @Override
    public void sample(Labels labels, long t, double v, long line) throws BackfillException {
      if (labels != curLabels) {
        curLabels = labels;
        cur = series.get(labels);
        if (cur == null) {
          cur = new LastSample();
          cur.t = Long.MIN_VALUE;
          series.put(labels, cur);
        }
      }
      if (t < cur.t) {
        throw new BackfillException(file, line, "out-of-order sample for " + labels
            + ": timestamp " + t + " ms is before the series' previous sample at " + cur.t
            + " ms");
      }
      if (t == cur.t) {
        if (Double.doubleToRawLongBits(v) != Double.doubleToRawLongBits(cur.v)) {
          throw new BackfillException(file, line, "duplicate sample for " + labels
              + " at timestamp " + t + " ms with a different value (" + v + " after " + cur.v
              + ")");
        }
        duplicates++;
        return;
      }
      cur.t = t;
      cur.v = v;
      samples++;
      long range = Math.floorDiv(t, blockMillis) * blockMillis;
      if (range != curRange) {
        curRange = range;
        ranges.add(range);
      }
    }
  }

  private static final class SeriesChunks {
    final List<Chunk> chunks = new ArrayList<>(4);
    XorChunk cur;
    long lastT = Long.MIN_VALUE;
    /** When to cut the current chunk; see {@link Collect#sample}. */
    long cutAt;
  }

  /** A later pass: the chunks of one range. */
  private final class Collect implements OpenMetricsScanner.Sink {
    final Map<Labels, SeriesChunks> series = new HashMap<>();
    private final long from;
    private final long to;
    long minT = Long.MAX_VALUE;
    long maxT = Long.MIN_VALUE;
    private Labels curLabels;
    private SeriesChunks cur;

    Collect(long from, long to) {
      this.from = from;
      this.to = to;
    }

    @Override
    public void sample(Labels labels, long t, double v, long line) {
      if (t < from || t >= to) {
        return;
      }
      if (labels != curLabels) {
        curLabels = labels;
        cur = series.computeIfAbsent(labels, l -> new SeriesChunks());
      }
      if (t == cur.lastT) {
        return; // an identical duplicate; the first pass rejected any other
      }
      // Chunks are cut as Prometheus's head cuts them, so both tools write comparable chunks:
      // after a quarter of the target, the sample rate so far predicts how many chunks the
      // rest of the range needs, and the range is split evenly between them.
      int n = cur.cur == null ? 0 : cur.cur.numSamples();
      if (n == Chunk.TARGET_SAMPLES / 4) {
        cur.cutAt = chunkEnd(cur.cur.minTime(), cur.cur.maxTime(), cur.cutAt);
      }
      if (cur.cur == null || t >= cur.cutAt || n >= 2 * Chunk.TARGET_SAMPLES) {
        cur.cur = new XorChunk();
        cur.chunks.add(cur.cur);
        cur.cutAt = to;
      }
      cur.cur.append(t, v);
      cur.lastT = t;
      minT = Math.min(minT, t);
      maxT = Math.max(maxT, t);
    }
  }

  /** The end of a chunk started at {@code start} that splits {@code [start, max)} evenly. */
  static long chunkEnd(long start, long cur, long max) {
    long n = (max - start) / ((cur - start + 1) * 4);
    return n <= 1 ? max : start + (max - start) / n;
  }
}
