package dev.vigil.exporters.common;

import dev.vigil.client.model.CounterSnapshot;
import dev.vigil.client.model.GaugeSnapshot;
import dev.vigil.client.model.InfoSnapshot;
import dev.vigil.client.model.Labels;
import dev.vigil.client.model.MetricMetadata;
import dev.vigil.client.model.MetricSnapshot;
import dev.vigil.client.model.MetricSnapshots;
import dev.vigil.client.model.UnknownSnapshot;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Collects the samples of one scrape into metric families, in the order first used. Exporters
 * read a source (a /proc file, a SQL result, Redis INFO) line by line and add samples as they
 * go; a family named twice gets both sets of samples. Not thread-safe: one per collect call.
 *
 * <p>Names are written as the peer exporter writes them: {@link #counter} takes the full name
 * ending in {@code _total} (the exposition adds the suffix back); a peer counter without that
 * suffix is exposed as {@link #untyped}, as the peers do.
 */
public final class Families {
  private enum Kind { COUNTER, GAUGE, UNTYPED, INFO }

  private static final class Family {
    final Kind kind;
    final String name;
    final String help;
    // Parallel lists rather than a boxed pair per sample: scrapes add thousands of samples.
    // They start small because most families hold one or two samples.
    final List<Labels> labels = new ArrayList<>(2);
    double[] values = new double[2];

    Family(Kind kind, String name, String help) {
      this.kind = kind;
      this.name = name;
      this.help = help;
    }
  }

  private final Map<String, Family> families = new LinkedHashMap<>();

  /** A gauge sample; {@code labels} are name, value, name, value, … */
  public Families gauge(String name, String help, double value, String... labels) {
    return add(Kind.GAUGE, name, help, value, labels);
  }

  /** A gauge sample with labels built once by the caller (for many samples sharing them). */
  public Families gauge(String name, String help, double value, Labels labels) {
    return add(Kind.GAUGE, name, help, value, labels);
  }

  /** A counter sample; {@code name} must end in {@code _total}. */
  public Families counter(String name, String help, double value, String... labels) {
    if (!name.endsWith("_total")) {
      throw new IllegalArgumentException("counter name must end in _total: " + name);
    }
    return add(Kind.COUNTER, name.substring(0, name.length() - "_total".length()), help, value,
        labels);
  }

  /**
   * An info sample ({@code name} ending in {@code _info}, value 1), such as
   * {@code node_uname_info}; text format 0.0.4 shows it as a gauge, as the peers do.
   */
  public Families info(String name, String help, String... labels) {
    if (!name.endsWith("_info")) {
      throw new IllegalArgumentException("info name must end in _info: " + name);
    }
    return add(Kind.INFO, name.substring(0, name.length() - "_info".length()), help, 1, labels);
  }

  /** An untyped sample, for peer metrics exposed without a type. */
  public Families untyped(String name, String help, double value, String... labels) {
    return add(Kind.UNTYPED, name, help, value, labels);
  }

  private Families add(Kind kind, String name, String help, double value, String[] labels) {
    return add(kind, name, help, value, Labels.of(labels));
  }

  private Families add(Kind kind, String name, String help, double value, Labels labels) {
    Family f = families.computeIfAbsent(name, n -> new Family(kind, n, help));
    if (f.kind != kind) {
      throw new IllegalArgumentException(name + " used as " + f.kind + " and " + kind);
    }
    int n = f.labels.size();
    if (n == f.values.length) {
      f.values = Arrays.copyOf(f.values, n * 2);
    }
    f.values[n] = value;
    f.labels.add(labels);
    return this;
  }

  /**
   * Appends every sample of {@code other} (for a scrape staged apart until it is whole). Into an
   * empty instance the families are taken over rather than copied, so {@code other} must not be
   * added to afterwards.
   */
  public Families addAll(Families other) {
    if (families.isEmpty()) {
      families.putAll(other.families);
      return this;
    }
    for (Family o : other.families.values()) {
      Family f = families.computeIfAbsent(o.name, n -> new Family(o.kind, n, o.help));
      if (f.kind != o.kind) {
        throw new IllegalArgumentException(o.name + " used as " + f.kind + " and " + o.kind);
      }
      for (int i = 0; i < o.labels.size(); i++) {
        int n = f.labels.size();
        if (n == f.values.length) {
          f.values = Arrays.copyOf(f.values, n * 2);
        }
        f.values[n] = o.values[i];
        f.labels.add(o.labels.get(i));
      }
    }
    return this;
  }

  public boolean isEmpty() {
    return families.isEmpty();
  }

  /** The families so far. Counter values below zero (a reset source) are clamped to zero. */
  public MetricSnapshots build() {
    List<MetricSnapshot<?>> out = new ArrayList<>(families.size());
    for (Family f : families.values()) {
      MetricMetadata meta = new MetricMetadata(f.name, f.help, null);
      switch (f.kind) {
        case COUNTER -> {
          List<CounterSnapshot.DataPoint> ps = new ArrayList<>(f.labels.size());
          for (int i = 0; i < f.labels.size(); i++) {
            ps.add(new CounterSnapshot.DataPoint(f.labels.get(i), Math.max(0, f.values[i]), null,
                0));
          }
          out.add(new CounterSnapshot(meta, ps));
        }
        case GAUGE -> {
          List<GaugeSnapshot.DataPoint> ps = new ArrayList<>(f.labels.size());
          for (int i = 0; i < f.labels.size(); i++) {
            ps.add(new GaugeSnapshot.DataPoint(f.labels.get(i), f.values[i]));
          }
          out.add(new GaugeSnapshot(meta, ps));
        }
        case INFO -> {
          List<InfoSnapshot.DataPoint> ps = new ArrayList<>(f.labels.size());
          for (Labels l : f.labels) {
            ps.add(new InfoSnapshot.DataPoint(l));
          }
          out.add(new InfoSnapshot(meta, ps));
        }
        default -> {
          List<UnknownSnapshot.DataPoint> ps = new ArrayList<>(f.labels.size());
          for (int i = 0; i < f.labels.size(); i++) {
            ps.add(new UnknownSnapshot.DataPoint(f.labels.get(i), f.values[i]));
          }
          out.add(new UnknownSnapshot(meta, ps));
        }
      }
    }
    return new MetricSnapshots(out);
  }
}
