package dev.vigil.server.scrape;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.server.model.Labels;
import dev.vigil.server.model.StaleNaN;
import dev.vigil.server.relabel.RelabelConfig;
import dev.vigil.server.relabel.RelabelRegex;
import dev.vigil.server.storage.Appendable;
import dev.vigil.server.storage.Appender;
import dev.vigil.server.tsdb.Head;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The scrape loop's series cache: repeated lines are appended by ref with the labels built the
 * first time, and the cache changes nothing a scrape stores (staleness, limits, relabelling).
 */
class ScrapeCacheTest {
  private final Head head = new Head();
  private final Recorder storage = new Recorder();
  private final TestTarget http;
  private long now = 1_000_000;

  ScrapeCacheTest() throws Exception {
    http = new TestTarget();
  }

  @AfterEach
  void close() {
    http.close();
  }

  /** One append as the loop made it. */
  record Call(long ref, Labels labels, long t, double v) {
    String name() {
      return labels.metricName();
    }
  }

  /** Passes appends to the head and keeps them, per scrape. */
  final class Recorder implements Appendable {
    final List<Call> calls = new ArrayList<>();
    final List<Call> all = new ArrayList<>();

    @Override
    public Appender appender() {
      Appender inner = head.appender();
      return new Appender() {
        @Override
        public long append(long ref, Labels labels, long t, double v) {
          calls.add(new Call(ref, labels, t, v));
          all.add(calls.get(calls.size() - 1));
          return inner.append(ref, labels, t, v);
        }

        @Override
        public Labels canonical(long ref, Labels labels) {
          return inner.canonical(ref, labels);
        }

        @Override
        public void commit() {
          inner.commit();
        }

        @Override
        public void rollback() {
          inner.rollback();
        }
      };
    }

    /** The appends of scraped series since the last call (synthetic series left out). */
    List<Call> take() {
      List<Call> out = new ArrayList<>();
      for (Call c : calls) {
        if (!c.name().equals("up") && !c.name().startsWith("scrape_")) {
          out.add(c);
        }
      }
      calls.clear();
      return out;
    }

    double synthetic(String name) {
      for (int i = all.size() - 1; i >= 0; i--) {
        if (all.get(i).name().equals(name)) {
          return all.get(i).v();
        }
      }
      throw new AssertionError("no " + name);
    }
  }

  private ScrapeLoop loop(ScrapeSettings settings) {
    Target target = new Target("job", Labels.of("job", "job", "instance", http.address()),
        Labels.EMPTY, "http://" + http.address() + "/metrics");
    return new ScrapeLoop(target, settings, storage,
        new Fetcher(new OkHttpClient.Builder().retryOnConnectionFailure(false).build(), null),
        new ExpositionBodyParser(), () -> now, ScrapeMetrics.unregistered());
  }

  private static ScrapeSettings settings(List<RelabelConfig> relabel, int sampleLimit,
      int labelLimit) {
    return new ScrapeSettings(15_000, 5000, false, true, relabel, Map.of(), sampleLimit,
        labelLimit, 0, 0, 0);
  }

  private ScrapeLoop loop() {
    return loop(settings(List.of(), 0, 0));
  }

  private void scrape(ScrapeLoop l, String body) {
    http.body = body;
    l.scrapeOnce();
    now += 15_000;
  }

  @Test
  void repeatedLinesAppendByRefWithTheLabelsOfTheirFirstScrape() {
    ScrapeLoop l = loop();
    scrape(l, "a{x=\"1\"} 1\nb 2\n");
    List<Call> first = storage.take();
    assertThat(first).extracting(Call::ref).containsOnly(0L);
    scrape(l, "a{x=\"1\"} 3\nb 4\n");
    List<Call> second = storage.take();
    assertThat(second).hasSize(2);
    scrape(l, "a{x=\"1\"} 5\nb 6\n");
    List<Call> third = storage.take();
    for (int i = 0; i < 2; i++) {
      assertThat(second.get(i).ref()).isPositive();
      assertThat(second.get(i).labels()).isEqualTo(first.get(i).labels());
      // The very same instance: a hit builds no labels.
      assertThat(third.get(i).labels()).isSameAs(second.get(i).labels());
    }
    assertThat(second).extracting(Call::v).containsExactly(3.0, 4.0);
    assertThat(second.get(0).labels().toString())
        .isEqualTo("a{instance=\"" + http.address() + "\", job=\"job\", x=\"1\"}");
    assertThat(l.cachedSeries()).isEqualTo(2);
  }

