package dev.vigil.client.exposition;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

class NegotiationTest {
  private static final String TEXT = PrometheusTextWriter.CONTENT_TYPE;
  private static final String OM = OpenMetricsWriter.CONTENT_TYPE;

  static Stream<Arguments> acceptHeaders() {
    return Stream.of(
        // Missing or empty: the last resort, text 0.0.4.
        Arguments.of(null, TEXT),
        Arguments.of("", TEXT),
        Arguments.of("   ", TEXT),
        // Prometheus' default header (content_negotiation.md), with the catch-all spelled out.
        Arguments.of("application/openmetrics-text;version=1.0.0;escaping=allow-utf-8;q=0.5,"
            + "application/openmetrics-text;version=0.0.1;q=0.4,"
            + "text/plain;version=1.0.0;escaping=allow-utf-8;q=0.3,"
            + "text/plain;version=0.0.4;q=0.2,*/*;q=0.1", OM),
        // ... and as the document prints it, with a mangled catch-all.
        Arguments.of("application/openmetrics-text;version=1.0.0;escaping=allow-utf-8;q=0.5,"
            + "application/openmetrics-text;version=0.0.1;q=0.4,"
            + "text/plain;version=1.0.0;escaping=allow-utf-8;q=0.3,"
            + "text/plain;version=0.0.4;q=0.2,/;q=0.1", OM),
        // Protobuf first: unsupported, so the next best, OpenMetrics.
        Arguments.of("application/vnd.google.protobuf;proto=io.prometheus.client.MetricFamily;"
            + "encoding=delimited;q=0.5,application/openmetrics-text;version=1.0.0;"
            + "escaping=allow-utf-8;q=0.4,application/openmetrics-text;version=0.0.1;q=0.3,"
            + "text/plain;version=1.0.0;escaping=allow-utf-8;q=0.2,"
            + "text/plain;version=0.0.4;q=0.1,*/*;q=0.0", OM),
        Arguments.of("application/vnd.google.protobuf;proto=io.prometheus.client.MetricFamily;"
            + "encoding=delimited", TEXT),
        // Prometheus with scrape_protocols: [PrometheusText0.0.4] or older versions.
        Arguments.of("text/plain;version=0.0.4;q=1,*/*;q=0.1", TEXT),
        Arguments.of("application/openmetrics-text; version=0.0.1,text/plain;version=0.0.4;q=0.5,"
            + "*/*;q=0.1", OM),
        Arguments.of("text/plain", TEXT),
        Arguments.of("text/plain; version=0.0.4; charset=utf-8", TEXT),
        Arguments.of("application/openmetrics-text", OM),
        Arguments.of("application/openmetrics-text; version=1.0.0; charset=utf-8", OM),
        Arguments.of("application/openmetrics-text;version=0.0.1", OM),
        Arguments.of("APPLICATION/OpenMetrics-Text; VERSION=1.0.0", OM),
        Arguments.of("application/openmetrics-text;version=\"1.0.0\"", OM),
        Arguments.of("application/openmetrics-text;version=2.0.0", TEXT),
        Arguments.of("text/plain;version=1.0.0;escaping=allow-utf-8", TEXT),
        Arguments.of("text/plain;version=1.0.0;q=0.9,application/openmetrics-text;q=0.1", OM),
        // Quality decides; a tie goes to the range listed first.
        Arguments.of("application/openmetrics-text;q=0.5,text/plain;q=0.6", TEXT),
        Arguments.of("text/plain;q=0.5,application/openmetrics-text;q=0.6", OM),
        Arguments.of("text/plain,application/openmetrics-text", TEXT),
        Arguments.of("application/openmetrics-text,text/plain", OM),
        Arguments.of("application/openmetrics-text;q=0.001,text/plain;q=0", OM),
        // q=0 means "not acceptable".
        Arguments.of("application/openmetrics-text;q=0", TEXT),
        Arguments.of("application/openmetrics-text;q=0.0,text/plain;q=0.1", TEXT),
        // Wildcards are answered with text; explicit OpenMetrics at lower quality loses to them.
        Arguments.of("*/*", TEXT),
        Arguments.of("text/*", TEXT),
        Arguments.of("*/*;q=1,application/openmetrics-text;q=0.5", TEXT),
        Arguments.of("text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8", TEXT),
        Arguments.of("application/json", TEXT),
        // Garbage never throws and falls back to text.
        Arguments.of("garbage", TEXT),
        Arguments.of(";;;", TEXT),
        Arguments.of(",,,", TEXT),
        Arguments.of("=;=,=", TEXT),
        Arguments.of("application/openmetrics-text;q=abc", TEXT),
        Arguments.of("application/openmetrics-text;q=2", TEXT),
        Arguments.of("application/openmetrics-text;q=-1", TEXT),
        Arguments.of("application/openmetrics-text;q=NaN", TEXT),
        Arguments.of("application/openmetrics-text;q=1e-1", TEXT),
        Arguments.of("application/openmetrics-text;q=", TEXT),
        Arguments.of("application/openmetrics-text;version", OM),
        Arguments.of("application/openmetrics-text;escaping=\"a,b;c\";q=0.9,text/plain;q=0.1", OM),
        Arguments.of("application/openmetrics-text;x=\"unterminated, text/plain", OM),
        Arguments.of("\u0000\uffff\ud800", TEXT),
        Arguments.of("application/openmetrics text", TEXT),
        Arguments.of("application/openmetrics-text\r\n\r\nHTTP/1.1 200 OK", TEXT),
        Arguments.of(",".repeat(10_000) + "application/openmetrics-text", OM),
        Arguments.of("x/y;q=0.5,".repeat(10_000), TEXT));
  }

