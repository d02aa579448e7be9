package dev.vigil.server.scrape;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.server.model.Labels;
import dev.vigil.server.model.Matcher;
import dev.vigil.server.model.StaleNaN;
import dev.vigil.server.tsdb.Head;
import dev.vigil.server.storage.Querier;
import dev.vigil.server.storage.SampleIterator;
import dev.vigil.server.storage.SeriesSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The scrape loop against real HTTP targets: good, down, slow, garbage, oversized, flapping. */
class ScrapeLoopTest {
  private final Head storage = new Head();
  private final TestTarget http;
  private long now = 1_000_000;

  ScrapeLoopTest() throws Exception {
    http = new TestTarget();
  }

  @AfterEach
  void close() {
    http.close();
  }

  private ScrapeLoop loop(Target target, ScrapeSettings settings) {
    return new ScrapeLoop(target, settings, storage,
        new Fetcher(new OkHttpClient.Builder().retryOnConnectionFailure(false).build(), null),
        new ExpositionBodyParser(), () -> now, ScrapeMetrics.unregistered());
  }

  private static ScrapeSettings settings(int sampleLimit, long bodyLimit, long timeoutMillis,
      boolean honorLabels) {
    return new ScrapeSettings(15_000, timeoutMillis, honorLabels, true, List.of(), Map.of(),
        sampleLimit, 0, 0, 0, bodyLimit);
  }

  private Target target(String address) {
    return new Target("job", Labels.of("job", "job", "instance", address), Labels.EMPTY,
        "http://" + address + "/metrics");
  }

  /** Samples of series matching the matchers as "labels t value" lines. */
  private List<String> read(Matcher... ms) {
    List<String> out = new ArrayList<>();
    try (Querier q = storage.querier(0, Long.MAX_VALUE)) {
      SeriesSet set = q.select(true, ms);
      while (set.next()) {
        SampleIterator it = set.iterator();
        while (it.next()) {
          out.add(set.labels() + " " + it.atT() + " "
              + (StaleNaN.is(it.atV()) ? "stale" : Double.toString(it.atV())));
        }
      }
    }
    return out;
  }

