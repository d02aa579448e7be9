package dev.vigil.client.core;

import dev.vigil.client.model.GaugeSnapshot;
import dev.vigil.client.model.MetricMetadata;
import java.util.function.Consumer;
import java.util.function.DoubleSupplier;

/**
 * A gauge whose value is read when scraped, for values something else already keeps (a queue's
 * size, a pool's active connections).
 *
 * <pre>{@code
 * GaugeWithCallback.builder().name("queue_size").help("Jobs waiting.")
 *     .value(queue::size).register();
 * }</pre>
 */
public final class GaugeWithCallback extends CallbackMetric {
  private GaugeWithCallback(Builder b, MetricMetadata metadata) {
    super(b, metadata, b.callback);
  }

  public static Builder builder() {
    return new Builder();
  }

  @Override
  public GaugeSnapshot collect() {
    return new GaugeSnapshot(metadata, read(GaugeSnapshot.DataPoint::new));
  }

  public static final class Builder extends MetricBuilder<Builder, GaugeWithCallback> {
    private Consumer<Callback> callback;

    Builder() {}

    /** The value of a gauge without label names. */
    public Builder value(DoubleSupplier supplier) {
      this.callback = of(supplier);
      return this;
    }

    /** Reports one value per label set on each scrape: {@code cb.call(value, labelValues...)}. */
    public Builder callback(Consumer<Callback> callback) {
      this.callback = callback;
      return this;
    }

    @Override
    public GaugeWithCallback build() {
      return new GaugeWithCallback(this, metadata());
    }
  }
}
