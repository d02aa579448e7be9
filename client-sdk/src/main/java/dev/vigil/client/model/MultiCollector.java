package dev.vigil.client.model;

import java.util.Collections;
import java.util.List;

/**
 * Produces several metric families on each scrape, for sources that are cheaper to read in one
 * go (one SQL query, one {@code /proc} file). Must be thread-safe.
 */
@FunctionalInterface
public interface MultiCollector {
  /** The families as they are now. Never null. */
  MetricSnapshots collect();

  /** The base names this collector produces when known in advance, for duplicate detection. */
  default List<String> getNames() {
    return Collections.emptyList();
  }
}
