package dev.vigil.server.alerting;

import dev.vigil.server.alerting.config.Receiver;
import dev.vigil.server.alerting.config.TimeInterval;
import dev.vigil.server.model.Labels;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The notification pipeline of one configuration, run for each flush of an aggregation group:
 * the route's active and mute time intervals, inhibition, silences, then for each integration of
 * the receiver deduplication against the {@link NotificationLog}, delivery with retries while the
 * group's interval lasts, and the log entry. Every attempt goes to the
 * {@link NotificationHistory}.
 *
 * <p>Thread-safe: immutable but for the shared logs, which are.
 */
final class Pipeline implements Dispatcher.Notifier {
  private static final Logger LOG = LoggerFactory.getLogger(Pipeline.class);
  static final long FIRST_BACKOFF_MILLIS = 500;
  static final long MAX_BACKOFF_MILLIS = 30_000;

  private final Map<String, Receiver> receivers;
  private final Map<String, TimeInterval> timeIntervals;
  private final Suppression suppression;
  private final Supplier<Inhibitor.Prepared> firingAlerts;
  private final NotificationLog nflog;
  private final NotificationHistory history;
  private final Scheduler scheduler;
  private final AlertingMetrics metrics;
  private final String externalUrl;

  Pipeline(Map<String, Receiver> receivers, Map<String, TimeInterval> timeIntervals,
      Suppression suppression, Supplier<Inhibitor.Prepared> firingAlerts, NotificationLog nflog,
      NotificationHistory history, Scheduler scheduler, AlertingMetrics metrics,
      String externalUrl) {
    this.receivers = receivers;
    this.timeIntervals = timeIntervals;
    this.suppression = suppression;
    this.firingAlerts = firingAlerts;
    this.nflog = nflog;
    this.history = history;
    this.scheduler = scheduler;
    this.metrics = metrics;
    this.externalUrl = externalUrl;
  }

  @Override
  public boolean notify(Dispatcher.Flush f) {
    Receiver rcv = receivers.get(f.route().receiver());
    if (rcv == null) {
      LOG.error("Receiver {} of group {} does not exist", f.route().receiver(), f.groupKey());
      return false;
    }
    if (!mutingIntervals(f.route(), Instant.ofEpochMilli(f.nowMillis())).isEmpty()) {
      return true;
    }
    Inhibitor.Prepared firing = firingAlerts.get();
    List<AmAlert> alerts = new ArrayList<>();
    for (AmAlert a : f.alerts()) {
      if (firing.inhibitedBy(a.labels()) == null
          && suppression.silencedBy(a.labels()).isEmpty()) {
        alerts.add(a);
      }
    }
    if (alerts.isEmpty()) {
      return true;
    }
    Set<Long> firingSet = new HashSet<>();
    Set<Long> resolvedSet = new HashSet<>();
    for (AmAlert a : alerts) {
      (a.resolvedAt(f.nowMillis()) ? resolvedSet : firingSet).add(a.fingerprint());
    }
    boolean ok = true;
    for (Integration in : rcv.integrations()) {
      ok &= notifyOne(f, rcv.name(), in, alerts, firingSet, resolvedSet);
    }
    return ok;
  }

  /**
   * The names of the time intervals that mute the route now: its active intervals when none is
   * active (all of them), else its mute intervals that are active. Empty when it may send.
   */
  List<String> mutingIntervals(Route route, Instant now) {
    List<String> out = new ArrayList<>();
    if (!route.activeTimeIntervals().isEmpty()) {
      boolean anyActive = false;
      for (String name : route.activeTimeIntervals()) {
        TimeInterval ti = timeIntervals.get(name);
        if (ti != null && TimeIntervals.active(ti, now)) {
          anyActive = true;
          break;
        }
      }
      if (!anyActive) {
        out.addAll(route.activeTimeIntervals());
        return out;
      }
    }
    for (String name : route.muteTimeIntervals()) {
      TimeInterval ti = timeIntervals.get(name);
      if (ti != null && TimeIntervals.active(ti, now)) {
        out.add(name);
      }
    }
    return out;
  }

