package dev.vigil.client.core;

import dev.vigil.client.model.CounterSnapshot;
import dev.vigil.client.model.Exemplar;
import dev.vigil.client.model.Labels;
import dev.vigil.client.model.MetricMetadata;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.concurrent.atomic.DoubleAdder;
import java.util.concurrent.atomic.LongAdder;

/**
 * A value that only goes up (requests served, bytes sent), exposed as {@code name_total}.
 *
 * <pre>{@code
 * Counter requests = Counter.builder().name("http_requests").help("Requests served.")
 *     .labelNames("method").register();
 * requests.labelValues("GET").inc();
 * }</pre>
 */
public final class Counter extends LabelledMetric<Counter.Child> {
  private Counter(Builder b, MetricMetadata metadata) {
    super(b, metadata, childFactory(b.sampler));
  }

  private static Function<String[], Child> childFactory(ExemplarSampler s) {
    return values -> new Child(s);
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Adds one (metric without label names). */
  public void inc() {
    noLabels().inc();
  }

  /** Adds {@code amount}, which must not be negative (metric without label names). */
  public void inc(double amount) {
    noLabels().inc(amount);
  }

  /** Adds {@code amount} and keeps this observation as the exemplar. */
  public void incWithExemplar(double amount, Labels exemplarLabels) {
    noLabels().incWithExemplar(amount, exemplarLabels);
  }

  /** The current value (metric without label names). */
  public double get() {
    return noLabels().get();
  }

  @Override
  public CounterSnapshot collect() {
    List<CounterSnapshot.DataPoint> points = new ArrayList<>();
    forEachChild((values, c) -> points.add(
        new CounterSnapshot.DataPoint(labels(values), c.get(), c.exemplar, c.created)));
    return new CounterSnapshot(metadata, points);
  }

  /** The counter of one label value combination. Thread-safe; inc() is lock-free. */
  public static final class Child {
    // Whole increments (the common case) go to a LongAdder: exact, striped under contention.
    private final LongAdder whole = new LongAdder();
    private final DoubleAdder fraction = new DoubleAdder();
    private final ExemplarSampler sampler;
    private final long created = System.currentTimeMillis();
    private volatile Exemplar exemplar;

    Child(ExemplarSampler sampler) {
      this.sampler = sampler;
    }

    public void inc() {
      whole.increment();
      if (sampler != null) {
        sample(1);
      }
    }

    public void inc(long amount) {
      if (amount < 0) {
        throw negative(amount);
      }
      whole.add(amount);
      if (sampler != null) {
        sample(amount);
      }
    }

    public void inc(double amount) {
      add(amount);
      if (sampler != null) {
        sample(amount);
      }
    }

    public void incWithExemplar(double amount, Labels exemplarLabels) {
      add(amount);
      exemplar = new Exemplar(exemplarLabels, amount, System.currentTimeMillis());
    }

    private void add(double amount) {
      if (!(amount >= 0)) {
        throw negative(amount);
      }
      long asLong = (long) amount;
      if (asLong == amount) {
        whole.add(asLong);
      } else {
        fraction.add(amount);
      }
    }

    private void sample(double amount) {
      Exemplar prev = exemplar;
      Exemplar next = sampler.sample(amount, prev);
      if (next != prev) {
        exemplar = next;
      }
    }

    private static IllegalArgumentException negative(double amount) {
      return new IllegalArgumentException("a counter can only go up: increment " + amount
          + " is " + (Double.isNaN(amount) ? "NaN" : "negative"));
    }

    public double get() {
      return whole.sum() + fraction.sum();
    }
  }

  public static final class Builder extends MetricBuilder<Builder, Counter> {
    private ExemplarSampler sampler;

    Builder() {}

    /** Strips a trailing {@code _total}, which the formats add. */
    @Override
    public Builder name(String name) {
      return super.name(stripSuffix(name, "_total"));
    }

    /** Exemplars for this counter; off (and free) unless set. */
    public Builder exemplarSampler(ExemplarSampler sampler) {
      this.sampler = sampler;
      return this;
    }

    @Override
    public Counter build() {
      return new Counter(this, metadata());
    }
  }
}
