package dev.vigil.benchmarks;

import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;

/**
 * {@code observe(v)} on an unlabelled summary with quantiles 0.5, 0.95 and 0.99 over each
 * library's default sliding window (Vigil and client_java: 10 minutes in 5 steps; Micrometer:
 * 2 minutes in 3 steps), with 1 thread and with 2 threads sharing it. Each library keeps its
 * default accuracy: client_java's per-quantile error defaults, Micrometer's
 * {@code publishPercentiles} (HdrHistogram, 1 significant digit by default), Vigil's log-linear
 * sketch (0.78% relative error). Values come from {@link Values#latencies}.
 */
@State(Scope.Benchmark)
public class SummaryObserveBenchmark {
  private dev.vigil.client.core.Summary vigil;
  private io.prometheus.metrics.core.metrics.Summary clientJava;
  private DistributionSummary micrometer;

  @Setup
  public void setUp() {
    vigil = dev.vigil.client.core.Summary.builder()
        .name("request_duration_seconds").help("Request latency.")
        .quantile(0.5).quantile(0.95).quantile(0.99)
        .register(new dev.vigil.client.model.Registry());
    clientJava = io.prometheus.metrics.core.metrics.Summary.builder()
        .name("request_duration_seconds").help("Request latency.")
        .quantile(0.5).quantile(0.95).quantile(0.99)
        .withoutExemplars()
        .register(new PrometheusRegistry());
    micrometer = DistributionSummary.builder("request_duration_seconds")
        .description("Request latency.")
        .publishPercentiles(0.5, 0.95, 0.99)
        .register(new PrometheusMeterRegistry(PrometheusConfig.DEFAULT));
  }

  @Benchmark
  @Threads(1)
  public void vigil(Values.Cursor c) {
    vigil.observe(c.next());
  }

  @Benchmark
  @Threads(1)
  public void clientJava(Values.Cursor c) {
    clientJava.observe(c.next());
  }

  @Benchmark
  @Threads(1)
  public void micrometer(Values.Cursor c) {
    micrometer.record(c.next());
  }

  @Benchmark
  @Threads(2)
  public void vigil2Threads(Values.Cursor c) {
    vigil.observe(c.next());
  }

  @Benchmark
  @Threads(2)
  public void clientJava2Threads(Values.Cursor c) {
    clientJava.observe(c.next());
  }

  @Benchmark
  @Threads(2)
  public void micrometer2Threads(Values.Cursor c) {
    micrometer.record(c.next());
  }
}
