package dev.vigil.benchmarks;

import dev.vigil.client.exposition.ExpositionWriter;
import dev.vigil.client.exposition.OpenMetricsWriter;
import dev.vigil.client.exposition.PrometheusTextWriter;
import dev.vigil.client.model.Registry;
import io.micrometer.core.instrument.Counter;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.prometheus.metrics.expositionformats.ExpositionFormatWriter;
import io.prometheus.metrics.expositionformats.OpenMetricsTextFormatWriter;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;

/**
 * One complete scrape of 10,000 series: 100 counter families ({@code bench_requests_00} …
 * {@code bench_requests_99}), each with 100 label sets ({@code method} × {@code path}, 4 × 25),
 * collected from the registry and rendered to a discarding stream, in the Prometheus text format
 * 0.0.4 ({@code format=text}) or OpenMetrics 1.0.0 ({@code format=openmetrics}). One thread.
 *
 * <ul>
 *   <li>Vigil: {@code registry.scrape()} then {@link PrometheusTextWriter} /
 *       {@link OpenMetricsWriter}.
 *   <li>client_java: {@code PrometheusRegistry.scrape()} then {@link PrometheusTextFormatWriter}
 *       / {@link OpenMetricsTextFormatWriter}. OpenMetrics with created timestamps enabled, so
 *       that it writes the same {@code _created} line per counter that Vigil's writer writes
 *       (off by default in client_java).
 *   <li>Micrometer: {@code PrometheusMeterRegistry.scrape(out, contentType)}, which collects its
 *       meters into client_java snapshots and renders them with client_java's writers.
 * </ul>
 *
 * <p>{@link ScrapeOutput} prints the size of each variant's output, to check the workloads match.
 */
@State(Scope.Benchmark)
@Threads(1)
public class ScrapeBenchmark {
  static final int FAMILIES = 100;
  static final String[] METHODS = {"GET", "POST", "PUT", "DELETE"};
  static final int PATHS = 25;

  @Param({"text", "openmetrics"})
  public String format;

  private Registry vigilRegistry;
  private ExpositionWriter vigilWriter;
  private PrometheusRegistry clientJavaRegistry;
  private ExpositionFormatWriter clientJavaWriter;
  private PrometheusMeterRegistry micrometerRegistry;
  private String micrometerContentType;
  private final CountingOutputStream out = new CountingOutputStream();

  @Setup(Level.Trial)
  public void setUp() {
    boolean text = switch (format) {
      case "text" -> true;
      case "openmetrics" -> false;
      default -> throw new IllegalArgumentException("format is text or openmetrics: " + format);
    };
    vigilRegistry = new Registry();
    vigilWriter = text ? new PrometheusTextWriter() : new OpenMetricsWriter();
    clientJavaRegistry = new PrometheusRegistry();
    clientJavaWriter = text
        ? PrometheusTextFormatWriter.create()
        : OpenMetricsTextFormatWriter.builder().setCreatedTimestampsEnabled(true).build();
    micrometerRegistry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    micrometerContentType = text
        ? PrometheusTextFormatWriter.CONTENT_TYPE : OpenMetricsTextFormatWriter.CONTENT_TYPE;

    for (int f = 0; f < FAMILIES; f++) {
      String name = String.format("bench_requests_%02d", f);
      String help = "Requests served by handler " + f + ".";
      dev.vigil.client.core.Counter vigil = dev.vigil.client.core.Counter.builder()
          .name(name).help(help).labelNames("method", "path").register(vigilRegistry);
      io.prometheus.metrics.core.metrics.Counter clientJava =
          io.prometheus.metrics.core.metrics.Counter.builder()
              .name(name).help(help).labelNames("method", "path").withoutExemplars()
              .register(clientJavaRegistry);
      for (int i = 0; i < METHODS.length * PATHS; i++) {
        String method = METHODS[i % METHODS.length];
        String path = "/api/v1/items/" + (i / METHODS.length);
        // Whole counts of different magnitudes, as request counters hold.
        long value = ((long) (f * 7919 + i * 104729) % 1_000_003) + 1;
        vigil.labelValues(method, path).inc(value);
        clientJava.labelValues(method, path).inc(value);
        Counter.builder(name).description(help).tag("method", method).tag("path", path)
            .register(micrometerRegistry).increment(value);
      }
    }
  }

  @Benchmark
  public long vigil() throws IOException {
    out.reset();
    vigilWriter.write(out, vigilRegistry.scrape());
    return out.getCount();
  }

  @Benchmark
  public long clientJava() throws IOException {
    out.reset();
    clientJavaWriter.write(out, clientJavaRegistry.scrape());
    return out.getCount();
  }

  @Benchmark
  public long micrometer() throws IOException {
    out.reset();
    micrometerRegistry.scrape(out, micrometerContentType);
    return out.getCount();
  }

  /** The rendered scrape of one variant, for {@link ScrapeOutput}. */
  byte[] render(String variant) throws IOException {
    java.io.ByteArrayOutputStream buf = new java.io.ByteArrayOutputStream();
    switch (variant) {
      case "vigil" -> vigilWriter.write(buf, vigilRegistry.scrape());
      case "clientJava" -> clientJavaWriter.write(buf, clientJavaRegistry.scrape());
      case "micrometer" -> micrometerRegistry.scrape(buf, micrometerContentType);
      default -> throw new IllegalArgumentException(variant);
    }
    return buf.toByteArray();
  }
}
