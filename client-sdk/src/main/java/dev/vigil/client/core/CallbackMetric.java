package dev.vigil.client.core;

import dev.vigil.client.model.Labels;
import dev.vigil.client.model.MetricMetadata;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.DoubleSupplier;

/** What the callback gauge and counter share: reading values at scrape time. */
abstract class CallbackMetric extends Metric {
  private final Consumer<Callback> callback;

  CallbackMetric(MetricBuilder<?, ?> b, MetricMetadata metadata, Consumer<Callback> callback) {
    super(b, metadata);
    if (callback == null) {
      throw new IllegalArgumentException(metadata.getName()
          + " needs a value(...) or callback(...) to read at scrape time");
    }
    this.callback = callback;
  }

  static Consumer<Callback> of(DoubleSupplier supplier) {
    return supplier == null ? null : cb -> cb.call(supplier.getAsDouble());
  }

  /** Runs the callback, pairing each reported value with its labels. */
  <P> List<P> read(PointFactory<P> factory) {
    List<P> points = new ArrayList<>();
    callback.accept((value, labelValues) -> {
      checkLabelValues(labelValues);
      points.add(factory.create(labels(labelValues), value));
    });
    return points;
  }

  interface PointFactory<P> {
    P create(Labels labels, double value);
  }
}
