package dev.vigil.server;

import dev.vigil.client.core.Gauge;
import dev.vigil.client.core.GaugeWithCallback;
import dev.vigil.client.core.Info;
import dev.vigil.client.model.Registry;
import dev.vigil.server.api.TargetsApi;
import dev.vigil.server.api.TsdbStatusApi;
import dev.vigil.server.config.Config;
import dev.vigil.server.config.ConfigException;
import dev.vigil.server.config.ConfigLoader;
import dev.vigil.server.scrape.ScrapeManager;
import dev.vigil.server.scrape.ScrapeMetrics;
import dev.vigil.server.tsdb.Tsdb;
import dev.vigil.server.web.WebServer;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Wiring and lifecycle: storage, scraping and the web server, in start order, and reloads
 * (SIGHUP, {@code POST /-/reload}) that swap the configuration only when the new one is valid.
 */
public final class VigilServer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(VigilServer.class);

  private final Path configFile;
  private final Path storagePath;
  private final InetSocketAddress listen;
  private final boolean lifecycle;
  private final Registry registry = new Registry();
  private final CountDownLatch stopped = new CountDownLatch(1);
  private final Gauge reloadOk;
  private final Gauge reloadTime;
  private Tsdb storage;
  private ScrapeManager scrapes;
  private WebServer web;
  private volatile boolean ready;
  private final java.util.concurrent.ScheduledExecutorService maintenance =
      java.util.concurrent.Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "tsdb-maintenance");
        t.setDaemon(true);
        return t;
      });
  private volatile Config config;

  public VigilServer(Path configFile, Path storagePath, InetSocketAddress listen,
      boolean lifecycle) {
    this.configFile = configFile;
    this.storagePath = storagePath;
    this.listen = listen;
    this.lifecycle = lifecycle;
    reloadOk = Gauge.builder().name("prometheus_config_last_reload_successful")
        .help("Whether the last configuration reload attempt was successful.").register(registry);
    reloadTime = Gauge.builder().name("prometheus_config_last_reload_success_timestamp_seconds")
        .help("Timestamp of the last successful configuration reload.").register(registry);
    Info.builder().name("vigil_build_info").help("Vigil's version.")
        .labelNames("version").register(registry).set("0.1.0");
    JvmMetrics.register(registry);
  }

  /** Loads the configuration (failing fast when invalid), then starts everything. */
  public void start() throws ConfigException, java.io.IOException {
    // A file is checked before anything binds; the default needs the bound port, so it waits.
    Config first = configFile != null ? load() : null;
    LOG.info("Starting Vigil 0.1.0 (config: {}, storage: {})",
        configFile == null ? "embedded default" : configFile, storagePath.toAbsolutePath());
    storage = Tsdb.open(storagePath);
    StorageMetrics.register(registry, storage);
    maintenance.scheduleWithFixedDelay(this::cutBlock, 1, 1, java.util.concurrent.TimeUnit.MINUTES);
    scrapes = new ScrapeManager(storage, new ScrapeMetrics(registry));
    GaugeWithCallback.builder().name("prometheus_target_scrape_pool_targets")
        .help("Current number of targets in each scrape pool.").labelNames("scrape_job")
        .callback(cb -> scrapes.pools().forEach(p -> cb.call(p.active().size(), p.name())))
        .register(registry);
    web = WebServer.builder(listen)
        .registry(registry)
        .lifecycle(lifecycle, this::reload, stopped::countDown)
        .ready(() -> ready)
        .get("/api/v1/targets", new TargetsApi(scrapes))
        .get("/api/v1/status/tsdb", new TsdbStatusApi(storage.head()))
        .build();
    web.start();
    applyConfig(first != null ? first : load());
    Signals.onHangup(() -> {
      try {
        reload();
      } catch (ConfigException e) {
        // Already logged and counted by reload(); the old configuration keeps running.
      }
    });
    ready = true;
    LOG.info("Server is ready to receive web requests on http://{}:{}",
        web.boundAddress().getHostString(), web.boundAddress().getPort());
  }

  /** The address the web server bound, known after {@link #start()}. */
  public InetSocketAddress address() {
    return web.boundAddress();
  }

  public ScrapeManager scrapeManager() {
    return scrapes;
  }

  public Tsdb storage() {
    return storage;
  }

  public Config config() {
    return config;
  }

  /** Re-reads the configuration; when invalid, logs it and keeps the running one. */
  public synchronized void reload() throws ConfigException {
    Config next;
    try {
      next = load();
    } catch (ConfigException e) {
      reloadOk.set(0);
      LOG.error("Error reloading config: {}", e.getMessage());
      throw e;
    }
    applyConfig(next);
    LOG.info("Completed loading of configuration file {}", next.source());
  }

  private void applyConfig(Config c) {
    storage.head().setOutOfOrderWindow(c.tsdb().outOfOrderTimeWindow());
    scrapes.applyConfig(c);
    config = c;
    reloadOk.set(1);
    reloadTime.setToCurrentTime();
  }

  private Config load() throws ConfigException {
    if (configFile != null) {
      return ConfigLoader.load(configFile);
    }
    String host = listen.getAddress() == null || listen.getAddress().isAnyLocalAddress()
        ? "localhost" : listen.getHostString();
    int port = web == null ? listen.getPort() : web.boundAddress().getPort();
    return ConfigLoader.defaultConfig(host + ":" + port);
  }

  private volatile long retentionMillis = java.time.Duration.ofDays(15).toMillis();
  private volatile long retentionBytes;

  /** Block retention by age and total size (0: no limit); applied every minute. */
  public void retention(long millis, long bytes) {
    retentionMillis = millis;
    retentionBytes = bytes;
  }

  private void cutBlock() {
    try {
      // One range per cut: after a long replay the head may span several, and each waits.
      while (storage.cutBlockIfDue()) {
        LOG.debug("Cut a block; checking whether another is due");
      }
      // Failures inside are counted and logged by the storage; retention still runs after it.
      storage.compactIfDue(retentionMillis);
      storage.applyRetention(System.currentTimeMillis(), retentionMillis, retentionBytes);
    } catch (java.io.IOException | RuntimeException e) {
      // The head keeps everything and the next run tries again.
      LOG.error("Block maintenance failed: {}", e.toString());
    }
  }

  /** Blocks until {@code /-/quit}, a signal, or {@link #close()}. */
  public void awaitShutdown() throws InterruptedException {
    Runtime.getRuntime().addShutdownHook(new Thread(stopped::countDown));
    stopped.await();
  }

  @Override
  public void close() {
    ready = false;
    stopped.countDown();
    if (web != null) {
      web.close();
    }
    if (scrapes != null) {
      scrapes.close();
    }
    maintenance.shutdownNow();
    if (storage != null) {
      try {
        storage.close();
      } catch (java.io.IOException e) {
        LOG.error("Closing storage: {}", e.getMessage());
      }
    }
    LOG.info("See you next time!");
  }
}
