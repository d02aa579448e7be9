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
 * {@code observe(v)} on an unlabelled histogram with the default buckets
 * (.005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10, +Inf), with 1 thread and with 2 threads
 * sharing it. Values come from {@link Values#latencies}, spread over every bucket.
 *
 * <ul>
 *   <li>client_java: {@code classicOnly()}, so it keeps the same classic buckets and no native
 *       histogram.
 *   <li>Micrometer: a {@link DistributionSummary} with {@code serviceLevelObjectives} set to the
 *       same bounds, which Micrometer's Prometheus registry exposes as a histogram with exactly
 *       these {@code le} buckets. ({@code publishPercentileHistogram} would use Micrometer's own
 *       ~70-276 bounds instead, a different workload.) Micrometer also tracks a decaying max.
 * </ul>
 */
@State(Scope.Benchmark)
public class HistogramObserveBenchmark {
  static final double[] BOUNDS = {.005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10};

  private dev.vigil.client.core.Histogram vigil;
  private io.prometheus.metrics.core.metrics.Histogram clientJava;
  private DistributionSummary micrometer;

  @Setup
  public void setUp() {
    vigil = dev.vigil.client.core.Histogram.builder()
        .name("request_duration_seconds").help("Request latency.")
        .register(new dev.vigil.client.model.Registry());
    clientJava = io.prometheus.metrics.core.metrics.Histogram.builder()
        .name("request_duration_seconds").help("Request latency.")
        .classicOnly()
        .classicUpperBounds(BOUNDS)
        .withoutExemplars()
        .register(new PrometheusRegistry());
    micrometer = DistributionSummary.builder("request_duration_seconds")
        .description("Request latency.")
        .serviceLevelObjectives(BOUNDS)
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
