package dev.vigil.client.exposition;

import static dev.vigil.client.exposition.PrometheusTextWriterTest.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.client.model.CounterSnapshot;
import dev.vigil.client.model.Exemplar;
import dev.vigil.client.model.GaugeSnapshot;
import dev.vigil.client.model.Labels;
import dev.vigil.client.model.MetricMetadata;
import dev.vigil.client.model.MetricSnapshots;
import dev.vigil.client.model.StateSetSnapshot;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;

class OpenMetricsWriterTest {

  @Test
  void everyType() throws IOException {
    // Escapes below are Java's: \\\\ is one escaped backslash on the wire, \\n an escaped newline.
    assertThat(write(new OpenMetricsWriter(), Fixtures.everything())).isEqualTo("""
        # TYPE build info
        # HELP build Build information.
        build_info{revision="abc",version="1.2.3"} 1
        # TYPE empty_gauge gauge
        # HELP empty_gauge Has no data points.
        # TYPE feature stateset
        feature{env="prod",feature="a"} 0
        feature{env="prod",feature="bb"} 1
        feature{env="prod",feature="ccc"} 0
        # TYPE http_requests counter
        # HELP http_requests Requests.\\nSecond line: \\\\ and \\"quotes\\".
        http_requests_total{method="GET",path="/a"} 1027 # {trace_id="abc123"} 0.67 1520879607.789
        http_requests_created{method="GET",path="/a"} 1520430000.123
        http_requests_total{method="POST",path="C:\\\\DIR\\\\FILE.TXT"} 3 # {trace_id="x"} 1
        # TYPE legacy_value unknown
        legacy_value 42.23
        # TYPE no_help counter
        no_help_total 0
        # TYPE process_cpu_seconds counter
        # UNIT process_cpu_seconds seconds
        # HELP process_cpu_seconds CPU time.
        process_cpu_seconds_total 4200722.46
        # TYPE request_duration_seconds histogram
        # UNIT request_duration_seconds seconds
        # HELP request_duration_seconds Latency.
        request_duration_seconds_bucket{le="0.005"} 1
        request_duration_seconds_bucket{le="0.01"} 2
        request_duration_seconds_bucket{le="0.1"} 8 # {trace_id="t1"} 0.054 1520879607.7
        request_duration_seconds_bucket{le="1.0"} 11 # {} 0.67
        request_duration_seconds_bucket{le="10.0"} 17
        request_duration_seconds_bucket{le="1e+06"} 17
        request_duration_seconds_bucket{le="+Inf"} 17
        request_duration_seconds_count 17
        request_duration_seconds_sum 53.42
        request_duration_seconds_created 1520430000.0
        request_duration_seconds_bucket{path="/x",le="0.005"} 0
        request_duration_seconds_bucket{path="/x",le="0.01"} 0
        request_duration_seconds_bucket{path="/x",le="0.1"} 0
        request_duration_seconds_bucket{path="/x",le="1.0"} 0
        request_duration_seconds_bucket{path="/x",le="10.0"} 0
        request_duration_seconds_bucket{path="/x",le="1e+06"} 0
        request_duration_seconds_bucket{path="/x",le="+Inf"} 0
        request_duration_seconds_count{path="/x"} 0
        request_duration_seconds_sum{path="/x"} 0
        # TYPE rpc_duration_seconds summary
        # UNIT rpc_duration_seconds seconds
        # HELP rpc_duration_seconds RPC latency.
        rpc_duration_seconds{quantile="0.5"} 0.012
        rpc_duration_seconds{quantile="0.9"} 0.5
        rpc_duration_seconds{quantile="0.99"} NaN
        rpc_duration_seconds_count 2693
        rpc_duration_seconds_sum 17560473
        rpc_duration_seconds_created 1605281325.5
        # TYPE temperature_celsius gauge
        # UNIT temperature_celsius celsius
        # HELP temperature_celsius Temperature.
        temperature_celsius{room="cold"} -Inf
        temperature_celsius{room="emoji 😀"} NaN
        temperature_celsius{room="hot"} +Inf
        temperature_celsius{room="quote\\"nl\\n"} 1e-07
        temperature_celsius{room="日本"} -3.5
        # TYPE temperature_delta histogram
        temperature_delta_bucket{le="-10.0"} 1
        temperature_delta_bucket{le="0.0"} 3
        temperature_delta_bucket{le="+Inf"} 5
        # EOF
        """);
  }

  @Test
  void emptyScrapeIsJustEof() throws IOException {
    assertThat(write(new OpenMetricsWriter(), MetricSnapshots.EMPTY)).isEqualTo("# EOF\n");
  }

  @Test
  void exemplarLabelsAreEscapedAndTimestampsAreSeconds() throws IOException {
    Exemplar e = new Exemplar(Labels.of("span_id", "a\"b\\c\nd", "trace_id", "\u00e9"), 1e-7,
        -1);
    MetricSnapshots s = MetricSnapshots.of(new CounterSnapshot(new MetricMetadata("c"),
        List.of(new CounterSnapshot.DataPoint(Labels.EMPTY, 1.5, e, 1))));
    assertThat(write(new OpenMetricsWriter(), s)).isEqualTo("""
        # TYPE c counter
        c_total 1.5 # {span_id="a\\"b\\\\c\\nd",trace_id="é"} 1e-07 -0.001
        c_created 0.001
        # EOF
        """);
  }

  @Test
  void emptyHelpIsLeftOut() throws IOException {
    MetricSnapshots s = MetricSnapshots.of(new GaugeSnapshot(new MetricMetadata("g", "", null),
        List.of(new GaugeSnapshot.DataPoint(Labels.of("a", ""), 0))));
    assertThat(write(new OpenMetricsWriter(), s)).isEqualTo("""
        # TYPE g gauge
        g{a=""} 0
        # EOF
        """);
  }

  @Test
  void stateSetNamesCannotHoldColonsSinceTheyBecomeLabelNames() {
    assertThatThrownBy(() -> new StateSetSnapshot(new MetricMetadata("job:state"), List.of()))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("':'");
  }

  @Test
  void contentTypeAndAccepts() {
    OpenMetricsWriter w = new OpenMetricsWriter();
    assertThat(w.getContentType())
        .isEqualTo("application/openmetrics-text; version=1.0.0; charset=utf-8");
    assertThat(w.accepts("application/openmetrics-text")).isTrue();
    assertThat(w.accepts("application/openmetrics-text; version=1.0.0")).isTrue();
    assertThat(w.accepts("application/openmetrics-text; version=0.0.1")).isTrue();
    assertThat(w.accepts("application/openmetrics-text; version=2.0.0")).isFalse();
    assertThat(w.accepts("application/openmetrics-text; q=0")).isFalse();
    assertThat(w.accepts("text/plain, application/openmetrics-text;q=0.1")).isTrue();
    assertThat(w.accepts("*/*")).isFalse();
    assertThat(w.accepts(null)).isFalse();
  }
}
