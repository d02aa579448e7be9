package dev.vigil.client.core;

import dev.vigil.client.model.Buckets;
import dev.vigil.client.model.Exemplar;
import dev.vigil.client.model.HistogramSnapshot;
import dev.vigil.client.model.Labels;
import dev.vigil.client.model.MetricMetadata;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.Supplier;

/**
 * Counts observations (request durations, response sizes) in buckets with fixed upper bounds,
 * plus their count and sum, so that quantiles can be estimated across instances with PromQL's
 * {@code histogram_quantile}.
 */
public final class Histogram extends LabelledMetric<Histogram.Child> {
  /** Prometheus's default buckets, tuned for request latencies in seconds. */
  public static final double[] DEFAULT_BUCKETS = {
    .005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10, Double.POSITIVE_INFINITY
  };

  private Histogram(Builder b, MetricMetadata metadata) {
    super(b, metadata, childFactory(b.upperBounds, b.sampler));
  }

  private static Function<String[], Child> childFactory(double[] bounds,
      ExemplarSampler sampler) {
    return values -> new Child(bounds, sampler);
  }

  public static Builder builder() {
    return new Builder();
  }

  /** {@code count} bounds: start, start+width, ... (the +Inf bucket is added by the builder). */
  public static double[] linearBuckets(double start, double width, int count) {
    if (count < 1 || !(width > 0)) {
      throw new IllegalArgumentException("linear buckets need count >= 1 and width > 0, got count="
          + count + " width=" + width);
    }
    double[] b = new double[count];
    for (int i = 0; i < count; i++) {
      b[i] = start + i * width;
    }
    return b;
  }

  /** {@code count} bounds: start, start*factor, ... (the +Inf bucket is added by the builder). */
  public static double[] exponentialBuckets(double start, double factor, int count) {
    if (count < 1 || !(start > 0) || !(factor > 1)) {
      throw new IllegalArgumentException("exponential buckets need count >= 1, start > 0 and"
          + " factor > 1, got count=" + count + " start=" + start + " factor=" + factor);
    }
    double[] b = new double[count];
    double v = start;
    for (int i = 0; i < count; i++) {
      b[i] = v;
      v *= factor;
    }
    return b;
  }

  public void observe(double value) {
    noLabels().observe(value);
  }

  public void observeWithExemplar(double value, Labels exemplarLabels) {
    noLabels().observeWithExemplar(value, exemplarLabels);
  }

  /** A timer that observes its duration in seconds when closed. */
  public Timer startTimer() {
    return noLabels().startTimer();
  }

  /** Runs {@code body} and observes how long it took, in seconds. */
  public <T> T time(Supplier<T> body) {
    return noLabels().time(body);
  }

  @Override
  public HistogramSnapshot collect() {
    List<HistogramSnapshot.DataPoint> points = new ArrayList<>();
    forEachChild((values, c) -> points.add(c.snapshot(labels(values))));
    return new HistogramSnapshot(metadata, points);
  }

  /** The histogram of one label value combination. Thread-safe; observe() is lock-free. */
  public static final class Child {
    private final double[] upperBounds;
    private final ObservationCells cells;
    private final ExemplarSampler sampler;
    private final AtomicReferenceArray<Exemplar> exemplars;
    private final long created = System.currentTimeMillis();

    Child(double[] upperBounds, ExemplarSampler sampler) {
      this.upperBounds = upperBounds;
      this.cells = new ObservationCells(upperBounds.length);
      this.sampler = sampler;
      this.exemplars = new AtomicReferenceArray<>(upperBounds.length);
    }

    public void observe(double value) {
      int bucket = bucketOf(value);
      cells.observe(bucket, value);
      if (sampler != null) {
        Exemplar prev = exemplars.get(bucket);
        Exemplar next = sampler.sample(value, prev);
        if (next != prev) {
          exemplars.set(bucket, next);
        }
      }
    }

    public void observeWithExemplar(double value, Labels exemplarLabels) {
      int bucket = bucketOf(value);
      cells.observe(bucket, value);
      exemplars.set(bucket, new Exemplar(exemplarLabels, value, System.currentTimeMillis()));
    }

    public Timer startTimer() {
      return new Timer(this::observe);
    }

    public <T> T time(Supplier<T> body) {
      try (Timer t = startTimer()) {
        return body.get();
      }
    }

    private int bucketOf(double value) {
      double[] bounds = upperBounds;
      // A short linear scan beats binary search for the usual dozen buckets; NaN lands in +Inf.
      int last = bounds.length - 1;
      if (last < 32) {
        for (int i = 0; i < last; i++) {
          if (value <= bounds[i]) {
            return i;
          }
        }
        return last;
      }
      int i = Arrays.binarySearch(bounds, value);
      return i >= 0 ? i : Math.min(-i - 1, last);
    }

    HistogramSnapshot.DataPoint snapshot(Labels labels) {
      long[] counts = new long[upperBounds.length];
      double sum = cells.snapshot(counts);
      for (int i = 1; i < counts.length; i++) {
        counts[i] += counts[i - 1];
      }
      Exemplar[] ex = new Exemplar[upperBounds.length];
      for (int i = 0; i < ex.length; i++) {
        ex[i] = exemplars.get(i);
      }
      return new HistogramSnapshot.DataPoint(labels, upperBounds, counts, sum, ex, created);
    }
  }

  public static final class Builder extends MetricBuilder<Builder, Histogram> {
    private double[] upperBounds = DEFAULT_BUCKETS;
    private ExemplarSampler sampler;

    Builder() {}

    /**
     * The bucket upper bounds, strictly increasing; +Inf is added when missing. Unsorted or
     * duplicate bounds are rejected.
     */
    public Builder buckets(double... upperBounds) {
      double[] b = upperBounds;
      if (b.length == 0 || b[b.length - 1] != Double.POSITIVE_INFINITY) {
        b = Arrays.copyOf(b, b.length + 1);
        b[b.length - 1] = Double.POSITIVE_INFINITY;
      } else {
        b = b.clone();
      }
      Buckets.check(b);
      this.upperBounds = b;
      return this;
    }

    /** Exemplars per bucket; off (and free) unless set. */
    public Builder exemplarSampler(ExemplarSampler sampler) {
      this.sampler = sampler;
      return this;
    }

    @Override
    public Histogram build() {
      return new Histogram(this, metadata("le"));
    }
  }
}
