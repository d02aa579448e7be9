package dev.vigil.client.model;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.function.Predicate;

/** The metric families of one scrape, sorted by name, each name once. Immutable. */
public final class MetricSnapshots implements Iterable<MetricSnapshot<?>> {
  public static final MetricSnapshots EMPTY = new MetricSnapshots(Collections.emptyList());

  private final List<MetricSnapshot<?>> snapshots;

  public MetricSnapshots(Collection<? extends MetricSnapshot<?>> snapshots) {
    List<MetricSnapshot<?>> sorted = new ArrayList<>(snapshots);
    sorted.sort((a, b) -> a.getName().compareTo(b.getName()));
    for (int i = 1; i < sorted.size(); i++) {
      if (sorted.get(i).getName().equals(sorted.get(i - 1).getName())) {
        throw new IllegalArgumentException("two metric families named " + sorted.get(i).getName());
      }
    }
    this.snapshots = Collections.unmodifiableList(sorted);
  }

  public static MetricSnapshots of(MetricSnapshot<?>... snapshots) {
    List<MetricSnapshot<?>> list = new ArrayList<>(snapshots.length);
    Collections.addAll(list, snapshots);
    return new MetricSnapshots(list);
  }

  public int size() {
    return snapshots.size();
  }

  public MetricSnapshot<?> get(int i) {
    return snapshots.get(i);
  }

  public List<MetricSnapshot<?>> asList() {
    return snapshots;
  }

  /** The families whose name the filter accepts. */
  public MetricSnapshots filter(Predicate<String> names) {
    List<MetricSnapshot<?>> kept = new ArrayList<>(snapshots.size());
    for (MetricSnapshot<?> s : snapshots) {
      if (names.test(s.getName())) {
        kept.add(s);
      }
    }
    return kept.size() == snapshots.size() ? this : new MetricSnapshots(kept);
  }

  @Override
  public Iterator<MetricSnapshot<?>> iterator() {
    return snapshots.iterator();
  }
}
