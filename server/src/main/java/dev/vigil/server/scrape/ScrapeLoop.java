package dev.vigil.server.scrape;

import dev.vigil.client.core.Counter;
import dev.vigil.client.core.Histogram;
import dev.vigil.server.model.Labels;
import dev.vigil.server.model.StaleNaN;
import dev.vigil.server.relabel.Relabeler;
import dev.vigil.server.scrape.parse.ExpositionParser;
import dev.vigil.server.storage.Appendable;
import dev.vigil.server.storage.Appender;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Scrapes one target on its interval and appends what it finds, all or nothing: a failed scrape
 * commits no sample of the body, only {@code up 0} and the other synthetic series, plus
 * staleness markers for the series the previous scrape had.
 *
 * <p>A line whose series text was seen in a recent scrape is appended straight from the
 * {@link SeriesCache}: its labels, relabelling and limit checks were done when it was first
 * seen, since they depend only on that text and this loop's target and settings.
 */
final class ScrapeLoop implements BodyParser.SampleSink {
  private static final Logger LOG = LoggerFactory.getLogger(ScrapeLoop.class);
  private static final int INITIAL_BUFFER = 64 * 1024;
  private static final int MAX_KEPT_BUFFER = 16 << 20;
  /** The series Prometheus writes for every scrape, in this order. */
  private static final String[] SYNTHETIC = {"up", "scrape_duration_seconds",
      "scrape_samples_scraped", "scrape_samples_post_metric_relabeling", "scrape_series_added"};

  private final Target target;
  private final ScrapeSettings settings;
  private final Appendable storage;
  private final Fetcher fetcher;
  private final BodyParser parser;
  private final Clock clock;
  private final Labels[] syntheticLabels = new Labels[SYNTHETIC.length];
  private final Histogram.Child durationMetric;
  private final Counter.Child failuresMetric;
  private final Counter.Child samplesMetric;
  /** Series of the last committed scrape, for staleness; passed on to a replacing loop. */
  private SeriesTracker series = new SeriesTracker();
  /** Not passed on: its labels depend on the settings (relabelling, honor_labels, limits). */
  private final SeriesCache cache = new SeriesCache();
  private final Labels.Builder builder = new Labels.Builder();
  private final Labels.Builder exemplarBuilder = new Labels.Builder();
  private byte[] buffer = new byte[INITIAL_BUFFER];
  // The scrape in progress, for sample(): set by scrapeOnce.
  private Appender app;
  private long scrapeStart;
  private int scraped;
  private int kept;
  private ScheduledFuture<?> task;

  ScrapeLoop(Target target, ScrapeSettings settings, Appendable storage, Fetcher fetcher,
      BodyParser parser, Clock clock, ScrapeMetrics metrics) {
    this.target = target;
    for (int i = 0; i < SYNTHETIC.length; i++) {
      syntheticLabels[i] = target.labels().toBuilder().set(Labels.METRIC_NAME, SYNTHETIC[i])
          .build();
    }
    this.durationMetric = metrics.duration.labelValues(target.pool());
    this.failuresMetric = metrics.failures.labelValues(target.pool());
    this.samplesMetric = metrics.samples.labelValues(target.pool());
    this.settings = settings;
    this.storage = storage;
    this.fetcher = fetcher;
    this.parser = parser;
    this.clock = clock;
  }

  Target target() {
    return target;
  }

  ScrapeSettings settings() {
    return settings;
  }

  /** Entries in the series cache (for tests). */
  synchronized int cachedSeries() {
    return cache.size();
  }

  /** Continues where {@code old} (same target, older settings) stopped, staleness included. */
  synchronized void takeOver(ScrapeLoop old) {
    synchronized (old) {
      series = old.series;
      old.series = new SeriesTracker();
    }
  }

  /** Starts scraping at this target's fixed offset within the interval. */
  void start(ScheduledExecutorService scheduler) {
    long interval = settings.intervalMillis();
    long offset = Math.floorMod(target.offsetSeed(), interval);
    long now = clock.millis();
    long firstDelay = Math.floorMod(offset - now, interval);
    task = scheduler.scheduleAtFixedRate(this::scrapeSafely, firstDelay, interval,
        TimeUnit.MILLISECONDS);
  }

