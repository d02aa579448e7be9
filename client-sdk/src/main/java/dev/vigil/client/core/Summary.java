package dev.vigil.client.core;

import dev.vigil.client.model.Labels;
import dev.vigil.client.model.MetricMetadata;
import dev.vigil.client.model.SummarySnapshot;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Count and sum of observations, plus optional quantiles (say the 0.5 and 0.99 of request
 * latency) over a sliding time window. Each quantile estimate is within
 * {@link #QUANTILE_RELATIVE_ERROR} of the value of an observation of that rank and inside the
 * observed range; quantiles 0 and 1 are the exact minimum and maximum. Quantiles cannot
 * be aggregated across instances; prefer a {@link Histogram} when that matters.
 */
public final class Summary extends LabelledMetric<Summary.Child> {
  /** The worst-case relative error of a quantile estimate (0.78%). */
  public static final double QUANTILE_RELATIVE_ERROR = LogLinearSketch.RELATIVE_ERROR;

  private Summary(Builder b, MetricMetadata metadata) {
    super(b, metadata, childFactory(b.quantiles, b.maxAgeMillis, b.ageBuckets));
  }

  private static Function<String[], Child> childFactory(double[] quantiles,
      long maxAgeMillis, int ageBuckets) {
    return values -> new Child(quantiles, maxAgeMillis, ageBuckets);
  }

  public static Builder builder() {
    return new Builder();
  }

  public void observe(double value) {
    noLabels().observe(value);
  }

  public Timer startTimer() {
    return noLabels().startTimer();
  }

  public <T> T time(Supplier<T> body) {
    return noLabels().time(body);
  }

  @Override
  public SummarySnapshot collect() {
    List<SummarySnapshot.DataPoint> points = new ArrayList<>();
    forEachChild((values, c) -> points.add(c.snapshot(labels(values))));
    return new SummarySnapshot(metadata, points);
  }

  /** The summary of one label value combination. Thread-safe; observe() is lock-free. */
  public static final class Child {
    private final double[] quantiles;
    private final ObservationCells cells = new ObservationCells(1);
    private final QuantileWindow window;
    private final long created = System.currentTimeMillis();

    Child(double[] quantiles, long maxAgeMillis, int ageBuckets) {
      this.quantiles = quantiles;
      this.window = quantiles.length == 0 ? null : new QuantileWindow(maxAgeMillis, ageBuckets);
    }

    public void observe(double value) {
      cells.observe(0, value);
      if (window != null) {
        window.add(value);
      }
    }

    public Timer startTimer() {
      return new Timer(this::observe);
    }

    public <T> T time(Supplier<T> body) {
      try (Timer t = startTimer()) {
        return body.get();
      }
    }

    SummarySnapshot.DataPoint snapshot(Labels labels) {
      long[] count = new long[1];
      double sum = cells.snapshot(count);
      double[] values = window == null ? new double[0] : window.quantiles(quantiles);
      return new SummarySnapshot.DataPoint(labels, count[0], sum, quantiles, values, created);
    }
  }

  public static final class Builder extends MetricBuilder<Builder, Summary> {
    private double[] quantiles = new double[0];
    private long maxAgeMillis = TimeUnit.MINUTES.toMillis(10);
    private int ageBuckets = 5;

    Builder() {}

    /** Adds a quantile to expose, a rank in [0, 1] such as 0.5 or 0.99. */
    public Builder quantile(double quantile) {
      if (!(quantile >= 0 && quantile <= 1)) {
        throw new IllegalArgumentException("quantile " + quantile + " is not in [0, 1]");
      }
      for (double q : quantiles) {
        if (q == quantile) {
          throw new IllegalArgumentException("quantile " + quantile + " is given twice");
        }
      }
      double[] q = Arrays.copyOf(quantiles, quantiles.length + 1);
      q[quantiles.length] = quantile;
      Arrays.sort(q);
      quantiles = q;
      return this;
    }

    /** How far back quantiles look (default 10 minutes), in {@code ageBuckets} steps (default 5). */
    public Builder maxAge(long amount, TimeUnit unit, int ageBuckets) {
      long millis = unit.toMillis(amount);
      if (millis <= 0 || ageBuckets < 1) {
        throw new IllegalArgumentException("maxAge must be positive and ageBuckets at least 1, got "
            + millis + " ms and " + ageBuckets);
      }
      this.maxAgeMillis = millis;
      this.ageBuckets = ageBuckets;
      return this;
    }

    @Override
    public Summary build() {
      return new Summary(this, metadata("quantile"));
    }
  }
}