  @ParameterizedTest
  @MethodSource("acceptHeaders")
  void selectsWriterByAcceptHeader(String accept, String expectedContentType) {
    assertThat(ExpositionFormats.defaults().select(accept).getContentType())
        .isEqualTo(expectedContentType);
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', nullValues = "NULL", value = {
      "NULL | false", "'' | false", "gzip | true", "GZIP | true", "x-gzip | true",
      "gzip;q=0 | false", "gzip; q=0.0 | false", "deflate, gzip;q=0.5 | true",
      "gzip, deflate, br, zstd | true", "identity | false", "br, zstd | false", "* | true",
      "*;q=0 | false", "gzip;q=0, * | false", "identity;q=1, *;q=0.5 | true",
      "gzip;q=garbage | false", "gzip;q=2 | false", ";;, | false"
  })
  void gzipByAcceptEncoding(String acceptEncoding, boolean gzip) {
    assertThat(MetricsResponder.acceptsGzip(acceptEncoding)).isEqualTo(gzip);
  }

  @Test
  void customWritersAndFallback() {
    ExpositionWriter om = new OpenMetricsWriter();
    ExpositionFormats onlyOm = ExpositionFormats.of(om);
    assertThat(onlyOm.select("text/plain")).isSameAs(om);
    assertThat(onlyOm.getFallback()).isSameAs(om);

    PrometheusTextWriter text = PrometheusTextWriter.builder().includeCreatedTimestamps(true)
        .build();
    ExpositionFormats formats = ExpositionFormats.of(text, om);
    assertThat(formats.getWriters()).containsExactly(text, om);
    assertThat(formats.select(null)).isSameAs(text);
    assertThat(formats.select("application/openmetrics-text")).isSameAs(om);
  }

  @Test
  void aWriterWhoseAcceptsThrowsIsSkipped() {
    ExpositionWriter broken = new ExpositionWriter() {
      @Override
      public boolean accepts(String acceptHeader) {
        throw new IllegalStateException("broken");
      }

      @Override
      public String getContentType() {
        return "broken/broken";
      }

      @Override
      public void write(java.io.OutputStream out, dev.vigil.client.model.MetricSnapshots s) {
      }
    };
    ExpositionFormats formats = ExpositionFormats.of(new PrometheusTextWriter(), broken);
    assertThat(formats.select("broken/broken").getContentType()).isEqualTo(TEXT);
  }
}
