package dev.vigil.benchmarks;

import dev.vigil.server.model.Labels;
import dev.vigil.server.scrape.parse.ExpositionParser;
import dev.vigil.server.scrape.parse.OpenMetricsParser;
import dev.vigil.server.scrape.parse.ParseException;
import dev.vigil.server.scrape.parse.StringCache;
import dev.vigil.server.scrape.parse.TextParser;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Scrape-body parsing throughput of the server's pull parsers, one thread. One operation parses
 * one whole body; the {@code samples} and {@code bytes} counters turn that into samples/s and
 * bytes/s (JMH prints them next to ops/s). Bodies come from {@link ExpositionPayload}: "node"
 * is about 1,500 series (node_exporter-sized), "100k" about 100,000.
 *
 * <ul>
 *   <li>{@code labelsWarmCache}: every sample's labels into a {@link Labels.Builder} plus value
 *       and timestamp, with the string cache kept across scrapes (how a scrape loop uses it).
 *   <li>{@code labelsColdCache}: the same with a new parser and cache per scrape.
 *   <li>{@code seriesBytes}: value plus the raw series bytes only — the path of a scrape-cache
 *       hit, which never builds labels.
 * </ul>
 */
@State(Scope.Thread)
@Threads(1)
public class ParseBenchmark {
  @Param({"node", "100k"})
  public String size;

  @Param({"text", "openmetrics"})
  public String format;

  private byte[] body;
  private int samples;
  private boolean om;
  private final StringCache cache = new StringCache(8192);
  private final Labels.Builder builder = new Labels.Builder();

  /** Per-iteration counters JMH reports as rates. */
  @State(Scope.Thread)
  @AuxCounters(AuxCounters.Type.OPERATIONS)
  public static class Counters {
    public long samples;
    public long bytes;

    @Setup(Level.Iteration)
    public void clear() {
      samples = 0;
      bytes = 0;
    }
  }

  @Setup(Level.Trial)
  public void setUp() throws ParseException {
    om = format.equals("openmetrics");
    ExpositionPayload p = ExpositionPayload.generate(size.equals("node") ? 1500 : 100_000, om);
    body = p.bytes;
    samples = p.samples;
    // Fail fast if the generated body does not parse completely.
    int n = 0;
    ExpositionParser parser = parser(null);
    for (ExpositionParser.Entry e; (e = parser.next()) != null; ) {
      if (e == ExpositionParser.Entry.SERIES) {
        n++;
      }
    }
    if (n != samples) {
      throw new IllegalStateException("parsed " + n + " samples, generated " + samples);
    }
  }

  private ExpositionParser parser(StringCache c) {
    return om ? new OpenMetricsParser(body, body.length, c) : new TextParser(body, body.length, c);
  }

  @Benchmark
  public void labelsWarmCache(Counters counters, Blackhole bh) throws ParseException {
    run(parser(cache), true, counters, bh);
  }

  @Benchmark
  public void labelsColdCache(Counters counters, Blackhole bh) throws ParseException {
    run(parser(null), true, counters, bh);
  }

  @Benchmark
  public void seriesBytes(Counters counters, Blackhole bh) throws ParseException {
    run(parser(cache), false, counters, bh);
  }

  private void run(ExpositionParser p, boolean labels, Counters counters, Blackhole bh)
      throws ParseException {
    for (ExpositionParser.Entry e; (e = p.next()) != null; ) {
      if (e == ExpositionParser.Entry.SERIES) {
        if (labels) {
          p.labels(builder);
          bh.consume(builder.size());
        } else {
          bh.consume(p.seriesEnd() - p.seriesStart());
        }
        bh.consume(p.value());
        bh.consume(p.hasTimestamp());
      }
    }
    counters.samples += samples;
    counters.bytes += body.length;
  }
}
