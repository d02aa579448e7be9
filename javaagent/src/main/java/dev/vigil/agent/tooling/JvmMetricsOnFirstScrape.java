package dev.vigil.agent.tooling;

import dev.vigil.client.jvm.JvmMetrics;
import dev.vigil.client.model.MetricSnapshots;
import dev.vigil.client.model.MultiCollector;
import dev.vigil.client.model.Registry;

/**
 * The JVM metrics, set up when the endpoint is first scraped rather than at start-up: setting
 * them up loads some 250 JMX classes, which would compete with the application's own start for
 * the CPU. Every JVM metric is the JVM's own total since it started, except
 * {@code jvm_memory_pool_allocated_bytes_total}, which adds up the collections it is notified of,
 * so it counts from the first scrape on.
 */
final class JvmMetricsOnFirstScrape implements MultiCollector {
  private volatile Registry jvm;

  @Override
  public MetricSnapshots collect() {
    Registry r = jvm;
    if (r == null) {
      synchronized (this) {
        if (jvm == null) {
          Registry made = new Registry();
          JvmMetrics.builder().register(made);
          jvm = made;
        }
        r = jvm;
      }
    }
    return r.scrape();
  }
}
