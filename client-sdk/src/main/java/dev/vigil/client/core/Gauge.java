package dev.vigil.client.core;

import dev.vigil.client.model.GaugeSnapshot;
import dev.vigil.client.model.MetricMetadata;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/** A value that goes up and down (queue length, temperature, in-flight requests). */
public final class Gauge extends LabelledMetric<Gauge.Child> {
  private Gauge(Builder b, MetricMetadata metadata) {
    super(b, metadata, values -> new Child());
  }

  public static Builder builder() {
    return new Builder();
  }

  public void set(double value) {
    noLabels().set(value);
  }

  public void inc() {
    noLabels().inc(1);
  }

  public void inc(double amount) {
    noLabels().inc(amount);
  }

  public void dec() {
    noLabels().inc(-1);
  }

  public void dec(double amount) {
    noLabels().inc(-amount);
  }

  public void setToCurrentTime() {
    noLabels().setToCurrentTime();
  }

  public double get() {
    return noLabels().get();
  }

  @Override
  public GaugeSnapshot collect() {
    List<GaugeSnapshot.DataPoint> points = new ArrayList<>();
    forEachChild((values, c) -> points.add(new GaugeSnapshot.DataPoint(labels(values), c.get())));
    return new GaugeSnapshot(metadata, points);
  }

  /** The gauge of one label value combination. Thread-safe and lock-free. */
  public static final class Child {
    // The double's bits: set() is a plain atomic store, inc() a CAS loop.
    private final AtomicLong bits = new AtomicLong(Double.doubleToRawLongBits(0));

    Child() {}

    public void set(double value) {
      bits.set(Double.doubleToRawLongBits(value));
    }

    public void inc() {
      inc(1);
    }

    public void inc(double amount) {
      while (true) {
        long b = bits.get();
        long next = Double.doubleToRawLongBits(Double.longBitsToDouble(b) + amount);
        if (bits.compareAndSet(b, next)) {
          return;
        }
      }
    }

    public void dec() {
      inc(-1);
    }

    public void dec(double amount) {
      inc(-amount);
    }

    /** Sets the gauge to the current Unix time in seconds. */
    public void setToCurrentTime() {
      set(System.currentTimeMillis() / 1000.0);
    }

    public double get() {
      return Double.longBitsToDouble(bits.get());
    }
  }

  public static final class Builder extends MetricBuilder<Builder, Gauge> {
    Builder() {}

    @Override
    public Gauge build() {
      return new Gauge(this, metadata());
    }
  }
}