  @Test
  void theSameSeriesWrittenDifferentlyIsOneSeries() {
    ScrapeLoop l = loop();
    scrape(l, "m{a=\"1\",b=\"2\"} 1\n");
    storage.take();
    scrape(l, "m{b=\"2\", a=\"1\"} 2\n");
    List<Call> second = storage.take();
    // No staleness marker for the first spelling: it is the same series.
    assertThat(second).extracting(Call::v).containsExactly(2.0);
    assertThat(storage.synthetic("scrape_series_added")).isZero();
    assertThat(l.cachedSeries()).isEqualTo(2);
  }

  @Test
  void vanishedSeriesGetOneStaleMarkerAndLeaveTheCacheLater() {
    ScrapeLoop l = loop();
    scrape(l, "a 1\nb 1\n");
    storage.take();
    scrape(l, "a 2\n");
    List<Call> calls = storage.take();
    assertThat(calls).hasSize(2);
    assertThat(calls.get(1).name()).isEqualTo("b");
    assertThat(StaleNaN.is(calls.get(1).v())).isTrue();
    assertThat(calls.get(1).ref()).isPositive();
    scrape(l, "a 3\n");
    assertThat(storage.take()).extracting(Call::name).containsExactly("a");
    assertThat(l.cachedSeries()).isEqualTo(2);
    scrape(l, "a 4\n");
    // b was last seen SeriesCache.KEEP_SCRAPES scrapes ago.
    assertThat(l.cachedSeries()).isEqualTo(1);
    storage.take();
    scrape(l, "a 5\nb 5\n");
    List<Call> back = storage.take();
    assertThat(back).extracting(Call::name).containsExactly("a", "b");
    assertThat(back.get(1).ref()).isZero(); // forgotten, so resolved again
    assertThat(storage.synthetic("scrape_series_added")).isEqualTo(1);
  }

  @Test
  void droppedSeriesStayDroppedButCountAsScraped() {
    RelabelConfig drop = new RelabelConfig(List.of("__name__"), ";",
        RelabelRegex.compile("drop_.*"), 0, "", "$1", RelabelConfig.Action.DROP);
    ScrapeLoop l = loop(settings(List.of(drop), 0, 0));
    for (int i = 0; i < 2; i++) {
      scrape(l, "drop_me 1\nkeep_me 1\n");
      assertThat(storage.take()).extracting(Call::name).containsExactly("keep_me");
      assertThat(storage.synthetic("scrape_samples_scraped")).isEqualTo(2);
      assertThat(storage.synthetic("scrape_samples_post_metric_relabeling")).isEqualTo(1);
    }
  }

  @Test
  void limitsHoldForCachedSeriesToo() {
    ScrapeLoop l = loop(settings(List.of(), 2, 0));
    scrape(l, "a 1\nb 1\n");
    assertThat(l.target().lastError()).isEmpty();
    storage.take();
    // a and b are cached now; the third sample still breaks the limit.
    scrape(l, "a 2\nb 2\nc 2\n");
    assertThat(l.target().lastError()).isEqualTo("sample limit exceeded (2)");
    assertThat(storage.synthetic("up")).isZero();
    List<Call> failed = storage.take();
    // The rolled-back batch's appends, then stale markers for a and b in the failure batch.
    assertThat(failed.subList(failed.size() - 2, failed.size()))
        .allSatisfy(c -> assertThat(StaleNaN.is(c.v())).isTrue());

    ScrapeLoop labels = loop(settings(List.of(), 0, 3));
    for (int i = 0; i < 2; i++) {
      // A series that failed its label limit is not cached: it fails every time.
      scrape(labels, "m{a=\"1\",b=\"2\"} 1\n");
      assertThat(labels.target().lastError()).startsWith("label_limit exceeded");
    }
  }

  @Test
  void aReplacingLoopWritesStaleMarkersForWhatTheOldOneSaw() {
    ScrapeLoop old = loop();
    scrape(old, "a 1\nb 1\n");
    storage.take();
    ScrapeLoop fresh = loop(settings(List.of(), 0, 0));
    fresh.takeOver(old);
    scrape(fresh, "a 2\n");
    List<Call> calls = storage.take();
    assertThat(calls).extracting(Call::name).containsExactly("a", "b");
    assertThat(StaleNaN.is(calls.get(1).v())).isTrue();
    assertThat(storage.synthetic("scrape_series_added")).isZero();
  }

  @Test
  void theCacheHoldsTheHeadsOwnLabelsNotASecondCopy() {
    ScrapeLoop l = loop();
    scrape(l, "a{x=\"1\"} 1\n");
    scrape(l, "a{x=\"1\"} 2\n");
    Call hit = storage.take().get(1);
    var set = head.querier(Long.MIN_VALUE, Long.MAX_VALUE)
        .select(false, dev.vigil.server.model.Matcher.equal("__name__", "a"));
    assertThat(set.next()).isTrue();
    // The head's instance (its strings interned), not an equal one built by the loop.
    assertThat(hit.labels()).isSameAs(set.labels());
  }
}
