package dev.vigil.client.jvm;

import dev.vigil.client.model.CounterSnapshot;
import dev.vigil.client.model.GaugeSnapshot;
import dev.vigil.client.model.Labels;
import dev.vigil.client.model.MetricMetadata;
import dev.vigil.client.model.MetricSnapshot;
import java.util.ArrayList;
import java.util.List;

/** Collects snapshots for one scrape; small helpers so JvmCollector reads as a list of names. */
final class Families {
  final List<MetricSnapshot<?>> out = new ArrayList<>();

  void gauge(String name, String help, double value) {
    List<GaugeSnapshot.DataPoint> p = new ArrayList<>(1);
    p.add(new GaugeSnapshot.DataPoint(Labels.EMPTY, value));
    out.add(new GaugeSnapshot(new MetricMetadata(name, help, null), p));
  }

  /** {@code name} without {@code _total}: the text format appends it to counters. */
  void counter(String name, String help, double value) {
    List<CounterSnapshot.DataPoint> p = new ArrayList<>(1);
    p.add(new CounterSnapshot.DataPoint(Labels.EMPTY, value, null, 0));
    out.add(new CounterSnapshot(new MetricMetadata(name, help, null), p));
  }

  /** A labelled gauge: add points with {@link Labelled#add}, then {@link Labelled#done}. */
  Labelled gauges(String name, String help, String label) {
    return new Labelled(name, help, label, false);
  }

  Labelled counters(String name, String help, String label) {
    return new Labelled(name, help, label, true);
  }

  final class Labelled {
    private final String name;
    private final String help;
    private final String label;
    private final boolean counter;
    private final List<GaugeSnapshot.DataPoint> g = new ArrayList<>();
    private final List<CounterSnapshot.DataPoint> c = new ArrayList<>();

    Labelled(String name, String help, String label, boolean counter) {
      this.name = name;
      this.help = help;
      this.label = label;
      this.counter = counter;
    }

    Labelled add(String labelValue, double value) {
      Labels l = Labels.of(label, labelValue);
      if (counter) {
        c.add(new CounterSnapshot.DataPoint(l, value, null, 0));
      } else {
        g.add(new GaugeSnapshot.DataPoint(l, value));
      }
      return this;
    }

    void done() {
      MetricMetadata m = new MetricMetadata(name, help, null);
      out.add(counter ? new CounterSnapshot(m, c) : new GaugeSnapshot(m, g));
    }
  }
}
