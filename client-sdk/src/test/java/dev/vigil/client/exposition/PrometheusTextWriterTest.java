package dev.vigil.client.exposition;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.client.model.CounterSnapshot;
import dev.vigil.client.model.HistogramSnapshot;
import dev.vigil.client.model.Labels;
import dev.vigil.client.model.MetricMetadata;
import dev.vigil.client.model.MetricSnapshots;
import dev.vigil.client.model.SummarySnapshot;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PrometheusTextWriterTest {

  static String write(ExpositionWriter writer, MetricSnapshots snapshots) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    writer.write(out, snapshots);
    return out.toString(StandardCharsets.UTF_8);
  }

  @Test
  void everyType() throws IOException {
    // Escapes below are Java's: \\\\ is one escaped backslash on the wire, \\n an escaped newline.
    assertThat(write(new PrometheusTextWriter(), Fixtures.everything())).isEqualTo("""
        # HELP build_info Build information.
        # TYPE build_info gauge
        build_info{revision="abc",version="1.2.3"} 1
        # HELP empty_gauge Has no data points.
        # TYPE empty_gauge gauge
        # TYPE feature gauge
        feature{env="prod",feature="a"} 0
        feature{env="prod",feature="bb"} 1
        feature{env="prod",feature="ccc"} 0
        # HELP http_requests_total Requests.\\nSecond line: \\\\ and "quotes".
        # TYPE http_requests_total counter
        http_requests_total{method="GET",path="/a"} 1027
        http_requests_total{method="POST",path="C:\\\\DIR\\\\FILE.TXT"} 3
        # TYPE legacy_value untyped
        legacy_value 42.23
        # TYPE no_help_total counter
        no_help_total 0
        # HELP process_cpu_seconds_total CPU time.
        # TYPE process_cpu_seconds_total counter
        process_cpu_seconds_total 4200722.46
        # HELP request_duration_seconds Latency.
        # TYPE request_duration_seconds histogram
        request_duration_seconds_bucket{le="0.005"} 1
        request_duration_seconds_bucket{le="0.01"} 2
        request_duration_seconds_bucket{le="0.1"} 8
        request_duration_seconds_bucket{le="1.0"} 11
        request_duration_seconds_bucket{le="10.0"} 17
        request_duration_seconds_bucket{le="1e+06"} 17
        request_duration_seconds_bucket{le="+Inf"} 17
        request_duration_seconds_sum 53.42
        request_duration_seconds_count 17
        request_duration_seconds_bucket{path="/x",le="0.005"} 0
        request_duration_seconds_bucket{path="/x",le="0.01"} 0
        request_duration_seconds_bucket{path="/x",le="0.1"} 0
        request_duration_seconds_bucket{path="/x",le="1.0"} 0
        request_duration_seconds_bucket{path="/x",le="10.0"} 0
        request_duration_seconds_bucket{path="/x",le="1e+06"} 0
        request_duration_seconds_bucket{path="/x",le="+Inf"} 0
        request_duration_seconds_sum{path="/x"} 0
        request_duration_seconds_count{path="/x"} 0
        # HELP rpc_duration_seconds RPC latency.
        # TYPE rpc_duration_seconds summary
        rpc_duration_seconds{quantile="0.5"} 0.012
        rpc_duration_seconds{quantile="0.9"} 0.5
        rpc_duration_seconds{quantile="0.99"} NaN
        rpc_duration_seconds_sum 17560473
        rpc_duration_seconds_count 2693
        # HELP temperature_celsius Temperature.
        # TYPE temperature_celsius gauge
        temperature_celsius{room="cold"} -Inf
        temperature_celsius{room="emoji 😀"} NaN
        temperature_celsius{room="hot"} +Inf
        temperature_celsius{room="quote\\"nl\\n"} 1e-07
        temperature_celsius{room="日本"} -3.5
        # TYPE temperature_delta histogram
        temperature_delta_bucket{le="-10.0"} 1
        temperature_delta_bucket{le="0.0"} 3
        temperature_delta_bucket{le="+Inf"} 5
        temperature_delta_sum -7
        temperature_delta_count 5
        """);
  }

  @Test
  void createdTimestampsAsSeparateGaugeFamiliesWhenAsked() throws IOException {
    MetricSnapshots snapshots = MetricSnapshots.of(
        new CounterSnapshot(new MetricMetadata("jobs", "Jobs run.", null), List.of(
            new CounterSnapshot.DataPoint(Labels.of("queue", "a"), 5, null, 1520430000123L),
            new CounterSnapshot.DataPoint(Labels.of("queue", "b"), 1, null, 0),
            new CounterSnapshot.DataPoint(Labels.of("queue", "c"), 2, null, 1520430000000L))),
        new CounterSnapshot(new MetricMetadata("no_timestamp"), List.of(
            new CounterSnapshot.DataPoint(Labels.EMPTY, 1, null, 0))),
        new HistogramSnapshot(new MetricMetadata("size_bytes"), List.of(
            new HistogramSnapshot.DataPoint(Labels.EMPTY, new double[] {1024, Fixtures.INF},
                new long[] {1, 2}, 2048, null, 1520430000100L))),
        new SummarySnapshot(new MetricMetadata("wait_seconds"), List.of(
            new SummarySnapshot.DataPoint(Labels.EMPTY, 0, 0, new double[0], new double[0],
                -1500))));
    PrometheusTextWriter writer = PrometheusTextWriter.builder()
        .includeCreatedTimestamps(true).build();

    assertThat(writer.isIncludeCreatedTimestamps()).isTrue();
    assertThat(write(writer, snapshots)).isEqualTo("""
        # HELP jobs_total Jobs run.
        # TYPE jobs_total counter
        jobs_total{queue="a"} 5
        jobs_total{queue="b"} 1
        jobs_total{queue="c"} 2
        # HELP jobs_created Jobs run.
        # TYPE jobs_created gauge
        jobs_created{queue="a"} 1520430000.123
        jobs_created{queue="c"} 1520430000.0
        # TYPE no_timestamp_total counter
        no_timestamp_total 1
        # TYPE size_bytes histogram
        size_bytes_bucket{le="1024.0"} 1
        size_bytes_bucket{le="+Inf"} 2
        size_bytes_sum 2048
        size_bytes_count 2
        # TYPE size_bytes_created gauge
        size_bytes_created 1520430000.1
        # TYPE wait_seconds summary
        wait_seconds_sum 0
        wait_seconds_count 0
        # TYPE wait_seconds_created gauge
        wait_seconds_created -1.5
        """);
  }

  @Test
  void createdTimestampsLeftOutByDefault() throws IOException {
    String text = write(new PrometheusTextWriter(), Fixtures.everything());
    assertThat(text).doesNotContain("_created");
    assertThat(new PrometheusTextWriter().isIncludeCreatedTimestamps()).isFalse();
  }

  @Test
  void emptyScrapeIsEmpty() throws IOException {
    assertThat(write(new PrometheusTextWriter(), MetricSnapshots.EMPTY)).isEmpty();
  }

  @Test
  void helpEscapesOnlyBackslashAndNewline() throws IOException {
    MetricSnapshots s = MetricSnapshots.of(new CounterSnapshot(
        new MetricMetadata("c", "a \"quoted\" \\n is not a newline\n\\", null), List.of()));
    assertThat(write(new PrometheusTextWriter(), s)).isEqualTo("""
        # HELP c_total a "quoted" \\\\n is not a newline\\n\\\\
        # TYPE c_total counter
        """);
  }

  @Test
  void largeOutputsSpanManyChunksIntact() throws IOException {
    // Far beyond one 32 KiB chunk, with multi-byte characters straddling chunk boundaries.
    List<CounterSnapshot.DataPoint> points = new ArrayList<>();
    StringBuilder expected = new StringBuilder("# TYPE big_total counter\n");
    for (int i = 0; i < 5000; i++) {
      String v = "v\u00e9\u4e2d\ud83d\ude00-" + String.format("%05d", i);
      points.add(new CounterSnapshot.DataPoint(Labels.of("id", v), i + 0.5, null, 0));
      expected.append("big_total{id=\"").append(v).append("\"} ").append(i).append(".5\n");
    }
    MetricSnapshots s = MetricSnapshots.of(
        new CounterSnapshot(new MetricMetadata("big"), points));

    CountingStream out = new CountingStream();
    new PrometheusTextWriter().write(out, s);

    assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo(expected.toString());
    assertThat(out.writes).as("written in large chunks, not per line").isLessThan(20);
    assertThat(out.flushed).isTrue();
  }

  @Test
  void contentTypeAndAccepts() {
    PrometheusTextWriter w = new PrometheusTextWriter();
    assertThat(w.getContentType()).isEqualTo("text/plain; version=0.0.4; charset=utf-8");
    assertThat(w.accepts("text/plain")).isTrue();
    assertThat(w.accepts("text/plain; version=0.0.4")).isTrue();
    assertThat(w.accepts("text/plain;version=1.0.0")).isFalse();
    assertThat(w.accepts("text/plain;q=0")).isFalse();
    assertThat(w.accepts("*/*")).isTrue();
    assertThat(w.accepts("application/openmetrics-text")).isFalse();
    assertThat(w.accepts(null)).isFalse();
  }

  static final class CountingStream extends ByteArrayOutputStream {
    int writes;
    boolean flushed;

    @Override
    public synchronized void write(byte[] b, int off, int len) {
      writes++;
      super.write(b, off, len);
    }

    @Override
    public void flush() {
      flushed = true;
    }
  }
}
