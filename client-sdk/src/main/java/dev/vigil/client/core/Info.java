package dev.vigil.client.core;

import dev.vigil.client.model.InfoSnapshot;
import dev.vigil.client.model.MetricMetadata;
import java.util.ArrayList;
import java.util.List;

/**
 * Constant facts in labels (version, build, config), exposed as {@code name_info{...} 1}.
 *
 * <pre>{@code
 * Info build = Info.builder().name("app_build").labelNames("version", "revision").register();
 * build.set("1.4.2", "9f2c1e");
 * }</pre>
 */
public final class Info extends Metric {
  private final ChildMap<Boolean> present = new ChildMap<>();

  private Info(Builder b, MetricMetadata metadata) {
    super(b, metadata);
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Replaces every data point with one for these label values. */
  public synchronized void set(String... labelValues) {
    checkLabelValues(labelValues);
    present.clear();
    present.computeIfAbsent(labelValues, v -> Boolean.TRUE);
  }

  /** Adds a data point for these label values. */
  public void add(String... labelValues) {
    checkLabelValues(labelValues);
    present.computeIfAbsent(labelValues, v -> Boolean.TRUE);
  }

  public void remove(String... labelValues) {
    checkLabelValues(labelValues);
    present.remove(labelValues);
  }

  @Override
  public InfoSnapshot collect() {
    List<InfoSnapshot.DataPoint> points = new ArrayList<>();
    present.forEach((values, p) -> points.add(new InfoSnapshot.DataPoint(labels(values))));
    return new InfoSnapshot(metadata, points);
  }

  public static final class Builder extends MetricBuilder<Builder, Info> {
    Builder() {}

    /** Strips a trailing {@code _info}, which the formats add. */
    @Override
    public Builder name(String name) {
      return super.name(stripSuffix(name, "_info"));
    }

    @Override
    public Info build() {
      if (unit != null) {
        throw new IllegalArgumentException("an info metric has no unit");
      }
      return new Info(this, metadata());
    }
  }
}
