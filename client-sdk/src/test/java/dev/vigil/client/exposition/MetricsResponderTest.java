package dev.vigil.client.exposition;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.client.model.Collector;
import dev.vigil.client.model.CounterSnapshot;
import dev.vigil.client.model.GaugeSnapshot;
import dev.vigil.client.model.Labels;
import dev.vigil.client.model.MetricMetadata;
import dev.vigil.client.model.MetricSnapshot;
import dev.vigil.client.model.Registry;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MetricsResponderTest {
  private static final String OM_ACCEPT = "application/openmetrics-text; version=1.0.0";

  static Registry registry() {
    Registry r = new Registry();
    r.register(() -> new CounterSnapshot(new MetricMetadata("foo", "Foo.", null),
        List.of(new CounterSnapshot.DataPoint(Labels.EMPTY, 3, null, 0))));
    r.register(() -> new GaugeSnapshot(new MetricMetadata("bar", "Bar.", null),
        List.of(new GaugeSnapshot.DataPoint(Labels.of("a", "b"), 1.5))));
    r.register(() -> new GaugeSnapshot(new MetricMetadata("baz:ratio"),
        List.of(new GaugeSnapshot.DataPoint(Labels.EMPTY, 0.25))));
    return r;
  }

  static String body(Scrape scrape) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    scrape.writeBody(out);
    byte[] bytes = out.toByteArray();
    if (scrape.isGzip()) {
      try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(bytes))) {
        bytes = in.readAllBytes();
      }
    }
    return new String(bytes, StandardCharsets.UTF_8);
  }

  @Test
  void plainTextByDefault() throws IOException {
    Scrape scrape = new MetricsResponder(registry()).scrape(null, null, null);
    assertThat(scrape.getContentType()).isEqualTo(PrometheusTextWriter.CONTENT_TYPE);
    assertThat(scrape.getContentEncoding()).isNull();
    assertThat(scrape.getSnapshots().size()).isEqualTo(3);
    assertThat(body(scrape)).isEqualTo("""
        # HELP bar Bar.
        # TYPE bar gauge
        bar{a="b"} 1.5
        # TYPE baz:ratio gauge
        baz:ratio 0.25
        # HELP foo_total Foo.
        # TYPE foo_total counter
        foo_total 3
        """);
  }

  @Test
  void gzipRoundTrip() throws IOException {
    MetricsResponder responder = new MetricsResponder(registry());
    Scrape plain = responder.scrape(OM_ACCEPT, "identity", null);
    Scrape gzip = responder.scrape(OM_ACCEPT, "gzip, deflate", null);

    assertThat(gzip.isGzip()).isTrue();
    assertThat(gzip.getContentEncoding()).isEqualTo("gzip");
    assertThat(gzip.getContentType()).isEqualTo(OpenMetricsWriter.CONTENT_TYPE);
    ByteArrayOutputStream raw = new ByteArrayOutputStream();
    gzip.writeBody(raw);
    assertThat(raw.toByteArray()).startsWith((byte) 0x1f, (byte) 0x8b);
    assertThat(body(gzip)).isEqualTo(body(plain)).endsWith("# EOF\n");
  }

  @Test
  void gzipDoesNotCloseTheCallersStream() throws IOException {
    Scrape gzip = new MetricsResponder(registry()).scrape(null, "gzip", null);
    boolean[] closed = {false};
    ByteArrayOutputStream out = new ByteArrayOutputStream() {
      @Override
      public void close() {
        closed[0] = true;
      }
    };
    gzip.writeBody(out);
    assertThat(closed[0]).isFalse();
    assertThat(out.size()).isGreaterThan(20);
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "name[]=foo_total | foo",
      "name[]=foo | foo",
      "name%5B%5D=foo_created | foo",
      "name[]=bar&name[]=foo | bar,foo",
      "x=1&name[]=baz%3Aratio&y | baz:ratio",
      "name[]=nothing | ''",
      "name[]= | bar,baz:ratio,foo",
      "name[]=%zz | ''",
      "other=foo | bar,baz:ratio,foo",
  })
  void nameFilter(String query, String expectedNames) {
    Scrape scrape = new MetricsResponder(registry()).scrape(null, null, query);
    StringBuilder names = new StringBuilder();
    scrape.getSnapshots().forEach(s -> names.append(names.length() > 0 ? "," : "")
        .append(s.getName()));
    assertThat(names.toString()).isEqualTo(expectedNames);
  }

  @Test
  void filteredOutCollectorsWithKnownNamesAreNotCalled() {
    AtomicInteger calls = new AtomicInteger();
    Registry r = registry();
    r.register(new Collector() {
      @Override
      public MetricSnapshot<?> collect() {
        calls.incrementAndGet();
        return new GaugeSnapshot(new MetricMetadata("expensive"), List.of());
      }

      @Override
      public String getName() {
        return "expensive";
      }
    });
    new MetricsResponder(r).scrape(null, null, "name[]=foo_total");
    assertThat(calls).hasValue(0);
  }

  @Test
  void nameParameters() {
    assertThat(MetricsResponder.nameParameters(null)).isEmpty();
    assertThat(MetricsResponder.nameParameters("")).isEmpty();
    assertThat(MetricsResponder.nameParameters("&&=&name[]")).isEmpty();
    assertThat(MetricsResponder.nameParameters("name[]=a+b&name%5b%5d=%E2%82%AC&name[]=%"))
        .containsExactly("a b", "\u20ac", "%");
  }

  @Test
  void collectorFailureSurfacesBeforeAnythingIsWritten() {
    Registry r = registry();
    r.register((Collector) () -> {
      throw new IllegalStateException("database down");
    });
    assertThatThrownBy(() -> new MetricsResponder(r).scrape(null, "gzip", null))
        .isInstanceOf(IllegalStateException.class).hasMessage("database down");
  }

  @Test
  void plainWritePaths() throws IOException {
    MetricsResponder responder = new MetricsResponder(registry());
    ByteArrayOutputStream text = new ByteArrayOutputStream();
    responder.write(text);
    assertThat(text.toString(StandardCharsets.UTF_8)).startsWith("# HELP bar Bar.\n");

    ByteArrayOutputStream om = new ByteArrayOutputStream();
    responder.write(om, OM_ACCEPT);
    assertThat(om.toString(StandardCharsets.UTF_8)).startsWith("# TYPE bar gauge\n")
        .endsWith("# EOF\n");
    assertThat(responder.negotiate(OM_ACCEPT)).isInstanceOf(OpenMetricsWriter.class);
  }
}
