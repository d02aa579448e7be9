package dev.vigil.server.scrape.parse;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.client.core.Counter;
import dev.vigil.client.core.Gauge;
import dev.vigil.client.core.Histogram;
import dev.vigil.client.core.Info;
import dev.vigil.client.core.StateSet;
import dev.vigil.client.core.Summary;
import dev.vigil.client.exposition.ExpositionWriter;
import dev.vigil.client.exposition.OpenMetricsWriter;
import dev.vigil.client.exposition.PrometheusTextWriter;
import dev.vigil.client.model.Registry;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * Real OpenMetrics from a producer (Debian's node_exporter only speaks the text format): every
 * metric type of this project's client SDK, written by its writers, must parse strictly.
 */
class ClientSdkExpositionTest {

  private static Registry registry() {
    Registry r = new Registry();
    Counter c = Counter.builder().name("req").help("Requests \"served\" \\ here.")
        .labelNames("method", "path").register(r);
    c.labelValues("GET", "/a\nb").inc(3);
    c.labelValues("POST", "/\"q\"").inc();
    c.labelValues("GET", "/x").incWithExemplar(1, dev.vigil.client.model.Labels.of("trace_id", "abc"));
    Gauge.builder().name("temp_celsius").help("t").register(r).set(-3.5);
    Histogram h = Histogram.builder().name("lat_seconds").help("h").labelNames("op").register(r);
    h.labelValues("read").observe(0.3);
    h.labelValues("read").observeWithExemplar(7, dev.vigil.client.model.Labels.of("id", "☃"));
    h.labelValues("write").observe(100);
    Summary s = Summary.builder().name("size_bytes").help("s").register(r);
    s.observe(10);
    s.observe(20);
    Info.builder().name("build").help("i").labelNames("version").register(r).set("1.2");
    StateSet st = StateSet.builder().name("mode").help("st").states("a", "b").register(r);
    st.setTrue("a");
    return r;
  }

  @Test
  void openMetrics() throws Exception {
    check(new OpenMetricsWriter(), true);
  }

  @Test
  void text() throws Exception {
    check(new PrometheusTextWriter(), false);
  }

  private static void check(ExpositionWriter w, boolean om) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    w.write(out, registry().scrape());
    byte[] body = out.toByteArray();
    String text = new String(body, StandardCharsets.UTF_8);
    ExpositionParser p = ExpositionParser.forContentType(w.getContentType(), body, body.length);
    assertThat(p).isInstanceOf(om ? OpenMetricsParser.class : TextParser.class);
    String rendered;
    try {
      rendered = Render.all(p);
    } catch (ParseException e) {
      throw new AssertionError(e.getMessage() + "\n" + text, e);
    }
    long naive = text.lines().filter(l -> !l.isBlank() && !l.startsWith("#")).count();
    assertThat(rendered.lines().filter(l -> !l.startsWith("TYPE ") && !l.startsWith("HELP ")
        && !l.startsWith("UNIT ") && !l.startsWith("COMMENT ")).count()).isEqualTo(naive);
    assertThat(rendered).contains("req_total{method=\"GET\", path=\"/a\\nb\"} 3.0");
    assertThat(rendered).contains("temp_celsius{} -3.5");
    if (om) {
      assertThat(rendered).contains("HELP req Requests \"served\" \\\\ here.");
      assertThat(rendered).contains("# {id=\"☃\"} 7.0");
    }
  }
}
