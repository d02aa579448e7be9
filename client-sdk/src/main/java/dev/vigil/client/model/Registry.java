package dev.vigil.client.model;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;

/**
 * The set of collectors one endpoint exposes. {@link #defaultRegistry} is what the metric
 * builders' {@code register()} and the HTTP server use unless told otherwise.
 *
 * <p>Thread-safe. Registration is rare and copies; scraping never blocks registration.
 */
public final class Registry {
  public static final Registry defaultRegistry = new Registry();

  private final List<Collector> collectors = new CopyOnWriteArrayList<>();
  private final List<MultiCollector> multiCollectors = new CopyOnWriteArrayList<>();
  private final Set<String> names = new HashSet<>();

  /** Adds a collector; throws when one with the same name is already registered. */
  public synchronized void register(Collector collector) {
    String name = collector.getName();
    if (name != null) {
      claim(name);
    }
    collectors.add(collector);
  }

  /** Adds a multi-collector; throws when any of its names is already registered. */
  public synchronized void register(MultiCollector collector) {
    List<String> claimed = new ArrayList<>();
    try {
      for (String name : collector.getNames()) {
        claim(name);
        claimed.add(name);
      }
    } catch (IllegalArgumentException e) {
      names.removeAll(claimed);
      throw e;
    }
    multiCollectors.add(collector);
  }

  private void claim(String name) {
    if (!names.add(name)) {
      throw new IllegalArgumentException("duplicate registration: a metric named " + name
          + " is already registered");
    }
  }

  public synchronized void unregister(Collector collector) {
    if (collectors.remove(collector) && collector.getName() != null) {
      names.remove(collector.getName());
    }
  }

  public synchronized void unregister(MultiCollector collector) {
    if (multiCollectors.remove(collector)) {
      names.removeAll(collector.getNames());
    }
  }

  /** Removes every collector. */
  public synchronized void clear() {
    collectors.clear();
    multiCollectors.clear();
    names.clear();
  }

  /** Collects every registered family. */
  public MetricSnapshots scrape() {
    return scrape(null);
  }

  /**
   * Collects the families whose base name {@code includedNames} accepts (null: all). Collectors
   * that declare their name are skipped without being called when filtered out.
   */
  public MetricSnapshots scrape(Predicate<String> includedNames) {
    List<MetricSnapshot<?>> result = new ArrayList<>(collectors.size() + 8);
    for (Collector c : collectors) {
      String name = c.getName();
      if (includedNames != null && name != null && !includedNames.test(name)) {
        continue;
      }
      MetricSnapshot<?> s = c.collect();
      if (includedNames == null || includedNames.test(s.getName())) {
        result.add(s);
      }
    }
    for (MultiCollector mc : multiCollectors) {
      for (MetricSnapshot<?> s : mc.collect()) {
        if (includedNames == null || includedNames.test(s.getName())) {
          result.add(s);
        }
      }
    }
    return new MetricSnapshots(result);
  }
}
