package dev.vigil.client.model;

/**
 * Produces one metric family on each scrape. Implementations compute their values when
 * {@link #collect()} is called (for example by reading {@code /proc} or querying a database).
 *
 * <p>Must be thread-safe: two scrapes may call {@code collect} at once.
 */
@FunctionalInterface
public interface Collector {
  /** The family as it is now. Never null. */
  MetricSnapshot<?> collect();

  /**
   * The family's base name when known before collecting, so the registry can reject a duplicate
   * at registration and skip the collector when a scrape filters it out. Null when unknown.
   */
  default String getName() {
    return null;
  }
}
