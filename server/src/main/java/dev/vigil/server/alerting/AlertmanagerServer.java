package dev.vigil.server.alerting;

import dev.vigil.client.model.Registry;
import dev.vigil.server.alerting.config.AmConfig;
import dev.vigil.server.alerting.config.AmConfigLoader;
import dev.vigil.server.config.ConfigException;
import dev.vigil.client.httpserver.WebSecurity;
import dev.vigil.server.web.Signals;
import dev.vigil.server.web.WebServer;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The standalone alert handling: {@link Alertmanager} behind a web server with API v2,
 * {@code /-/healthy}, {@code /-/ready}, {@code /-/reload} (and SIGHUP) and {@code /metrics}.
 * A configuration that fails to load at start stops the start; on reload it is logged, counted,
 * and the running one stays.
 */
public final class AlertmanagerServer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(AlertmanagerServer.class);

  /**
   * @param externalUrl the URL people reach this at; empty for {@code http://<host>:<port>}
   */
  public record Settings(Path configFile, Path storagePath, InetSocketAddress listen,
      String externalUrl, Duration dataRetention, Duration historyRetention, int maxAlerts,
      int maxGroups) {
    public Settings(Path configFile, Path storagePath, InetSocketAddress listen,
        String externalUrl, Duration dataRetention, Duration historyRetention) {
      this(configFile, storagePath, listen, externalUrl, dataRetention, historyRetention,
          Alertmanager.DEFAULT_MAX_ALERTS, Alertmanager.DEFAULT_MAX_GROUPS);
    }
  }

  private final Settings settings;
  private final IntegrationFactory factory;
  private final Registry registry = new Registry();
  private final CountDownLatch stopped = new CountDownLatch(1);
  private Alertmanager am;
  private WebServer web;
  private volatile boolean ready;
  private WebSecurity security = WebSecurity.none();

  public AlertmanagerServer(Settings settings, IntegrationFactory factory) {
    this.settings = settings;
    this.factory = factory;
  }

  /** {@code --web.config.file}: TLS, basic auth and headers. Set before {@link #start()}. */
  public void webSecurity(WebSecurity security) {
    this.security = security;
  }

  /** Loads the configuration, opens the state under the storage path, starts serving. */
  public void start() throws ConfigException {
    AmConfig first = AmConfigLoader.load(settings.configFile(), factory);
    String url = settings.externalUrl();
    if (url == null || url.isEmpty()) {
      url = (security.tlsEnabled() ? "https://" : "http://") + hostName() + ":" + settings.listen().getPort();
    }
    am = new Alertmanager(Alertmanager.Options.defaults()
        .withStoragePath(settings.storagePath())
        .withRetention(settings.dataRetention(), settings.historyRetention())
        .withExternalUrl(url)
        .withLimits(settings.maxAlerts(), settings.maxGroups())
        .withRegistry(registry));
    am.applyConfig(first);
    WebServer.Builder b = WebServer.builder(settings.listen())
        .security(security)
        .registry(registry)
        .lifecycle(true, this::reloadOrThrow, stopped::countDown)
        .ready(() -> ready);
    am.routes(b);
    web = b.build();
    web.start();
    Signals.onHangup(this::reload);
    ready = true;
  }

  private static String hostName() {
    try {
      return java.net.InetAddress.getLocalHost().getHostName();
    } catch (java.net.UnknownHostException e) {
      return "localhost";
    }
  }

  /** Reloads the configuration file; false (logged, counted) when it is bad. */
  public boolean reload() {
    try {
      reloadOrThrow();
      return true;
    } catch (ConfigException e) {
      return false;
    }
  }

  private void reloadOrThrow() throws ConfigException {
    try {
      am.applyConfig(AmConfigLoader.load(settings.configFile(), factory));
    } catch (ConfigException e) {
      am.configFailed();
      LOG.error("Loading configuration file {} failed, keeping the old one:\n{}",
          settings.configFile(), e.getMessage());
      throw e;
    }
  }

  public Alertmanager alertmanager() {
    return am;
  }

  public Registry registry() {
    return registry;
  }

  public InetSocketAddress boundAddress() {
    return web.boundAddress();
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
    if (am != null) {
      am.close();
    }
  }
}
