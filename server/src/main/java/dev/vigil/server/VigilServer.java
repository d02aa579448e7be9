package dev.vigil.server;

import dev.vigil.client.core.Gauge;
import dev.vigil.client.core.GaugeWithCallback;
import dev.vigil.client.core.Info;
import dev.vigil.client.model.Registry;
import dev.vigil.server.alerting.Alertmanager;
import dev.vigil.server.alerting.IntegrationFactory;
import dev.vigil.server.alerting.config.AmConfig;
import dev.vigil.server.alerting.config.AmConfigLoader;
import dev.vigil.server.alerting.receivers.Receivers;
import dev.vigil.server.api.AdminApi;
import dev.vigil.server.api.RulesApi;
import dev.vigil.server.api.ApiJson;
import dev.vigil.server.api.MetadataApi;
import dev.vigil.server.api.ExemplarsApi;
import dev.vigil.server.api.SeriesApi;
import dev.vigil.server.api.QueryApi;
import dev.vigil.server.api.StatusApi;
import dev.vigil.server.api.TargetsApi;
import dev.vigil.server.api.TsdbStatusApi;
import dev.vigil.server.model.Alert;
import dev.vigil.server.model.Matcher;
import dev.vigil.server.notify.AlertmanagerSender;
import dev.vigil.server.notify.AlertmanagersHandler;
import dev.vigil.server.promql.engine.Engine;
import dev.vigil.server.promql.engine.EngineOptions;
import dev.vigil.server.promql.parser.ParseException;
import dev.vigil.server.promql.parser.PromQL;
import dev.vigil.server.config.Config;
import dev.vigil.server.config.ConfigException;
import dev.vigil.server.config.ConfigLoader;
import dev.vigil.server.rules.QueryFunction;
import dev.vigil.server.rules.RuleManager;
import dev.vigil.server.rules.RuleOptions;
import dev.vigil.server.rules.TemplateFactory;
import dev.vigil.server.remote.FanoutQueryable;
import dev.vigil.server.remote.FederateHandler;
import dev.vigil.server.remote.FamilyMetadata;
import dev.vigil.server.remote.ReadHandler;
import dev.vigil.server.remote.RemoteStorage;
import dev.vigil.server.remote.WriteHandler;
import dev.vigil.server.scrape.ScrapeManager;
import dev.vigil.server.scrape.ScrapeMetrics;
import dev.vigil.server.tsdb.Tsdb;
import dev.vigil.server.web.Signals;
import dev.vigil.server.web.WebServer;
import dev.vigil.client.httpserver.WebSecurity;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.function.Function;
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
  /** The text of the configuration in use, for {@code /api/v1/status/config}. */
  private volatile String configYaml = "";
  private volatile boolean reloadSucceeded;
  private volatile Instant lastConfigTime;
  private final Instant startTime = Instant.now();
  private boolean adminApi;
  private WebSecurity security = WebSecurity.none();
  private Map<String, String> flags = Map.of();
  private String retentionText = "15d";
  /** Parses {@code match[]} selectors; the API's callers expect IllegalArgumentException. */
  private Function<String, List<Matcher>> selectors = VigilServer::parseSelector;
  private EngineOptions queryOptions = EngineOptions.DEFAULTS;
  private volatile Engine engine;
  private QueryApi queryApi;
  private RuleOptions ruleOptions = RuleOptions.DEFAULTS;
  private String externalUrl;
  private RuleManager rules;
  private final IntegrationFactory integrations = new Receivers();
  private AlertmanagerSender sender;
  private int notificationQueueCapacity = AlertmanagerSender.DEFAULT_CAPACITY;
  private boolean embeddedAlertmanager = true;
  private Path alertmanagerConfigFile;
  private Alertmanager alertmanager;
  private RemoteStorage remoteWrite;
  private FanoutQueryable queryable;
  private boolean remoteWriteReceiver;
  private boolean agent;
  private boolean exemplarStorage;

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
    storage = Tsdb.open(storagePath, dev.vigil.server.tsdb.wal.Wal.Options.defaults(), Tsdb.DEFAULT_BLOCK_RANGE,
        maxExemplars(first != null ? first : ConfigLoader.defaultConfig()));
    storage.head().seriesLimit(headSeriesLimit);
    StorageMetrics.register(registry, storage);
    maintenance.scheduleWithFixedDelay(this::cutBlock, 1, 1, java.util.concurrent.TimeUnit.MINUTES);
    scrapes = new ScrapeManager(storage, new ScrapeMetrics(registry));
    scrapes.seriesAddedLimit(seriesAddedLimit);
    remoteWrite = new RemoteStorage(storage, storagePath.resolve("remote_write"), registry);
    remoteWrite.metadataSource(() -> scrapes.pools().stream()
        .flatMap(p -> p.active().stream()).flatMap(t -> t.metadata().list().stream())
        .map(m -> new FamilyMetadata(m.family(), m.type(), m.help(), m.unit())).toList());
    queryable = new FanoutQueryable(storage, this::localMinTime);
    GaugeWithCallback.builder().name("prometheus_target_scrape_pool_targets")
        .help("Current number of targets in each scrape pool.").labelNames("scrape_job")
        .callback(cb -> scrapes.pools().forEach(p -> cb.call(p.active().size(), p.name())))
        .register(registry);
    String url = externalUrl != null ? externalUrl : defaultExternalUrl();
    ruleOptions = ruleOptions.withExternalUrl(url);
    AmConfig firstAm = null;
    if (embeddedAlertmanager) {
      firstAm = loadAlertmanagerConfig();
      alertmanager = new Alertmanager(Alertmanager.Options.defaults()
          .withStoragePath(storagePath.resolve("alertmanager")).withRegistry(registry)
          .withExternalUrl(url));
    }
    sender = new AlertmanagerSender(registry, notificationQueueCapacity);
    QueryFunction query = (expr, t) -> QueryFunction.of(engine).query(expr, t);
    rules = new RuleManager(ruleOptions, query, storage, storage, this::sendAlerts,
        TemplateFactory.PROMETHEUS.create(query, ruleOptions.externalUrl()), registry,
        java.time.Clock.systemUTC());
    WebServer.Builder builder = WebServer.builder(listen).security(security)
        .registry(registry)
        .lifecycle(lifecycle, this::reload, stopped::countDown)
        .ready(() -> ready)
        .get("/api/v1/targets", ApiJson.handler(new TargetsApi(scrapes)::targets))
        .get("/api/v1/status/tsdb", ApiJson.handler(new TsdbStatusApi(storage.head())::status));
    apiRoutes(builder);
    remoteRoutes(builder);
    builder.get("/api/v1/alertmanagers", new AlertmanagersHandler(sender));
    RulesApi rulesApi = new RulesApi(rules, selectors);
    builder.get("/api/v1/rules", ApiJson.handler(rulesApi::rules))
        .get("/api/v1/alerts", ApiJson.handler(rulesApi::alerts));
    if (alertmanager != null) {
      alertmanager.routes(builder);
    }
    dev.vigil.server.web.ui.UiRoutes.install(builder);
    web = builder.build();
    web.start();
    applyConfig(first != null ? first : load(), firstAm);
    if (!agent) {
      rules.start();
    }
    Signals.onHangup(() -> {
      try {
        reload();
      } catch (ConfigException e) {
        // Already logged and counted by reload(); the old configuration keeps running.
      }
    });
    ready = true;
    LOG.info("Server is ready to receive web requests on {}://{}:{}", scheme(),
        web.boundAddress().getHostString(), web.boundAddress().getPort());
  }

  private static List<Matcher> parseSelector(String selector) {
    try {
      return PromQL.parseSeriesSelector(selector);
    } catch (ParseException e) {
      throw new IllegalArgumentException(e.getMessage(), e);
    }
  }

  /** The {@code /api/v1} query, metadata, status and admin endpoints. */
  private void apiRoutes(WebServer.Builder b) {
    engine = new Engine(queryable, queryOptions);
    queryApi = new QueryApi(() -> engine, System::currentTimeMillis);
    SeriesApi series = new SeriesApi(storage, selectors);
    MetadataApi metadata = new MetadataApi(scrapes, selectors);
    StatusApi status = new StatusApi(new StatusApi.ServerState() {
      @Override
      public String configYaml() {
        return configYaml;
      }

      @Override
      public Instant startTime() {
        return startTime;
      }

      @Override
      public boolean reloadConfigSuccess() {
        return reloadSucceeded;
      }

      @Override
      public Instant lastConfigTime() {
        return lastConfigTime;
      }

      @Override
      public long timeSeriesCount() {
        return storage.head().seriesCount();
      }

      @Override
      public long corruptionCount() {
        return storage.replayStats().corruptions();
      }

      @Override
      public String storageRetention() {
        return retentionText;
      }
    }, flags);
    AdminApi admin = new AdminApi(storage, adminApi, selectors);
    ExemplarsApi exemplars = new ExemplarsApi(storage.head().exemplars());
    for (String method : new String[] {"GET", "POST"}) {
      b.route(method, "/api/v1/query_exemplars",
          agent ? agentRefusal() : ApiJson.handler(exemplars::queryExemplars));
      b.route(method, "/api/v1/query", agent ? agentRefusal() : ApiJson.handler(queryApi::query))
          .route(method, "/api/v1/query_range",
              agent ? agentRefusal() : ApiJson.handler(queryApi::queryRange))
          .route(method, "/api/v1/format_query", ApiJson.handler(queryApi::formatQuery))
          .route(method, "/api/v1/parse_query", ApiJson.handler(queryApi::parseQuery))
          .route(method, "/api/v1/series", ApiJson.handler(series::series))
          .route(method, "/api/v1/labels", ApiJson.handler(series::labelNames))
          .route(method, "/api/v1/label/{name}/values", ApiJson.handler(series::labelValues));
    }
    b.get("/api/v1/metadata", ApiJson.handler(metadata::metadata))
        .get("/api/v1/targets/metadata", ApiJson.handler(metadata::targetMetadata))
        .get("/api/v1/status/config", ApiJson.handler(status::config))
        .get("/api/v1/status/flags", ApiJson.handler(status::flags))
        .get("/api/v1/status/runtimeinfo", ApiJson.handler(status::runtimeInfo))
        .get("/api/v1/status/buildinfo", ApiJson.handler(status::buildInfo));
    for (String method : new String[] {"POST", "PUT"}) {
      b.route(method, "/api/v1/admin/tsdb/delete_series", ApiJson.handler(admin::deleteSeries))
          .route(method, "/api/v1/admin/tsdb/clean_tombstones",
              ApiJson.handler(admin::cleanTombstones))
          .route(method, "/api/v1/admin/tsdb/snapshot", ApiJson.handler(admin::snapshot));
    }
  }

  /**
   * {@code /federate}, {@code /api/v1/read} and, with {@code --web.enable-remote-write-receiver},
   * {@code /api/v1/write}; in agent mode only the receiver (an agent has no local queries).
   */
  private void remoteRoutes(WebServer.Builder b) {
    if (!agent) {
      b.get("/federate", new FederateHandler(storage, selectors, this::externalLabels,
          () -> queryOptions.lookbackDelta().toMillis(), System::currentTimeMillis));
      b.route("POST", "/api/v1/read", new ReadHandler(storage, this::externalLabels));
    }
    b.route("POST", "/api/v1/write", remoteWriteReceiver ? new WriteHandler(storage)
        : ex -> {
          ex.setStatusCode(404);
          ex.getResponseSender().send("remote write receiver needs to be enabled with "
              + "--web.enable-remote-write-receiver\n");
        });
  }

  /** What the query endpoints answer in agent mode, as Prometheus's agent does. */
  private static io.undertow.server.HttpHandler agentRefusal() {
    return ex -> {
      ex.setStatusCode(422);
      ex.getResponseHeaders().put(io.undertow.util.Headers.CONTENT_TYPE, "application/json");
      ex.getResponseSender().send("{\"status\":\"error\",\"errorType\":\"unavailable\","
          + "\"error\":\"unavailable with Vigil in agent mode\"}");
    };
  }

  private dev.vigil.server.model.Labels externalLabels() {
    Config c = config;
    return c == null ? dev.vigil.server.model.Labels.EMPTY : c.global().externalLabels();
  }

  /** The oldest timestamp the local storage holds, for remote_read without read_recent. */
  private long localMinTime() {
    long min = storage.head().minTime();
    for (var b : storage.blocks()) {
      min = Math.min(min, b.meta().minTime());
    }
    return min;
  }

  /** The exemplar ring's size: the configured one with exemplar storage on, else none. */
  private int maxExemplars(Config c) {
    return exemplarStorage ? c.tsdb().maxExemplars() : 0;
  }

  /** {@code --web.enable-remote-write-receiver}. Set before {@link #start()}. */
  public void remoteWriteReceiver(boolean enabled) {
    this.remoteWriteReceiver = enabled;
  }

  /**
   * {@code --agent}: scrape, log to the WAL and remote-write; no rule evaluation and no query,
   * federation or remote read endpoints. Set before {@link #start()}.
   */
  public void agent(boolean enabled) {
    this.agent = enabled;
  }

  /**
   * {@code --enable-feature=exemplar-storage}: keep exemplars (scraped and received) in a ring of
   * {@code storage.exemplars.max_exemplars}. Set before {@link #start()}.
   */
  public void exemplarStorage(boolean enabled) {
    this.exemplarStorage = enabled;
  }

  /** The remote write queues, known after {@link #start()}. */
  public RemoteStorage remoteWrite() {
    return remoteWrite;
  }

  /**
   * Serves the TSDB admin endpoints ({@code --web.enable-admin-api}); without it they answer
   * 503 "admin APIs disabled". Set before {@link #start()}.
   */
  /** {@code --web.config.file}: TLS, basic auth and headers. Set before {@link #start()}. */
  public void webSecurity(WebSecurity security) {
    this.security = security;
  }

  public void adminApi(boolean enabled) {
    this.adminApi = enabled;
  }

  /** Every command-line flag and its value, for {@code /api/v1/status/flags}. */
  public void flags(Map<String, String> flags) {
    this.flags = Map.copyOf(flags);
  }

  /** The {@code --rules.*} settings. Set before {@link #start()}. */
  public void ruleOptions(RuleOptions options) {
    this.ruleOptions = options;
  }

  /** {@code --web.external-url}; null: {@code http://<hostname>:<port>}. Set before start. */
  public void externalUrl(String url) {
    this.externalUrl = url;
  }

  /**
   * The embedded alert handling: off, or on with {@code alertmanager.yml} (null: a built-in
   * configuration that keeps alerts and sends nowhere). Set before {@link #start()}.
   */
  public void alertmanager(boolean embedded, Path configFile) {
    this.embeddedAlertmanager = embedded;
    this.alertmanagerConfigFile = configFile;
  }

  /** {@code --alertmanager.notification-queue-capacity}. Set before {@link #start()}. */
  public void notificationQueueCapacity(int capacity) {
    this.notificationQueueCapacity = capacity;
  }

  /** The rule manager, known after {@link #start()}. */
  public RuleManager rules() {
    return rules;
  }

  /** The embedded alert handling, or null when it is off; known after {@link #start()}. */
  public Alertmanager alertmanager() {
    return alertmanager;
  }

  /** The PromQL engine's settings ({@code --query.*} flags). Set before {@link #start()}. */
  public void queryOptions(EngineOptions options) {
    this.queryOptions = options;
  }

  /** The PromQL engine, known after {@link #start()}. */
  public Engine queryEngine() {
    return engine;
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
      AmConfig nextAm = null;
      if (alertmanager != null) {
        try {
          nextAm = loadAlertmanagerConfig();
        } catch (ConfigException e) {
          alertmanager.configFailed();
          throw e;
        }
      }
      applyConfig(next, nextAm);
    } catch (ConfigException e) {
      reloadOk.set(0);
      reloadSucceeded = false;
      LOG.error("Error reloading config: {}", e.getMessage());
      throw e;
    }
    LOG.info("Completed loading of configuration file {}", next.source());
  }

  /** Alerts from the rules go to the embedded alert handling and to every configured Alertmanager. */
  private void sendAlerts(List<Alert> alerts) {
    if (alertmanager != null) {
      alertmanager.sink().send(alerts);
    }
    sender.send(alerts);
  }

  /** The alert handling's configuration: the file, or the built-in one that sends nowhere. */
  private AmConfig loadAlertmanagerConfig() throws ConfigException {
    if (alertmanagerConfigFile != null) {
      return AmConfigLoader.load(alertmanagerConfigFile, integrations);
    }
    try (InputStream in = VigilServer.class.getClassLoader()
        .getResourceAsStream("dev/vigil/server/alerting/default-alertmanager.yml")) {
      String yaml = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      return AmConfigLoader.parse(yaml, "default-alertmanager.yml", null, integrations);
    } catch (IOException e) {
      throw new ConfigException("cannot read the built-in alertmanager configuration", e);
    }
  }

  private String scheme() {
    return security.tlsEnabled() ? "https" : "http";
  }

  /** {@code http://<host>:<port>}, the address users reach when no --web.external-url is set. */
  private String defaultExternalUrl() {
    String host = listen.getAddress() == null || listen.getAddress().isAnyLocalAddress()
        ? hostName() : listen.getHostString();
    return scheme() + "://" + host + ":" + listen.getPort();
  }

  private static String hostName() {
    try {
      return java.net.InetAddress.getLocalHost().getHostName();
    } catch (IOException e) {
      return "localhost";
    }
  }

  /**
   * Applies a validated configuration. Rules go first: they are the one part that can still
   * refuse it (a bad rule file), and then nothing else has changed.
   */
  private void applyConfig(Config c, AmConfig am) throws ConfigException {
    rules.applyConfig(c);
    if (am != null) {
      alertmanager.applyConfig(am);
    }
    sender.applyConfig(c);
    // A subquery without a step uses the evaluation interval, as in Prometheus; the engine is
    // immutable, so a changed interval gets a new one (queries already running keep theirs).
    java.time.Duration step = c.global().evaluationInterval();
    if (!step.equals(engine.options().subqueryStep())) {
      queryOptions = queryOptions.withSubqueryStep(step);
      engine = new Engine(queryable, queryOptions);
    }
    storage.head().setOutOfOrderWindow(c.tsdb().outOfOrderTimeWindow());
    storage.head().exemplars().resize(maxExemplars(c));
    try {
      remoteWrite.applyConfig(c);
      queryable.applyConfig(c);
    } catch (IOException | java.security.GeneralSecurityException e) {
      throw new ConfigException("remote storage: " + e.getMessage(), e);
    }
    scrapes.applyConfig(c);
    config = c;
    configYaml = pendingYaml;
    reloadSucceeded = true;
    lastConfigTime = Instant.now();
    reloadOk.set(1);
    reloadTime.setToCurrentTime();
  }

  /** The text {@link #load} read last; becomes {@link #configYaml} when applied. */
  private volatile String pendingYaml = "";

  private Config load() throws ConfigException {
    if (configFile != null) {
      Config c = ConfigLoader.load(configFile);
      try {
        pendingYaml = Files.readString(configFile, StandardCharsets.UTF_8);
      } catch (IOException e) {
        // Read a moment ago by the loader; if it went since, the status shows what it had.
        LOG.warn("Cannot re-read {} for the status page: {}", configFile, e.getMessage());
      }
      return c;
    }
    String host = listen.getAddress() == null || listen.getAddress().isAnyLocalAddress()
        ? "localhost" : listen.getHostString();
    int port = web == null ? listen.getPort() : web.boundAddress().getPort();
    pendingYaml = defaultYaml().replace("localhost:9090", host + ":" + port);
    return ConfigLoader.defaultConfig(host + ":" + port);
  }

  private static String defaultYaml() {
    try (InputStream in = VigilServer.class.getClassLoader()
        .getResourceAsStream("dev/vigil/server/config/default.yml")) {
      return in == null ? "" : new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "";
    }
  }

  private volatile long retentionMillis = java.time.Duration.ofDays(15).toMillis();
  private volatile long retentionBytes;
  private int headSeriesLimit;
  private int seriesAddedLimit;

  /**
   * Caps against a cardinality explosion (0: none): series in the head
   * ({@code --storage.tsdb.head-series-limit}) and new series per scrape
   * ({@code --scrape.series-added-limit}). Set before {@link #start()}.
   */
  public void seriesLimits(int head, int perScrape) {
    this.headSeriesLimit = head;
    this.seriesAddedLimit = perScrape;
  }

  /** Block retention by age and total size (0: no limit); applied every minute. */
  public void retention(long millis, long bytes) {
    retentionMillis = millis;
    retentionBytes = bytes;
    retentionText = retentionText(millis, bytes);
  }

  /** As Prometheus shows it: {@code 15d}, {@code 15d or 512MiB}, {@code 512MiB}. */
  static String retentionText(long millis, long bytes) {
    String time = millis == 0 ? "" : dev.vigil.server.config.Durations.format(
        java.time.Duration.ofMillis(millis));
    if (bytes == 0) {
      return time;
    }
    String[] units = {"B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"};
    int u = 0;
    long v = bytes;
    while (v % 1024 == 0 && u < units.length - 1) {
      v /= 1024;
      u++;
    }
    return (time.isEmpty() ? "" : time + " or ") + v + units[u];
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
    if (rules != null) {
      rules.stop();
    }
    if (sender != null) {
      sender.close();
    }
    if (remoteWrite != null) {
      remoteWrite.close(); // after scraping stopped, so the last scrapes are sent too
    }
    if (alertmanager != null) {
      alertmanager.close();
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
