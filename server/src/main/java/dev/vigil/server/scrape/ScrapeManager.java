package dev.vigil.server.scrape;

import dev.vigil.server.config.Config;
import dev.vigil.server.config.Durations;
import dev.vigil.server.config.HttpClientConfig;
import dev.vigil.server.config.ScrapeConfig;
import dev.vigil.server.config.ScrapeLimits;
import dev.vigil.server.discovery.FileDiscovery;
import dev.vigil.server.discovery.HttpDiscovery;
import dev.vigil.server.model.Labels;
import dev.vigil.server.relabel.Relabeler;
import dev.vigil.server.http.AuthHeaders;
import dev.vigil.server.http.TlsClients;
import dev.vigil.server.storage.Appendable;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Supplier;
import okhttp3.OkHttpClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * All scrape pools, one per job, kept in line with the configuration. A reload leaves jobs whose
 * config did not change untouched; a changed job keeps the loops of targets that are still
 * there, so their samples continue without a gap.
 */
public final class ScrapeManager implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ScrapeManager.class);

  private final Appendable storage;
  private final Supplier<BodyParser> parsers;
  private final ScrapeMetrics metrics;
  private final OkHttpClient baseClient;
  private final ScheduledExecutorService scheduler;
  private final Map<String, Job> jobs = new LinkedHashMap<>();

  private volatile int seriesAddedLimit;

  /** Idle keep-alive connections kept for the next scrape, over all targets. */
  static final int MAX_IDLE_CONNECTIONS = 20_000;

  public ScrapeManager(Appendable storage, ScrapeMetrics metrics) {
    this(storage, ExpositionBodyParser::new, metrics,
        Math.max(4, 2 * Runtime.getRuntime().availableProcessors()));
  }

  ScrapeManager(Appendable storage, Supplier<BodyParser> parsers, ScrapeMetrics metrics,
      int threads) {
    this.storage = storage;
    this.metrics = metrics;
    this.parsers = parsers;
    // One idle connection per target, as a scraper wants, up to a bound: with OkHttp's default
    // of 5, every scrape of the targets past the fifth opened a new connection.
    this.baseClient = dev.vigil.server.http.HttpClients.base(MAX_IDLE_CONNECTIONS);
    this.scheduler = Executors.newScheduledThreadPool(threads, r -> {
      Thread t = new Thread(r, "scrape");
      t.setDaemon(true);
      return t;
    });
  }

  /** Makes the running pools match {@code config}. */
  public synchronized void applyConfig(Config config) {
    Map<String, ScrapeConfig> wanted = new LinkedHashMap<>();
    for (ScrapeConfig sc : config.scrapeConfigs()) {
      wanted.put(sc.jobName(), sc);
    }
    for (String name : new ArrayList<>(jobs.keySet())) {
      if (!wanted.containsKey(name)) {
        jobs.remove(name).stop();
        LOG.info("scrape pool {} removed", name);
      }
    }
    for (ScrapeConfig sc : wanted.values()) {
      Job job = jobs.get(sc.jobName());
      if (job != null && job.config.equals(sc)) {
        continue;
      }
      ScrapeSettings settings = settings(sc, seriesAddedLimit);
      if (job == null) {
        ScrapePool pool = new ScrapePool(sc.jobName(), settings, storage,
            fetcher(sc), parsers, scheduler, System::currentTimeMillis, metrics);
        job = new Job(sc, pool);
        jobs.put(sc.jobName(), job);
      } else {
        job.stopDiscovery();
        job.config = sc;
        job.pool.updateSettings(settings, fetcher(sc));
      }
      job.startDiscovery(this);
    }
  }

  /** A read-only view of each pool for the API and the UI. */
  public synchronized List<PoolView> pools() {
    List<PoolView> out = new ArrayList<>();
    for (Job j : jobs.values()) {
      out.add(new PoolView(j.pool.name(), Durations.format(j.config.scrapeInterval()),
          Durations.format(j.config.scrapeTimeout()), j.pool.activeTargets(),
          j.pool.droppedTargets()));
    }
    return out;
  }

  public record PoolView(String name, String interval, String timeout, List<Target> active,
      List<TargetBuilder.Result> dropped) {}

  @Override
  public synchronized void close() {
    for (Job j : jobs.values()) {
      j.stop();
    }
    jobs.clear();
    scheduler.shutdownNow();
  }

  private OkHttpClient client(HttpClientConfig http) throws GeneralSecurityException,
      IOException {
    OkHttpClient.Builder b = baseClient.newBuilder().followRedirects(http.followRedirects());
    return TlsClients.apply(b, http.tls()).build();
  }

  private OkHttpClient sdClient(String url, HttpClientConfig http) {
    try {
      return client(http);
    } catch (GeneralSecurityException | IOException e) {
      LOG.error("http_sd {}: tls_config: {}", url, e.getMessage());
      return baseClient;
    }
  }

  /** A fetcher for the job; when its TLS settings cannot be used, every scrape says why. */
  private Fetcher fetcher(ScrapeConfig sc) {
    try {
      return new Fetcher(client(sc.http()), null);
    } catch (GeneralSecurityException | IOException e) {
      String why = "tls_config: " + e.getMessage();
      LOG.error("scrape pool {}: {}", sc.jobName(), why);
      return new Fetcher(baseClient, why);
    }
  }

  /** {@code --scrape.series-added-limit}: applies to pools (re)configured from now on. */
  public void seriesAddedLimit(int limit) {
    this.seriesAddedLimit = limit;
  }

  static ScrapeSettings settings(ScrapeConfig sc, int seriesAddedLimit) {
    ScrapeLimits l = sc.limits();
    return new ScrapeSettings(sc.scrapeInterval().toMillis(), sc.scrapeTimeout().toMillis(),
        sc.honorLabels(), sc.honorTimestamps(), sc.metricRelabelConfigs(), AuthHeaders.of(sc.http()),
        (int) l.sampleLimit(), (int) l.labelLimit(), (int) l.labelNameLengthLimit(),
        (int) l.labelValueLengthLimit(), l.bodySizeLimit(), seriesAddedLimit);
  }

  /** A pool with its discovery: the latest target list of each provider, combined. */
  private static final class Job {
    ScrapeConfig config;
    final ScrapePool pool;
    final List<FileDiscovery> files = new ArrayList<>();
    final List<HttpDiscovery> https = new ArrayList<>();
    final Map<Integer, List<Labels>> latest = new HashMap<>();

    Job(ScrapeConfig config, ScrapePool pool) {
      this.config = config;
      this.pool = pool;
    }

    void startDiscovery(ScrapeManager m) {
      latest.clear();
      int provider = 0;
      List<Labels> statics = new ArrayList<>();
      for (var st : config.staticConfigs()) {
        for (String t : st.targets()) {
          statics.add(st.labels().toBuilder().set("__address__", t).build());
        }
      }
      latest.put(provider++, statics);
      for (var f : config.fileSdConfigs()) {
        int id = provider++;
        FileDiscovery d = new FileDiscovery(f.files(), f.refreshInterval().toMillis(),
            targets -> update(id, targets));
        files.add(d);
      }
      for (var h : config.httpSdConfigs()) {
        int id = provider++;
        HttpDiscovery d = new HttpDiscovery(h.url(), h.refreshInterval().toMillis(),
            m.sdClient(h.url(), h.http()), targets -> update(id, targets));
        https.add(d);
      }
      update(0, statics);
      files.forEach(d -> d.start(m.scheduler));
      https.forEach(d -> d.start(m.scheduler));
    }

    synchronized void update(int provider, List<Labels> targets) {
      latest.put(provider, targets);
      List<TargetBuilder.Result> results = new ArrayList<>();
      ScrapeConfig sc = config;
      for (List<Labels> group : latest.values()) {
        for (Labels discovered : group) {
          results.add(TargetBuilder.build(sc.jobName(), discovered, sc.scheme(),
              sc.metricsPath(), sc.params(), Durations.format(sc.scrapeInterval()),
              Durations.format(sc.scrapeTimeout()),
              l -> Relabeler.process(l, sc.relabelConfigs())));
        }
      }
      pool.sync(results);
    }

    void stopDiscovery() {
      files.forEach(FileDiscovery::stop);
      https.forEach(HttpDiscovery::stop);
      files.clear();
      https.clear();
    }

    void stop() {
      stopDiscovery();
      pool.stop();
    }
  }
}
