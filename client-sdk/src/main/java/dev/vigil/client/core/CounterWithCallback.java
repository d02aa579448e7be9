package dev.vigil.client.core;

import dev.vigil.client.model.CounterSnapshot;
import dev.vigil.client.model.MetricMetadata;
import java.util.function.Consumer;
import java.util.function.DoubleSupplier;

/**
 * A counter whose value is read when scraped, for totals something else already keeps (a
 * library's request count, a JVM MXBean's collection count).
 */
public final class CounterWithCallback extends CallbackMetric {
  private CounterWithCallback(Builder b, MetricMetadata metadata) {
    super(b, metadata, b.callback);
  }

  public static Builder builder() {
    return new Builder();
  }

  @Override
  public CounterSnapshot collect() {
    return new CounterSnapshot(metadata,
        read((labels, value) -> new CounterSnapshot.DataPoint(labels, value, null, 0)));
  }

  public static final class Builder extends MetricBuilder<Builder, CounterWithCallback> {
    private Consumer<Callback> callback;

    Builder() {}

    /** Strips a trailing {@code _total}, which the formats add. */
    @Override
    public Builder name(String name) {
      return super.name(stripSuffix(name, "_total"));
    }

    /** The value of a counter without label names. */
    public Builder value(DoubleSupplier supplier) {
      this.callback = CallbackMetric.of(supplier);
      return this;
    }

    /** Reports one value per label set on each scrape: {@code cb.call(value, labelValues...)}. */
    public Builder callback(Consumer<Callback> callback) {
      this.callback = callback;
      return this;
    }

    @Override
    public CounterWithCallback build() {
      return new CounterWithCallback(this, metadata());
    }
  }
}
