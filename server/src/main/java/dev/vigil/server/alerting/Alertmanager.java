package dev.vigil.server.alerting;

import dev.vigil.client.core.GaugeWithCallback;
import dev.vigil.client.core.CounterWithCallback;
import dev.vigil.client.model.Registry;
import dev.vigil.server.alerting.api.AlertsApi;
import dev.vigil.server.alerting.api.HistoryApi;
import dev.vigil.server.alerting.config.AmConfig;
import dev.vigil.server.model.AlertSink;
import dev.vigil.server.model.Labels;
import dev.vigil.server.web.WebServer;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The alert handling as one object: the alert store, silences, the dispatcher and notification
 * pipeline of the current configuration, the notification log and history, self-metrics, and
 * the API v2 handlers. Used by the {@code alertmanager} command and, embedded, by the server.
 *
 * <p>Thread-safe. {@link #applyConfig} may be called at any time (reload); until the first call
 * alerts are stored but not routed. {@link #close()} snapshots silences and the notification log.
 */
public final class Alertmanager implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Alertmanager.class);
  static final long ALERT_GC_INTERVAL_MILLIS = 30 * 60_000L;
  static final long MAINTENANCE_INTERVAL_MILLIS = 15 * 60_000L;

  /**
   * How to run.
   *
   * @param storagePath where {@code nflog} and {@code silences} are kept; null for memory only
   * @param dataRetention how long notification log entries and expired silences are kept
   * @param historyRetention how long notification attempts are listed
   * @param externalUrl the URL people reach this at, for links in notifications
   * @param scheduler timers and the clock; null for the real ones
   */
  /**
   * Default bounds on held alerts and aggregation groups: room for every alert of a large
   * installation in its own group (about 1 KiB each), while a runaway sender cannot take the
   * process's memory. Beyond them new alerts are refused and counted.
   */
  public static final int DEFAULT_MAX_ALERTS = 200_000;
  /**
   * Notifications in flight at once. Each waits on a receiver's answer (tens of milliseconds,
   * more under load), so few threads cap throughput at a few dozen notifications a second;
   * idle threads end after a minute.
   */
  static final int NOTIFY_THREADS = 64;
  public static final int DEFAULT_MAX_GROUPS = 200_000;

  public record Options(Path storagePath, Duration dataRetention, Duration historyRetention,
      String externalUrl, int maxAlerts, int maxGroups, int maxHistory, Registry registry,
      Scheduler scheduler) {
    public static Options defaults() {
      return new Options(null, Duration.ofHours(120), Duration.ofHours(120), "", DEFAULT_MAX_ALERTS,
          DEFAULT_MAX_GROUPS, 10_000, new Registry(), null);
    }

    public Options withStoragePath(Path p) {
      return new Options(p, dataRetention, historyRetention, externalUrl, maxAlerts, maxGroups,
          maxHistory, registry, scheduler);
    }

    public Options withScheduler(Scheduler s) {
      return new Options(storagePath, dataRetention, historyRetention, externalUrl, maxAlerts,
          maxGroups, maxHistory, registry, s);
    }

    public Options withRetention(Duration data, Duration history) {
      return new Options(storagePath, data, history, externalUrl, maxAlerts, maxGroups,
          maxHistory, registry, scheduler);
    }

    public Options withExternalUrl(String url) {
      return new Options(storagePath, dataRetention, historyRetention, url, maxAlerts, maxGroups,
          maxHistory, registry, scheduler);
    }

    /** At most this many alerts are held and this many aggregation groups exist at once. */
    public Options withLimits(int alerts, int groups) {
      if (alerts < 1 || groups < 1) {
        throw new IllegalArgumentException("alert and group limits must be at least 1");
      }
      return new Options(storagePath, dataRetention, historyRetention, externalUrl, alerts,
          groups, maxHistory, registry, scheduler);
    }

    public Options withRegistry(Registry r) {
      return new Options(storagePath, dataRetention, historyRetention, externalUrl, maxAlerts,
          maxGroups, maxHistory, r, scheduler);
    }
  }

  /** One configuration in force and what was built from it; replaced whole on reload. */
  private record Current(AmConfig config, Suppression suppression, Dispatcher dispatcher,
      Pipeline pipeline, Consumer<AmAlert> listener) {}

  private final Options options;
  private final Scheduler scheduler;
  private final SystemScheduler ownScheduler;
  private final AlertStore store;
  private final Silences silences;
  private final NotificationLog nflog;
  private final NotificationHistory history;
  private final AlertingMetrics metrics;
  private final long startMillis;
  private final List<Scheduler.Cancellable> periodic = new ArrayList<>();
  private final Object maintenanceLock = new Object();
  private volatile Current current;
  /** Groups refused by dispatchers of earlier configurations, so the counter never drops. */
  private volatile long refusedGroups;
  private boolean closed;

  public Alertmanager(Options options) {
    this.options = options;
    if (options.scheduler() == null) {
      ownScheduler = new SystemScheduler(NOTIFY_THREADS, options.maxGroups());
      scheduler = ownScheduler;
    } else {
      ownScheduler = null;
      scheduler = options.scheduler();
    }
    startMillis = scheduler.nowMillis();
    long retention = options.dataRetention().toMillis();
    store = new AlertStore(options.maxAlerts(), Duration.ofMinutes(5).toMillis(),
        scheduler::nowMillis);
    Path dir = options.storagePath();
    silences = new Silences(dir == null ? null : dir.resolve("silences"),
        options.dataRetention(), scheduler::nowMillis);
    nflog = new NotificationLog(dir == null ? null : dir.resolve("nflog"), retention, 100_000,
        scheduler::nowMillis);
    history = new NotificationHistory(options.historyRetention().toMillis(),
        options.maxHistory(), scheduler::nowMillis);
    metrics = new AlertingMetrics(options.registry());
    registerGauges(options.registry());
    periodic.add(every(ALERT_GC_INTERVAL_MILLIS, store::gc));
    periodic.add(every(MAINTENANCE_INTERVAL_MILLIS, this::maintenance));
  }

  private Scheduler.Cancellable every(long millis, Runnable task) {
    Scheduler.Cancellable[] handle = new Scheduler.Cancellable[1];
    Runnable[] loop = new Runnable[1];
    loop[0] = () -> {
      try {
        task.run();
      } catch (RuntimeException e) {
        LOG.error("Periodic alerting task failed", e);
      }
      synchronized (periodic) {
        if (!closed) {
          handle[0] = scheduler.schedule(millis, loop[0]);
        }
      }
    };
    handle[0] = scheduler.schedule(millis, loop[0]);
    return () -> handle[0].cancel();
  }

  private void registerGauges(Registry r) {
    GaugeWithCallback.builder().name("alertmanager_alerts")
        .help("How many alerts by state.").labelNames("state")
        .callback(cb -> {
          int[] counts = alertCounts();
          cb.call(counts[0], "active");
          cb.call(counts[1], "suppressed");
          cb.call(0, "unprocessed");
        }).register(r);
    CounterWithCallback.builder().name("alertmanager_alerts_received_total")
        .help("The total number of received alerts.").labelNames("status", "version")
        .callback(cb -> {
          cb.call(store.received(false), "firing", "v2");
          cb.call(store.received(true), "resolved", "v2");
        }).register(r);
    CounterWithCallback.builder().name("alertmanager_alerts_invalid_total")
        .help("The total number of received alerts that were invalid.").labelNames("version")
        .callback(cb -> cb.call(store.invalid(), "v2")).register(r);
    CounterWithCallback.builder().name("vigil_alertmanager_alerts_refused_total")
        .help("Alerts refused because the alert store was full.")
        .value(store::refused).register(r);
    GaugeWithCallback.builder().name("alertmanager_silences")
        .help("How many silences by state.").labelNames("state")
        .callback(cb -> {
          for (String s : List.of("active", "pending", "expired")) {
            cb.call(silences.count(s), s);
          }
        }).register(r);
    CounterWithCallback.builder().name("vigil_alertmanager_aggregation_groups_refused_total")
        .help("Alerts not routed to a new aggregation group because too many groups existed.")
        .value(() -> refusedGroups + currentRefusedGroups()).register(r);
    GaugeWithCallback.builder().name("alertmanager_dispatcher_aggregation_groups")
        .help("Number of active aggregation groups")
        .value(() -> {
          Current c = current;
          return c == null ? 0 : c.dispatcher().groupCount();
        }).register(r);
  }

  private long currentRefusedGroups() {
    Current c = current;
    return c == null ? 0 : c.dispatcher().refusedGroups();
  }

  /** [active, suppressed] among the firing alerts. */
  private int[] alertCounts() {
    Current c = current;
    Firing firing = firingAlerts();
    int active = 0;
    int suppressed = 0;
    for (AmAlert a : firing.alerts()) {
      if (c != null && firing.index() != null
          && (!c.suppression().silencedBy(a.labels()).isEmpty()
          || firing.index().inhibitedBy(a.labels()) != null)) {
        suppressed++;
      } else {
        active++;
      }
    }
    return new int[] {active, suppressed};
  }

  /**
   * Puts a configuration in force: a new routing tree, receivers and inhibition rules. Groups
   * are rebuilt from the stored alerts (groups of removed routes are gone); what was already
   * sent is not sent again, thanks to the notification log.
   */
  public synchronized void applyConfig(AmConfig config) {
    Suppression sup = new Suppression(silences, new Inhibitor(config.inhibitRules()));
    Pipeline p = new Pipeline(config.receivers(), config.timeIntervals(), sup,
        () -> firingIndex(sup), nflog, history, scheduler, metrics,
        options.externalUrl());
    Dispatcher d = new Dispatcher(config.route(), p, scheduler, options.maxGroups());
    Consumer<AmAlert> listener = d::insert;
    store.resolveTimeout(config.global().resolveTimeout().toMillis());
    store.addListener(listener);
    Current old = current;
    current = new Current(config, sup, d, p, listener);
    if (old != null) {
      store.removeListener(old.listener());
      old.dispatcher().stop();
      refusedGroups += old.dispatcher().refusedGroups();
    }
    for (AmAlert a : store.list()) {
      d.insert(a);
    }
    for (var rcv : config.receivers().values()) {
      for (Integration in : rcv.integrations()) {
        metrics.initIntegration(in.type());
      }
    }
    metrics.reloadSuccess.set(1);
    metrics.reloadTimestamp.set(scheduler.nowMillis() / 1000.0);
    LOG.info("Completed loading of configuration file {}", config.source());
  }

  /** Records a failed reload in the metrics; the configuration in force stays. */
  public void configFailed() {
    metrics.reloadSuccess.set(0);
  }

  /** Where rule evaluation hands alerts in the embedded case. */
  public AlertSink sink() {
    return store;
  }

  /** Mounts API v2 ({@code /api/v2/...}) and the notification history on {@code b}. */
  public void routes(WebServer.Builder b) {
    AlertsApi.mount(this, b);
    HistoryApi.mount(history, b);
  }

  /** Drops resolved alerts from the store now (also run every 30 minutes). */
  public void gcAlerts() {
    store.gc();
  }

  /** Expires and persists the notification log and silences (also run every 15 minutes). */
  public void maintenance() {
    // The periodic run and close() may overlap; the snapshot files take one writer at a time.
    synchronized (maintenanceLock) {
      maintenanceLocked();
    }
  }

  /**
   * Writes the silences now: the API calls it after every change, so a silence a user was told
   * exists survives a crash, not only the next maintenance run. A failed write is logged; the
   * silence stays in force in memory and the next run tries again.
   */
  public void silencesChanged() {
    synchronized (maintenanceLock) {
      try {
        silences.snapshot();
      } catch (IOException e) {
        LOG.error("Writing silences failed", e);
      }
    }
  }

  private void maintenanceLocked() {
    try {
      nflog.gc();
      nflog.snapshot();
    } catch (IOException e) {
      LOG.error("Writing the notification log failed", e);
    }
    try {
      silences.gc();
      silences.snapshot();
    } catch (IOException e) {
      LOG.error("Writing silences failed", e);
    }
  }

  // --- read access for the API handlers -------------------------------------------------

  /** The configuration in force, or null before the first. */
  public AmConfig config() {
    Current c = current;
    return c == null ? null : c.config();
  }

  public AlertStore store() {
    return store;
  }

  public Silences silences() {
    return silences;
  }

  public NotificationHistory history() {
    return history;
  }

  public long nowMillis() {
    return scheduler.nowMillis();
  }

  public long startMillis() {
    return startMillis;
  }

  /** The aggregation groups of the configuration in force. */
  public List<Dispatcher.GroupView> groups() {
    Current c = current;
    return c == null ? List.of() : c.dispatcher().groups();
  }

  /**
   * The alerts firing at one moment, and their labels (what the inhibitor looks at): taken once
   * per request or flush, since it copies the store.
   */
  public record Firing(List<AmAlert> alerts, List<Labels> labels, Inhibitor.Prepared index) {}

  /** The alerts that are firing now. */
  public Firing firingAlerts() {
    long now = scheduler.nowMillis();
    long version = store.version();
    Current c0 = current;
    FiringCache fc = firingCache;
    // Every notification asks; rebuilding the list and the inhibition index over all alerts
    // each time made notifying quadratic in the number of alerts. A build is reused while the
    // store is unchanged at the same instant, and otherwise for FIRING_REUSE_MILLIS, so
    // inhibition sees alerts at most that late (Alertmanager's index is eventually consistent
    // too).
    if (fc != null && fc.current() == c0 && now >= fc.builtAt()
        && now - fc.builtAt() < FIRING_REUSE_MILLIS
        && (fc.version() == version || now > fc.builtAt())) {
      return fc.firing();
    }
    Firing built = buildFiring(now, c0);
    firingCache = new FiringCache(version, now, c0, built);
    return built;
  }

  /** The firing alerts indexed for {@code sup}'s inhibition rules. */
  private Inhibitor.Prepared firingIndex(Suppression sup) {
    Firing f = firingAlerts();
    Current c = current;
    return f.index() != null && c != null && c.suppression() == sup ? f.index()
        : sup.prepare(f.labels());
  }

  private record FiringCache(long version, long builtAt, Current current, Firing firing) {}

  static final long FIRING_REUSE_MILLIS = 250;
  private volatile FiringCache firingCache;

  private Firing buildFiring(long now, Current c) {
    List<AmAlert> out = new ArrayList<>();
    for (AmAlert a : store.list()) {
      if (!a.resolvedAt(now)) {
        out.add(a);
      }
    }
    List<Labels> labels = labelsOf(out);
    return new Firing(out, labels, c == null ? null : c.suppression().prepare(labels));
  }

  private static List<Labels> labelsOf(Collection<AmAlert> alerts) {
    List<Labels> out = new ArrayList<>(alerts.size());
    for (AmAlert a : alerts) {
      out.add(a.labels());
    }
    return out;
  }

  /** An alert's status as API v2 reports it. */
  public record AlertStatus(String state, List<String> silencedBy, List<String> inhibitedBy,
      List<String> mutedBy) {}

  /**
   * The status of {@code a}: suppressed when a silence or a firing alert mutes it.
   *
   * @param firing the firing alerts, as {@link #firingAlerts()} gave them (one call per request)
   */
  public AlertStatus status(AmAlert a, Firing firing) {
    Current c = current;
    if (c == null || firing.index() == null) {
      return new AlertStatus("unprocessed", List.of(), List.of(), List.of());
    }
    List<String> silenced = c.suppression().silencedBy(a.labels());
    List<String> inhibited = Suppression.inhibitedBy(a.labels(), firing.index());
    String state = silenced.isEmpty() && inhibited.isEmpty() ? "active" : "suppressed";
    return new AlertStatus(state, silenced, inhibited, List.of());
  }

  /** The names of the time intervals muting a route now; empty when none. */
  public List<String> mutedBy(Route route) {
    Current c = current;
    return c == null ? List.of()
        : c.pipeline().mutingIntervals(route, Instant.ofEpochMilli(scheduler.nowMillis()));
  }

  /** The receivers the routes give {@code labels}, in route order (repeats kept, as AM). */
  public List<String> receivers(Labels labels) {
    Current c = current;
    if (c == null) {
      return List.of();
    }
    List<String> out = new ArrayList<>();
    for (Route r : c.config().route().match(labels)) {
      out.add(r.receiver());
    }
    return out;
  }

  /** Every receiver name of the configuration in force, sorted. */
  public Set<String> receiverNames() {
    Current c = current;
    return c == null ? Set.of() : new LinkedHashSet<>(new java.util.TreeSet<>(
        c.config().receivers().keySet()));
  }

  /** Stops timers and notifications, then writes the notification log and silences. */
  @Override
  public void close() {
    synchronized (periodic) {
      closed = true;
      for (Scheduler.Cancellable p : periodic) {
        p.cancel();
      }
    }
    Current c = current;
    if (c != null) {
      c.dispatcher().stop();
    }
    if (ownScheduler != null) {
      ownScheduler.close();
    }
    maintenance();
  }
}
