package dev.vigil.server.notify;

import dev.vigil.client.model.Registry;
import dev.vigil.server.config.AlertmanagerConfig;
import dev.vigil.server.config.Config;
import dev.vigil.server.model.Alert;
import dev.vigil.server.model.AlertSink;
import dev.vigil.server.model.Labels;
import dev.vigil.server.relabel.RelabelConfig;
import dev.vigil.server.relabel.Relabeler;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends alerts to the Alertmanagers of {@code alerting.alertmanagers}, Prometheus's notifier.
 *
 * <p>{@link #send} adds the external labels an alert lacks, applies the global
 * {@code alert_relabel_configs} and queues the alert for every Alertmanager set; it never blocks
 * on the network. Each set has a bounded queue (full: the oldest alerts are dropped and counted
 * in {@code prometheus_notifications_dropped_total}) and one thread that posts batches of up to
 * 256 alerts, after the set's own {@code alert_relabel_configs}, to
 * {@code <scheme>://<address><path_prefix>/api/v2/alerts} of each discovered Alertmanager.
 * Failed posts are logged and counted, not retried: the rule engine resends firing alerts on
 * every evaluation anyway.
 *
 * <p>Thread-safe. {@link #applyConfig} may be called at any time; a set whose configuration did
 * not change keeps its queue and discovery. {@link #close} stops every thread.
 */
public final class AlertmanagerSender implements AlertSink, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(AlertmanagerSender.class);
  public static final int DEFAULT_CAPACITY = 10_000;
  public static final int MAX_BATCH = 256;

  private final int capacity;
  private final int maxBatch;
  private final LongSupplier nanoTime;
  final NotifierMetrics metrics;
  private final ScheduledExecutorService scheduler;
  private volatile Map<String, AlertmanagerSet> sets = Map.of();
  private volatile Labels externalLabels = Labels.EMPTY;
  private volatile List<RelabelConfig> relabel = List.of();

  /**
   * @param registry where the {@code prometheus_notifications_*} metrics are registered
   * @param capacity the queue capacity of each Alertmanager set (Prometheus's
   *     {@code --alertmanager.notification-queue-capacity})
   */
  public AlertmanagerSender(Registry registry, int capacity) {
    this(registry, capacity, MAX_BATCH, System::nanoTime);
  }

  AlertmanagerSender(Registry registry, int capacity, int maxBatch, LongSupplier nanoTime) {
    if (capacity < 1) {
      throw new IllegalArgumentException("notification queue capacity must be positive, got "
          + capacity);
    }
    this.capacity = capacity;
    this.maxBatch = maxBatch;
    this.nanoTime = nanoTime;
    this.metrics = new NotifierMetrics(registry, this::queueLength, () -> capacity,
        () -> activeAlertmanagers().size());
    this.scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "notify-discovery");
      t.setDaemon(true);
      return t;
    });
  }

  /** Takes the {@code alerting} section and external labels of {@code config}. */
  public synchronized void applyConfig(Config config) {
    externalLabels = config.global().externalLabels();
    relabel = config.alerting().alertRelabelConfigs();
    Map<String, AlertmanagerSet> old = sets;
    Map<String, AlertmanagerSet> next = new LinkedHashMap<>();
    List<AlertmanagerConfig> ams = config.alerting().alertmanagers();
    for (int i = 0; i < ams.size(); i++) {
      String name = "config-" + i;
      AlertmanagerSet prev = old.get(name);
      if (prev != null && prev.cfg.equals(ams.get(i))) {
        next.put(name, prev);
        continue;
      }
      try {
        AlertmanagerSet s = new AlertmanagerSet(name, ams.get(i), new AlertQueue(capacity),
            maxBatch, metrics, nanoTime);
        if (prev != null) {
          // Alerts queued for the old version of this set still go out through the new one.
          s.enqueue(prev.stop());
        }
        s.start(scheduler);
        next.put(name, s);
      } catch (GeneralSecurityException | IOException e) {
        LOG.error("alertmanager {}: cannot build the HTTP client (tls_config): {}", name,
            e.getMessage());
      }
    }
    for (Map.Entry<String, AlertmanagerSet> e : old.entrySet()) {
      if (next.get(e.getKey()) != e.getValue()) {
        e.getValue().stop(); // idempotent: a replaced set was already stopped above
      }
    }
    sets = Map.copyOf(next);
  }

  @Override
  public void send(List<Alert> alerts) {
    List<Alert> out = new ArrayList<>(alerts.size());
    Labels ext = externalLabels;
    List<RelabelConfig> rules = relabel;
    for (Alert a : alerts) {
      Labels l = a.labels();
      if (!ext.isEmpty()) {
        Labels.Builder b = l.toBuilder();
        for (int i = 0; i < ext.size(); i++) {
          if (b.get(ext.name(i)) == null) {
            b.set(ext.name(i), ext.value(i));
          }
        }
        l = b.build();
      }
      l = rules.isEmpty() ? l : Relabeler.process(l, rules);
      if (l == null || l.isEmpty()) {
        continue;
      }
      out.add(l == a.labels() ? a : new Alert(l, a.annotations(), a.startsAtMillis(),
          a.endsAtMillis(), a.generatorUrl()));
    }
    if (out.isEmpty()) {
      return;
    }
    for (AlertmanagerSet s : sets.values()) {
      int dropped = s.enqueue(out);
      if (dropped > 0) {
        metrics.dropped.inc(dropped);
        LOG.warn("Alert notification queue of {} full, dropping {} alerts", s.name, dropped);
      }
    }
  }

  /** URLs alerts are posted to, across sets, in configuration order. */
  public List<String> activeAlertmanagers() {
    List<String> out = new ArrayList<>();
    for (AlertmanagerSet s : sets.values()) {
      out.addAll(s.resolved().active());
    }
    return out;
  }

  /** URLs of discovered Alertmanagers that relabelling dropped. */
  public List<String> droppedAlertmanagers() {
    List<String> out = new ArrayList<>();
    for (AlertmanagerSet s : sets.values()) {
      out.addAll(s.resolved().dropped());
    }
    return out;
  }

  List<AlertmanagerSet> sets() {
    return List.copyOf(sets.values());
  }

  /** Alerts waiting in all queues. */
  public int queueLength() {
    int n = 0;
    for (AlertmanagerSet s : sets.values()) {
      n += s.queue().size();
    }
    return n;
  }

  @Override
  public synchronized void close() {
    for (AlertmanagerSet s : sets.values()) {
      s.stop();
    }
    sets = Map.of();
    scheduler.shutdownNow();
  }
}
