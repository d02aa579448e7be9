package dev.vigil.benchmarks;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;

/**
 * {@code inc()} on an unlabelled counter, with 1 thread and with 2 threads sharing the counter
 * (the {@code *2Threads} methods; JMH reports their combined throughput). Every library keeps its
 * registry and counter in a benchmark-wide state, as an application keeps them in a static field.
 */
@State(Scope.Benchmark)
public class CounterIncBenchmark {
  private dev.vigil.client.core.Counter vigil;
  private io.prometheus.metrics.core.metrics.Counter clientJava;
  private io.micrometer.core.instrument.Counter micrometer;

  @Setup
  public void setUp() {
    vigil = dev.vigil.client.core.Counter.builder()
        .name("requests").help("Requests served.")
        .register(new dev.vigil.client.model.Registry());
    // Exemplars off: Vigil's and Micrometer's are off unless configured, so all three do the
    // same work (client_java samples exemplars by default, a no-op without a tracer).
    clientJava = io.prometheus.metrics.core.metrics.Counter.builder()
        .name("requests").help("Requests served.")
        .withoutExemplars()
        .register(new PrometheusRegistry());
    micrometer = io.micrometer.core.instrument.Counter.builder("requests")
        .description("Requests served.")
        .register(new PrometheusMeterRegistry(PrometheusConfig.DEFAULT));
  }

  @Benchmark
  @Threads(1)
  public void vigil() {
    vigil.inc();
  }

  @Benchmark
  @Threads(1)
  public void clientJava() {
    clientJava.inc();
  }

  @Benchmark
  @Threads(1)
  public void micrometer() {
    micrometer.increment();
  }

  @Benchmark
  @Threads(2)
  public void vigil2Threads() {
    vigil.inc();
  }

  @Benchmark
  @Threads(2)
  public void clientJava2Threads() {
    clientJava.inc();
  }

  @Benchmark
  @Threads(2)
  public void micrometer2Threads() {
    micrometer.increment();
  }
}