  private boolean notifyOne(Dispatcher.Flush f, String receiver,
      Integration in, List<AmAlert> alerts, Set<Long> firing,
      Set<Long> resolved) {
    NotificationLog.Key key = new NotificationLog.Key(receiver, in.type(), in.index(),
        f.groupKey());
    NotificationLog.Entry last = nflog.query(key);
    if (!needsUpdate(last, firing, resolved, in.sendResolved(),
        f.route().repeatInterval().toMillis(), f.nowMillis())) {
      return true;
    }
    List<AmAlert> send = new ArrayList<>();
    for (AmAlert a : alerts) {
      if (in.sendResolved() || !a.resolvedAt(f.nowMillis())) {
        send.add(a);
      }
    }
    if (send.isEmpty()) {
      // Nothing this integration wants, but the log must forget the firing alerts it knew.
      nflog.log(key, firing, resolved, f.nowMillis());
      return true;
    }
    NotificationData data = data(receiver, f, send);
    List<String> fps = new ArrayList<>();
    List<String> names = new ArrayList<>();
    for (AmAlert a : send) {
      fps.add(a.fingerprintHex());
      names.add(a.alertname());
    }
    metrics.notifications.labelValues(in.type()).inc();
    long backoff = FIRST_BACKOFF_MILLIS;
    for (int attempt = 1; ; attempt++) {
      long started = scheduler.nowMillis();
      long t0 = System.nanoTime();
      String error;
      boolean retryable;
      try {
        metrics.requests.labelValues(in.type()).inc();
        in.send(data);
        long nanos = System.nanoTime() - t0;
        metrics.latency.labelValues(in.type()).observe(nanos / 1e9);
        history.add(new NotificationHistory.Attempt(started, receiver, in.type(), in.index(),
            f.groupKey(), fps, names, data.status(), true, "", attempt, nanos / 1_000_000));
        nflog.log(key, firing, resolved, f.nowMillis());
        return true;
      } catch (NotifyException e) {
        error = e.getMessage();
        retryable = e.retryable();
      } catch (RuntimeException e) {
        error = e.toString();
        retryable = false;
      }
      long nanos = System.nanoTime() - t0;
      metrics.latency.labelValues(in.type()).observe(nanos / 1e9);
      metrics.requestsFailed.labelValues(in.type()).inc();
      history.add(new NotificationHistory.Attempt(started, receiver, in.type(), in.index(),
          f.groupKey(), fps, names, data.status(), false, error, attempt, nanos / 1_000_000));
      if (!retryable || scheduler.nowMillis() + backoff >= f.deadlineMillis()) {
        metrics.notificationsFailed.labelValues(in.type(), retryable ? "other" : "clientError")
            .inc();
        LOG.warn("Notify for {} ({}[{}]) of group {} failed after {} attempt(s): {}", receiver,
            in.type(), in.index(), f.groupKey(), attempt, error);
        return false;
      }
      try {
        scheduler.sleep(backoff);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      }
      backoff = Math.min(backoff * 2, MAX_BACKOFF_MILLIS);
    }
  }

  /**
   * Alertmanager's deduplication: send when nothing was sent yet and something fires, when a
   * new alert fires, when everything resolved after firing alerts were sent, when (with
   * {@code send_resolved}) new alerts resolved, or when {@code repeat_interval} passed.
   */
  static boolean needsUpdate(NotificationLog.Entry last, Set<Long> firing, Set<Long> resolved,
      boolean sendResolved, long repeatMillis, long nowMillis) {
    if (last == null) {
      return !firing.isEmpty();
    }
    if (!last.firing().containsAll(firing)) {
      return true;
    }
    if (firing.isEmpty()) {
      // All resolved: tell the receiver only if it had been told about firing ones.
      return !last.firing().isEmpty();
    }
    if (sendResolved && !last.resolved().containsAll(resolved)) {
      return true;
    }
    return last.timestampMillis() <= nowMillis - repeatMillis;
  }

  private NotificationData data(String receiver, Dispatcher.Flush f, List<AmAlert> alerts) {
    List<NotificationData.AlertData> out = new ArrayList<>(alerts.size());
    Labels common = null;
    Labels commonAnn = null;
    for (AmAlert a : alerts) {
      boolean res = a.resolvedAt(f.nowMillis());
      // A firing alert has no end yet for the receiver, as Alertmanager sends it.
      out.add(new NotificationData.AlertData(res, a.labels(), a.annotations(),
          a.startsAtMillis(), res ? a.endsAtMillis() : 0, a.generatorUrl(), a.fingerprintHex()));
      common = common == null ? a.labels() : intersect(common, a.labels());
      commonAnn = commonAnn == null ? a.annotations() : intersect(commonAnn, a.annotations());
    }
    return new NotificationData(receiver, f.groupKey(), f.groupLabels(), out,
        common == null ? Labels.EMPTY : common, commonAnn == null ? Labels.EMPTY : commonAnn,
        externalUrl, 0);
  }

  private static Labels intersect(Labels a, Labels b) {
    Labels.Builder out = new Labels.Builder();
    for (int i = 0; i < a.size(); i++) {
      if (a.value(i).equals(b.get(a.name(i)))) {
        out.set(a.name(i), a.value(i));
      }
    }
    return out.build();
  }
}