  private double last(String metric) {
    List<String> lines = read(Matcher.equal("__name__", metric));
    String l = lines.get(lines.size() - 1);
    return Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1));
  }

  @Test
  void goodScrapeStoresSamplesWithTargetLabelsAndSyntheticSeries() {
    http.body = "# TYPE a counter\na_total{x=\"1\"} 3\nb 2.5 1234\n";
    Target t = target(http.address());
    loop(t, settings(0, 0, 5000, false)).scrapeOnce();
    assertThat(read(Matcher.regex("__name__", "a_total|b"))).containsExactly(
        "a_total{instance=\"" + http.address() + "\", job=\"job\", x=\"1\"} 1000000 3.0",
        "b{instance=\"" + http.address() + "\", job=\"job\"} 1234 2.5");
    assertThat(last("up")).isEqualTo(1);
    assertThat(last("scrape_samples_scraped")).isEqualTo(2);
    assertThat(last("scrape_samples_post_metric_relabeling")).isEqualTo(2);
    assertThat(last("scrape_series_added")).isEqualTo(2);
    assertThat(last("scrape_duration_seconds")).isPositive();
    assertThat(t.health()).isEqualTo(Target.Health.UP);
    assertThat(t.lastError()).isEmpty();
  }

  @Test
  void gzipBodiesAreDecompressedAndAuthorizationSent() {
    http.gzip = true;
    http.body = "z 42\n";
    Target t = target(http.address());
    ScrapeSettings s = new ScrapeSettings(15_000, 5000, false, true, List.of(),
        Map.of("Authorization", "Bearer tok"), 0, 0, 0, 0, 0);
    loop(t, s).scrapeOnce();
    assertThat(read(Matcher.equal("__name__", "z"))).hasSize(1).first().asString()
        .endsWith(" 42.0");
    assertThat(http.lastAuthorization).isEqualTo("Bearer tok");
  }

  @Test
  void openMetricsIsParsedAndCreatedSeriesSkipped() {
    http.contentType = "application/openmetrics-text; version=1.0.0; charset=utf-8";
    http.body = "# TYPE c counter\nc_total 7\nc_created 1.5e9\n# EOF\n";
    loop(target(http.address()), settings(0, 0, 5000, false)).scrapeOnce();
    assertThat(read(Matcher.regex("__name__", "c_.*"))).hasSize(1).first().asString()
        .startsWith("c_total{");
  }

  @Test
  void openMetricsExemplarsReachTheStoreWithTheScrapeTimeWhenTheyHaveNone() {
    http.contentType = "application/openmetrics-text; version=1.0.0; charset=utf-8";
    http.body = "# TYPE c counter\nc_total 7 # {trace_id=\"a\"} 0.5 12.5\n"
        + "# TYPE h histogram\nh_bucket{le=\"+Inf\"} 1 # {trace_id=\"b\"} 3\nh_count 1\n"
        + "h_sum 3\n# EOF\n";
    ScrapeLoop l = loop(target(http.address()), settings(0, 0, 5000, false));
    l.scrapeOnce(); // exemplar storage off: nothing kept
    assertThat(storage.exemplars().size()).isZero();
    storage.exemplars().resize(10);
    now += 15_000;
    l.scrapeOnce();
    now += 15_000;
    l.scrapeOnce(); // the same exemplars again: repeats, not new ones
    List<String> got = new ArrayList<>();
    for (var s : storage.exemplars().selectExemplars(0, Long.MAX_VALUE,
        List.<Matcher[]>of(new Matcher[] {Matcher.regex("__name__", "c_total|h_bucket")}))) {
      got.add(s.seriesLabels().metricName() + " " + s.exemplars());
    }
    assertThat(got).containsExactly(
        "c_total [Exemplar[labels={trace_id=\"a\"}, value=0.5, timestampMillis=12500]]",
        "h_bucket [Exemplar[labels={trace_id=\"b\"}, value=3.0, timestampMillis=1015000]]");
  }

  @Test
  void conflictingLabelsBecomeExportedUnlessHonored() {
    http.body = "m{job=\"theirs\"} 1\n";
    loop(target(http.address()), settings(0, 0, 5000, false)).scrapeOnce();
    assertThat(read(Matcher.equal("__name__", "m")).get(0))
        .contains("exported_job=\"theirs\"").contains("job=\"job\"");
    http.body = "n{job=\"theirs\"} 1\n";
    loop(target(http.address()), settings(0, 0, 5000, true)).scrapeOnce();
    assertThat(read(Matcher.equal("__name__", "n")).get(0))
        .contains("job=\"theirs\"").doesNotContain("exported_job");
  }

  @Test
  void aScrapeAddingTooManyNewSeriesFailsButKnownSeriesGoOn() {
    Target t = target(http.address());
    ScrapeLoop l = loop(t, new ScrapeSettings(15_000, 5000, false, true, List.of(), Map.of(),
        0, 0, 0, 0, 0, 3));
    http.body = "a 1\nb 2\n";
    l.scrapeOnce();
    assertThat(t.lastError()).isEmpty();
    // up and the other report series are new too, but a scrape's own report is not counted.
    http.body = "a 1\nb 2\nc 3\nd 4\ne 5\nf 6\n";
    now += 15_000;
    l.scrapeOnce();
    assertThat(t.lastError()).isEqualTo("series added limit exceeded: the scrape would add more "
        + "than 3 new series (--scrape.series-added-limit)");
    assertThat(last("up")).isZero();
    assertThat(read(Matcher.regex("__name__", "c|d|e|f"))).isEmpty();
    http.body = "a 1\nb 2\nc 3\n";
    now += 15_000;
    l.scrapeOnce();
    assertThat(t.lastError()).isEmpty();
    assertThat(read(Matcher.equal("__name__", "c"))).hasSize(1);
  }

  @Test
  void theHeadSeriesLimitDropsOnlyNewSeries() {
    storage.seriesLimit(2);
    Target t = target(http.address());
    ScrapeLoop l = loop(t, settings(0, 0, 5000, false));
    http.body = "a 1\nb 2\nc 3\n";
    l.scrapeOnce();
    assertThat(storage.seriesCount()).isEqualTo(2);
    assertThat(storage.seriesLimitedSamples()).isGreaterThanOrEqualTo(1);
    assertThat(read(Matcher.equal("__name__", "a"))).hasSize(1);
    now += 15_000;
    l.scrapeOnce();
    assertThat(read(Matcher.equal("__name__", "a"))).hasSize(2);
    assertThat(read(Matcher.equal("__name__", "c"))).isEmpty();
  }

  @Test
  void failuresCommitNothingButUpZeroAndAPreciseError() {
    Target t = target(http.address());
    ScrapeLoop l = loop(t, settings(2, 0, 5000, false));
    http.body = "a 1\nb 2\nc 3\n";
    l.scrapeOnce();
    assertThat(t.lastError()).isEqualTo("sample limit exceeded (2)");
    assertThat(read(Matcher.regex("__name__", "a|b|c"))).isEmpty();
    assertThat(last("up")).isZero();

    http.body = "a{ 1\n";
    now += 15_000;
    l.scrapeOnce();
    assertThat(t.lastError()).contains("line 1");
    assertThat(t.health()).isEqualTo(Target.Health.DOWN);

    http.status = 500;
    http.body = "x";
    now += 15_000;
    l.scrapeOnce();
    assertThat(t.lastError()).isEqualTo("server returned HTTP status 500 Internal Server Error");
  }

  @Test
  void oversizedBodySlowTargetAndDownTargetFail() {
    http.body = "a 1\n".repeat(1000);
    Target t = target(http.address());
    loop(t, settings(0, 100, 5000, false)).scrapeOnce();
    assertThat(t.lastError()).isEqualTo("body size limit exceeded (100 bytes)");

    http.body = "a 1\n";
    http.delayMillis = 2000;
    Target slow = target(http.address());
    loop(slow, settings(0, 0, 200, false)).scrapeOnce();
    assertThat(slow.lastError()).startsWith("context deadline exceeded");
    http.delayMillis = 0;

    Target down = target("127.0.0.1:1");
    loop(down, settings(0, 0, 1000, false)).scrapeOnce();
    assertThat(down.health()).isEqualTo(Target.Health.DOWN);
    assertThat(down.lastError()).contains("Connect");
  }

  @Test
  void vanishedSeriesAndFailedScrapesWriteStalenessMarkers() {
    Target t = target(http.address());
    ScrapeLoop l = loop(t, settings(0, 0, 5000, false));
    http.body = "a 1\nb 1\n";
    l.scrapeOnce();
    now += 15_000;
    http.body = "a 2\n";
    l.scrapeOnce();
    assertThat(read(Matcher.equal("__name__", "b"))).last().asString().endsWith(" 1015000 stale");
    now += 15_000;
    http.status = 503;
    l.scrapeOnce();
    assertThat(read(Matcher.equal("__name__", "a"))).last().asString().endsWith(" 1030000 stale");
    now += 15_000;
    http.status = 200;
    http.body = "a 3\n";
    l.scrapeOnce();
    assertThat(read(Matcher.equal("__name__", "a"))).last().asString().endsWith(" 1045000 3.0");
    assertThat(last("up")).isEqualTo(1);
    now += 1000;
    l.stop(true);
    assertThat(read(Matcher.equal("__name__", "a"))).last().asString().endsWith(" 1046000 stale");
    assertThat(read(Matcher.equal("__name__", "up"))).last().asString().endsWith(" 1046000 stale");
  }
}