  /** Stops the loop; with {@code markStale}, its series end now (the target went away). */
  synchronized void stop(boolean markStale) {
    if (task != null) {
      task.cancel(false);
    }
    if (markStale) {
      long now = clock.millis();
      Appender batch = storage.appender();
      series.staleAll(batch, now);
      if (target.lastScrapeMillis() != 0) {
        for (int i = 0; i < SYNTHETIC.length; i++) {
          synthetic(batch, i, now, StaleNaN.VALUE);
        }
      }
      batch.commit();
    }
  }

  private void scrapeSafely() {
    try {
      scrapeOnce();
    } catch (RuntimeException e) {
      // Never let one bad scrape end the schedule: the executor would drop the task silently.
      LOG.error("scrape of {} failed unexpectedly", target.url(), e);
    }
  }

  synchronized void scrapeOnce() {
    long start = clock.millis();
    long startNanos = System.nanoTime();
    // Sized by the last scrape (scraped still holds its count): a target rarely changes size.
    app = storage.appender(scraped + SYNTHETIC.length);
    scrapeStart = start;
    scraped = 0;
    kept = 0;
    series.begin();
    String error = null;
    try {
      ScrapeResponse resp = fetcher.fetch(target.url(), settings.timeoutMillis(),
          settings.headers(), settings.bodySizeLimit(), buffer);
      if (resp.body().length > buffer.length && resp.body().length <= MAX_KEPT_BUFFER) {
        buffer = resp.body(); // the next body is likely as big: keep the grown buffer
      }
      parser.parse(resp, this);
    } catch (ScrapeException e) {
      error = e.getMessage();
    }
    Appender batch = app;
    app = null;
    double duration = (System.nanoTime() - startNanos) / 1e9;
    if (error != null) {
      batch.rollback();
      Appender failed = storage.appender();
      series.staleAll(failed, start);
      appendReport(failed, start, 0, duration, scraped, 0, 0);
      failed.commit();
      cache.endScrape();
      target.recordScrape(start, duration, error);
      durationMetric.observe(duration);
      failuresMetric.inc();
      LOG.debug("scrape of {} failed: {}", target.url(), error);
      return;
    }
    int added = series.appendStale(batch, start);
    appendReport(batch, start, 1, duration, scraped, kept, added);
    try {
      batch.commit();
      StorageErrors.succeeded();
    } catch (java.io.UncheckedIOException e) {
      // The disk is full or failing: the scrape worked but nothing of it was stored. The target
      // shows why; the log says it once, not once per scrape; the next scrape tries again.
      cache.endScrape();
      String why = "storing the scrape failed: " + e.getMessage()
          + (e.getCause() != null ? ": " + e.getCause().getMessage() : "");
      target.recordScrape(start, duration, why);
      failuresMetric.inc();
      StorageErrors.failed(why);
      return;
    }
    series.promote();
    cache.endScrape();
    target.metadata().endScrape();
    target.recordScrape(start, duration, null);
    durationMetric.observe(duration);
    samplesMetric.inc(kept);
  }

