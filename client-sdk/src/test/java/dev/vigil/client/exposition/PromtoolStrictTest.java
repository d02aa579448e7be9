package dev.vigil.client.exposition;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.client.ExternalTools;
import dev.vigil.client.core.Counter;
import dev.vigil.client.core.CounterWithCallback;
import dev.vigil.client.core.Gauge;
import dev.vigil.client.core.GaugeWithCallback;
import dev.vigil.client.core.Histogram;
import dev.vigil.client.core.Info;
import dev.vigil.client.core.StateSet;
import dev.vigil.client.core.Summary;
import dev.vigil.client.model.Labels;
import dev.vigil.client.model.Registry;
import dev.vigil.client.model.Unit;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * One metric of every type, built with the real metric classes and written in the text format,
 * must pass Prometheus's own {@code promtool check metrics} without a single finding.
 */
class PromtoolStrictTest {
  @Test
  void everyMetricTypePassesPromtoolWithoutFindings() throws Exception {
    String promtool = ExternalTools.require("promtool", "prometheus");
    Registry r = new Registry();
    Counter requests = Counter.builder().name("http_requests_total")
        .help("Requests served; help with a \\ backslash\nand a newline.")
        .labelNames("path", "method").constLabels(Labels.of("app", "shop")).register(r);
    requests.labelValues("C:\\dir\\\"quoted\"\nnext line", "GET").inc(3);
    requests.labelValues("/\u65e5\u672c", "POST").inc(0.5);
    Gauge temps = Gauge.builder().name("room_temperature_celsius").unit(Unit.CELSIUS)
        .help("Temperature per room.").labelNames("room").register(r);
    temps.labelValues("nan").set(Double.NaN);
    temps.labelValues("hot").set(Double.POSITIVE_INFINITY);
    temps.labelValues("cold").set(Double.NEGATIVE_INFINITY);
    temps.labelValues("office").set(21.5);
    Histogram latency = Histogram.builder().name("request_duration_seconds")
        .help("Request latency.").labelNames("route").register(r);
    latency.labelValues("/a").observe(0.042);
    latency.labelValues("/a").observe(Double.POSITIVE_INFINITY);
    Summary sizes = Summary.builder().name("response_size_bytes").unit(Unit.BYTES)
        .help("Response sizes.").quantile(0.5).quantile(0.99).register(r);
    sizes.observe(512);
    Summary.builder().name("idle_wait_seconds").help("Nothing observed: NaN quantiles.")
        .quantile(0.9).register(r);
    Info.builder().name("app_build_info").help("Build facts.").labelNames("version")
        .register(r).set("1.2.3");
    StateSet phase = StateSet.builder().name("app_phase").help("Lifecycle phase.")
        .states("starting", "running").register(r);
    phase.setTrue("running");
    GaugeWithCallback.builder().name("queue_length").help("Jobs waiting.").value(() -> 7)
        .register(r);
    CounterWithCallback.builder().name("gc_collections_total").help("Collections.")
        .value(() -> 12).register(r);

    ByteArrayOutputStream text = new ByteArrayOutputStream();
    new PrometheusTextWriter().write(text, r.scrape());

    Process p = new ProcessBuilder(promtool, "check", "metrics").redirectErrorStream(true).start();
    try (OutputStream in = p.getOutputStream()) {
      text.writeTo(in);
    }
    String findings = new String(p.getInputStream().readAllBytes(), "UTF-8");
    assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(findings).as("promtool findings for:\n" + text).isEmpty();
    assertThat(p.exitValue()).isZero();
  }
}
