package dev.vigil.server.tsdb.tools;

import dev.vigil.server.model.Labels;
import dev.vigil.server.model.Matcher;
import dev.vigil.server.storage.Querier;
import dev.vigil.server.storage.SampleIterator;
import dev.vigil.server.storage.SeriesSet;
import dev.vigil.server.tsdb.block.BlockMeta;
import dev.vigil.server.tsdb.block.BlockReader;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What {@code tsdb analyze} reports about one block: sizes per sample, which labels and metric
 * names cost the most series, and churn (series that start or stop inside the block). Every
 * sample is decoded once, so the sample count is checked against meta.json as a side effect.
 */
final class BlockAnalysis {
  /** A series counts as churn when its first or last sample is this far from the block edge. */
  static final long CHURN_SLACK_MILLIS = 5 * 60_000L;

  final BlockMeta meta;
  final long chunkBytes;
  final long indexBytes;
  final long totalBytes;
  long series;
  long samples;
  long seriesStarted;
  long seriesEnded;
  final Map<String, long[]> seriesPerMetric = new HashMap<>();
  final Map<String, long[]> seriesPerPair = new HashMap<>();
  final Map<String, long[]> churnPerPair = new HashMap<>();
  final Map<String, long[]> valuesPerName = new HashMap<>();

  private BlockAnalysis(BlockReader block) {
    this.meta = block.meta();
    this.chunkBytes = BlockDirs.size(block.dir().resolve("chunks"));
    this.indexBytes = BlockDirs.size(block.dir().resolve("index"));
    this.totalBytes = BlockDirs.size(block.dir());
  }

  static BlockAnalysis of(BlockReader block, Progress progress) {
    BlockAnalysis a = new BlockAnalysis(block);
    for (String name : block.labelNames()) {
      a.valuesPerName.put(name, new long[] {block.labelValues(name).size()});
    }
    long mint = a.meta.minTime();
    long lastT = a.meta.maxTime() - 1;
    progress.phase("analyzing " + a.meta.id());
    try (Querier q = block.querier(mint, lastT)) {
      SeriesSet set = q.select(false, Matcher.regex(Labels.METRIC_NAME, ".+"));
      SampleIterator it = null;
      while (set.next()) {
        Labels l = set.labels();
        a.series++;
        it = set.iterator();
        long first = Long.MIN_VALUE;
        long last = Long.MIN_VALUE;
        while (it.next()) {
          if (first == Long.MIN_VALUE) {
            first = it.atT();
          }
          last = it.atT();
          a.samples++;
        }
        count(a.seriesPerMetric, l.metricName());
        boolean started = first > mint + CHURN_SLACK_MILLIS;
        boolean ended = last < lastT - CHURN_SLACK_MILLIS;
        a.seriesStarted += started ? 1 : 0;
        a.seriesEnded += ended ? 1 : 0;
        for (int i = 0; i < l.size(); i++) {
          String pair = l.name(i) + "=" + l.value(i);
          count(a.seriesPerPair, pair);
          if (started || ended) {
            count(a.churnPerPair, pair);
          }
        }
        progress.items("series", a.series, a.meta.stats().numSeries());
      }
    }
    return a;
  }

  private static void count(Map<String, long[]> m, String key) {
    m.computeIfAbsent(key, k -> new long[1])[0]++;
  }

  void print(PrintWriter out, int limit) {
    out.println("Block ID: " + meta.id());
    out.println("Time range: " + Instant.ofEpochMilli(meta.minTime()) + " .. "
        + Instant.ofEpochMilli(meta.maxTime()) + " (" + meta.minTime() + " .. " + meta.maxTime()
        + " ms, half-open)");
    out.println("Duration: " + format(Duration.ofMillis(meta.maxTime() - meta.minTime())));
    out.println("Series: " + series);
    out.println("Samples: " + samples
        + (samples == meta.stats().numSamples() ? ""
            : " (meta.json says " + meta.stats().numSamples() + ")"));
    out.println("Chunks: " + meta.stats().numChunks());
    out.printf("Bytes: %d total (%s per sample), %d in chunks (%s per sample),"
        + " %d in the index (%s per sample)%n", totalBytes, perSample(totalBytes), chunkBytes,
        perSample(chunkBytes), indexBytes, perSample(indexBytes));
    out.printf("Churn: %d series start and %d end inside the block (more than %d min from"
        + " its edges)%n", seriesStarted, seriesEnded, CHURN_SLACK_MILLIS / 60_000);
    section(out, "Label names with most values:", valuesPerName, limit);
    section(out, "Label pairs with most series:", seriesPerPair, limit);
    section(out, "Metric names with most series:", seriesPerMetric, limit);
    section(out, "Label pairs most involved in churn:", churnPerPair, limit);
  }

  String perSample(long bytes) {
    return samples == 0 ? "-" : String.format("%.3f", (double) bytes / samples);
  }

  private static void section(PrintWriter out, String title, Map<String, long[]> m, int limit) {
    out.println();
    out.println(title);
    List<Map.Entry<String, long[]>> top = new ArrayList<>(m.entrySet());
    top.sort(Comparator.comparingLong((Map.Entry<String, long[]> e) -> -e.getValue()[0])
        .thenComparing(Map.Entry::getKey));
    for (int i = 0; i < Math.min(limit, top.size()); i++) {
      out.printf("%8d %s%n", top.get(i).getValue()[0], top.get(i).getKey());
    }
  }

  static String format(Duration d) {
    return d.toString().substring(2).toLowerCase();
  }
}
