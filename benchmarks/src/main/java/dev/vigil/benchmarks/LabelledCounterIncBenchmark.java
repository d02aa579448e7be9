package dev.vigil.benchmarks;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;

/**
 * Looks up the child of a counter with labels {@code method} and {@code status} on every call,
 * then increments it, the way request-handling code does:
 * {@code requests.labelValues(method, status).inc()} in Vigil and client_java, and
 * {@code Counter.builder(...).tag(...).tag(...).register(registry).increment()} in Micrometer
 * (its idiom for a tagged meter; register returns the existing meter). The calls cycle through
 * 12 label combinations, all created in setup, so the benchmark measures lookup plus increment,
 * not child creation. One thread.
 */
@State(Scope.Benchmark)
@Threads(1)
public class LabelledCounterIncBenchmark {
  private static final String[] METHODS = {"GET", "POST", "PUT", "DELETE"};
  private static final String[] STATUSES = {"200", "404", "500"};
  /** Number of combinations, rounded up to a power of two for the cursor mask. */
  private static final int CYCLE = 16;

  private final String[] method = new String[CYCLE];
  private final String[] status = new String[CYCLE];

  private dev.vigil.client.core.Counter vigil;
  private io.prometheus.metrics.core.metrics.Counter clientJava;
  private MeterRegistry micrometerRegistry;

  /** Per-thread position in the label cycle. */
  @State(Scope.Thread)
  public static class Cursor {
    int next;

    int next() {
      return next++ & (CYCLE - 1);
    }
  }

  @Setup
  public void setUp() {
    for (int i = 0; i < CYCLE; i++) {
      int combination = i % (METHODS.length * STATUSES.length);
      method[i] = METHODS[combination % METHODS.length];
      status[i] = STATUSES[combination / METHODS.length];
    }
    vigil = dev.vigil.client.core.Counter.builder()
        .name("http_requests").help("Requests served.").labelNames("method", "status")
        .register(new dev.vigil.client.model.Registry());
    clientJava = io.prometheus.metrics.core.metrics.Counter.builder()
        .name("http_requests").help("Requests served.").labelNames("method", "status")
        .withoutExemplars()
        .register(new PrometheusRegistry());
    micrometerRegistry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    for (int i = 0; i < CYCLE; i++) {
      vigil.labelValues(method[i], status[i]);
      clientJava.labelValues(method[i], status[i]);
      micrometer(i);
    }
  }

  private io.micrometer.core.instrument.Counter micrometer(int i) {
    return io.micrometer.core.instrument.Counter.builder("http_requests")
        .description("Requests served.")
        .tag("method", method[i])
        .tag("status", status[i])
        .register(micrometerRegistry);
  }

  @Benchmark
  public void vigil(Cursor c) {
    int i = c.next();
    vigil.labelValues(method[i], status[i]).inc();
  }

  @Benchmark
  public void clientJava(Cursor c) {
    int i = c.next();
    clientJava.labelValues(method[i], status[i]).inc();
  }

  @Benchmark
  public void micrometer(Cursor c) {
    micrometer(c.next()).increment();
  }
}
