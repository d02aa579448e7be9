package dev.vigil.server.scrape;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.server.scrape.parse.ExpositionParser;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What a target's TYPE, HELP and UNIT lines leave for the metadata endpoints. */
class TargetMetadataTest {
  private final TargetMetadata md = new TargetMetadata();

  private void scrape(String contentType, String body) throws Exception {
    byte[] b = body.getBytes(StandardCharsets.UTF_8);
    ExpositionParser p = ExpositionParser.forContentType(contentType, b, b.length);
    ExpositionParser.Entry e;
    while ((e = p.next()) != null) {
      if (e != ExpositionParser.Entry.SERIES && e != ExpositionParser.Entry.COMMENT) {
        md.observe(p, e);
      }
    }
    md.endScrape();
  }

  private static final String TEXT = """
      # HELP http_requests_total Requests \\\\ served.\\nAll of them.
      # TYPE http_requests_total counter
      http_requests_total 3
      # TYPE temp gauge
      temp 1
      """;

  @Test
  void keepsTypeHelpAndUnitPerFamily() throws Exception {
    scrape("text/plain; version=0.0.4", TEXT);
    assertThat(md.list()).containsExactly(
        new TargetMetadata.Metric("http_requests_total", "counter",
            "Requests \\ served.\nAll of them.", ""),
        new TargetMetadata.Metric("temp", "gauge", "", ""));
    scrape("application/openmetrics-text; version=1.0.0", """
        # TYPE latency_seconds histogram
        # UNIT latency_seconds seconds
        # HELP latency_seconds How long.
        latency_seconds_count 1
        latency_seconds_sum 1
        latency_seconds_bucket{le="+Inf"} 1
        # EOF
        """);
    assertThat(md.get("latency_seconds")).isEqualTo(
        new TargetMetadata.Metric("latency_seconds", "histogram", "How long.", "seconds"));
    assertThat(md.get("nope")).isNull();
  }

  @Test
  void unchangedScrapesKeepThePublishedListAndChangesReplaceIt() throws Exception {
    scrape("text/plain", TEXT);
    List<TargetMetadata.Metric> first = md.list();
    scrape("text/plain", TEXT);
    assertThat(md.list()).isSameAs(first);
    scrape("text/plain", TEXT.replace("served", "answered"));
    assertThat(md.get("http_requests_total").help()).startsWith("Requests \\ answered.");
  }

  @Test
  void familiesGoneForTenScrapesAreForgotten() throws Exception {
    scrape("text/plain", TEXT);
    for (int i = 0; i < TargetMetadata.MAX_AGE - 1; i++) {
      scrape("text/plain", "# TYPE temp gauge\ntemp 1\n");
    }
    assertThat(md.get("http_requests_total")).isNotNull();
    scrape("text/plain", "# TYPE temp gauge\ntemp 1\n");
    assertThat(md.get("http_requests_total")).isNull();
    assertThat(md.get("temp")).isNotNull();
  }

  @Test
  void boundedInEntries() throws Exception {
    StringBuilder body = new StringBuilder();
    for (int i = 0; i < TargetMetadata.MAX_ENTRIES + 5; i++) {
      body.append("# TYPE m").append(i).append(" gauge\n");
    }
    scrape("text/plain", body.toString());
    assertThat(md.list()).hasSize(TargetMetadata.MAX_ENTRIES);
  }
}
