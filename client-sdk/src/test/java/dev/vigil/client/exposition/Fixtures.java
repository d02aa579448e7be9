package dev.vigil.client.exposition;

import dev.vigil.client.model.CounterSnapshot;
import dev.vigil.client.model.Exemplar;
import dev.vigil.client.model.GaugeSnapshot;
import dev.vigil.client.model.HistogramSnapshot;
import dev.vigil.client.model.InfoSnapshot;
import dev.vigil.client.model.Labels;
import dev.vigil.client.model.MetricMetadata;
import dev.vigil.client.model.MetricSnapshots;
import dev.vigil.client.model.StateSetSnapshot;
import dev.vigil.client.model.SummarySnapshot;
import dev.vigil.client.model.Unit;
import dev.vigil.client.model.UnknownSnapshot;
import java.util.List;

/** Hand-made snapshots covering every type and the awkward corners of both formats. */
final class Fixtures {
  private Fixtures() {}

  static final double INF = Double.POSITIVE_INFINITY;

  /** One family of each type plus unit, help, escaping, special values and exemplar cases. */
  static MetricSnapshots everything() {
    return MetricSnapshots.of(
        new CounterSnapshot(
            new MetricMetadata("http_requests", "Requests.\nSecond line: \\ and \"quotes\".", null),
            List.of(
                new CounterSnapshot.DataPoint(Labels.of("method", "GET", "path", "/a"), 1027,
                    new Exemplar(Labels.of("trace_id", "abc123"), 0.67, 1520879607789L),
                    1520430000123L),
                new CounterSnapshot.DataPoint(
                    Labels.of("method", "POST", "path", "C:\\DIR\\FILE.TXT"), 3,
                    new Exemplar(Labels.of("trace_id", "x"), 1, 0), 0))),
        new CounterSnapshot(new MetricMetadata("process_cpu_seconds", "CPU time.", Unit.SECONDS),
            List.of(new CounterSnapshot.DataPoint(Labels.EMPTY, 4200722.46, null, 0))),
        new CounterSnapshot(new MetricMetadata("no_help"),
            List.of(new CounterSnapshot.DataPoint(Labels.EMPTY, 0, null, 0))),
        new GaugeSnapshot(new MetricMetadata("temperature_celsius", "Temperature.", Unit.CELSIUS),
            List.of(
                new GaugeSnapshot.DataPoint(Labels.of("room", "\u65e5\u672c"), -3.5),
                new GaugeSnapshot.DataPoint(Labels.of("room", "emoji \ud83d\ude00"), Double.NaN),
                new GaugeSnapshot.DataPoint(Labels.of("room", "hot"), INF,
                    new Exemplar(Labels.of("trace_id", "gauges-have-none"), 1, 0)),
                new GaugeSnapshot.DataPoint(Labels.of("room", "cold"), Double.NEGATIVE_INFINITY),
                new GaugeSnapshot.DataPoint(Labels.of("room", "quote\"nl\n"), 1e-7))),
        new GaugeSnapshot(new MetricMetadata("empty_gauge", "Has no data points.", null),
            List.of()),
        new HistogramSnapshot(new MetricMetadata("request_duration_seconds", "Latency.",
            Unit.SECONDS),
            List.of(
                new HistogramSnapshot.DataPoint(Labels.EMPTY,
                    new double[] {0.005, 0.01, 0.1, 1, 10, 1e6, INF},
                    new long[] {1, 2, 8, 11, 17, 17, 17}, 53.42,
                    new Exemplar[] {null, null,
                        new Exemplar(Labels.of("trace_id", "t1"), 0.054, 1520879607700L),
                        new Exemplar(Labels.EMPTY, 0.67, 0), null, null, null},
                    1520430000000L),
                new HistogramSnapshot.DataPoint(Labels.of("path", "/x"),
                    new double[] {0.005, 0.01, 0.1, 1, 10, 1e6, INF},
                    new long[] {0, 0, 0, 0, 0, 0, 0}, 0, null, 0))),
        new HistogramSnapshot(new MetricMetadata("temperature_delta"),
            List.of(new HistogramSnapshot.DataPoint(Labels.EMPTY, new double[] {-10, 0, INF},
                new long[] {1, 3, 5}, -7, null, 0))),
        new SummarySnapshot(new MetricMetadata("rpc_duration_seconds", "RPC latency.",
            Unit.SECONDS),
            List.of(new SummarySnapshot.DataPoint(Labels.EMPTY, 2693, 17560473,
                new double[] {0.5, 0.9, 0.99}, new double[] {0.012, 0.5, Double.NaN},
                1605281325500L))),
        new InfoSnapshot(new MetricMetadata("build", "Build information.", null),
            List.of(new InfoSnapshot.DataPoint(Labels.of("version", "1.2.3", "revision", "abc")))),
        new StateSetSnapshot(new MetricMetadata("feature"),
            List.of(new StateSetSnapshot.DataPoint(Labels.of("env", "prod"),
                new String[] {"a", "bb", "ccc"}, new boolean[] {false, true, false}))),
        new UnknownSnapshot(new MetricMetadata("legacy_value"),
            List.of(new UnknownSnapshot.DataPoint(Labels.EMPTY, 42.23))));
  }
}