  /** One scraped sample; a cache hit appends it by ref, without building its labels. */
  @Override
  public void sample(ExpositionParser p, double value, long timestampMillis)
      throws ScrapeException {
    scraped++;
    byte[] buf = p.buffer();
    int from = p.seriesStart();
    int to = p.seriesEnd();
    int entry = cache.find(buf, from, to);
    Labels labels;
    long ref;
    if (entry >= 0) {
      labels = cache.labels(entry);
      if (labels == null) {
        return; // relabelling drops it
      }
      ref = cache.ref(entry);
    } else {
      p.labels(builder);
      labels = Relabeler.process(withTargetLabels(builder), settings.metricRelabel());
      if (labels == null) {
        cache.add(buf, from, to, 0, null);
        return;
      }
      checkLimits(labels);
      ref = 0;
    }
    if (++kept > settings.sampleLimit() && settings.sampleLimit() > 0) {
      throw new ScrapeException("sample limit exceeded (" + settings.sampleLimit() + ")");
    }
    long t = settings.honorTimestamps() && timestampMillis != Long.MIN_VALUE
        ? timestampMillis : scrapeStart;
    long got = app.append(ref, labels, t, value);
    if (p.hasExemplar() && app.takesExemplars()) {
      p.exemplarLabels(exemplarBuilder);
      // Without its own timestamp an exemplar is as old as its sample, as in Prometheus.
      boolean own = p.exemplarHasTimestamp();
      long et = own ? p.exemplarTimestampMillis() : t;
      app.appendExemplar(got, labels, exemplarBuilder.build(), et, p.exemplarValue(), own);
    }
    if (entry < 0) {
      int added = settings.seriesAddedLimit();
      if (added > 0 && app.seriesCreated() > added) {
        throw new ScrapeException("series added limit exceeded: the scrape would add more than "
            + added + " new series (--scrape.series-added-limit)");
      }
      // The head's interned copy: the one built here would be a second copy of every series.
      labels = app.canonical(got, labels);
      cache.add(buf, from, to, got, labels);
    } else if (got != ref) {
      cache.setRef(entry, got);
    }
    series.add(got, labels);
  }

  @Override
  public void metadata(ExpositionParser entry, ExpositionParser.Entry kind) {
    target.metadata().observe(entry, kind);
  }

  /** Joins the target's labels to a scraped series, as honor_labels says. */
  private Labels withTargetLabels(Labels.Builder lb) {
    Labels targetLabels = target.labels();
    for (int i = 0; i < targetLabels.size(); i++) {
      String name = targetLabels.name(i);
      String scraped = lb.get(name);
      if (scraped != null && settings.honorLabels()) {
        continue;
      }
      if (scraped != null) {
        // The target's value wins; the scraped one is kept as exported_<name>.
        String exported = "exported_" + name;
        while (lb.get(exported) != null) {
          exported = "exported_" + exported;
        }
        lb.set(exported, scraped);
      }
      lb.set(name, targetLabels.value(i));
    }
    return lb.build();
  }

  private void checkLimits(Labels labels) throws ScrapeException {
    if (settings.labelLimit() > 0 && labels.size() > settings.labelLimit()) {
      throw new ScrapeException("label_limit exceeded (metric: " + labels.metricName()
          + ", number of labels: " + labels.size() + ", limit: " + settings.labelLimit() + ")");
    }
    for (int i = 0; i < labels.size(); i++) {
      if (settings.labelNameLengthLimit() > 0
          && labels.name(i).length() > settings.labelNameLengthLimit()) {
        throw new ScrapeException("label_name_length_limit exceeded (metric: "
            + labels.metricName() + ", label name: " + labels.name(i) + ", length: "
            + labels.name(i).length() + ", limit: " + settings.labelNameLengthLimit() + ")");
      }
      if (settings.labelValueLengthLimit() > 0
          && labels.value(i).length() > settings.labelValueLengthLimit()) {
        throw new ScrapeException("label_value_length_limit exceeded (metric: "
            + labels.metricName() + ", label name: " + labels.name(i) + ", value length: "
            + labels.value(i).length() + ", limit: " + settings.labelValueLengthLimit() + ")");
      }
    }
  }

  /** The synthetic series Prometheus writes for every scrape, with the target's labels. */
  private void appendReport(Appender app, long t, int up, double duration, int scraped,
      int kept, int added) {
    double[] values = {up, duration, scraped, kept, added};
    for (int i = 0; i < SYNTHETIC.length; i++) {
      synthetic(app, i, t, values[i]);
    }
  }

  private void synthetic(Appender app, int i, long t, double v) {
    app.append(0, syntheticLabels[i], t, v);
  }

  /** Wall-clock source, replaceable in tests. */
  @FunctionalInterface
  interface Clock {
    long millis();
  }
}
