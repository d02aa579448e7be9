package dev.vigil.server.alerting;

import dev.vigil.server.model.Alert;
import dev.vigil.server.model.AlertSink;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * The alerts the alert handling knows, one per fingerprint, merged as Alertmanager merges
 * versions of an alert (see {@link AmAlert#merge}). Bounded: once {@code maxAlerts} are held, new
 * fingerprints are refused and counted, while updates of known ones still go in. Resolved alerts
 * stay until {@link #gc()} (aggregation groups keep their own copies until they were notified).
 *
 * <p>Thread-safe. Listeners run on the putting thread after the store took the alerts, in
 * order; they must be quick and must not call back into {@link #put}.
 */
public final class AlertStore implements AlertSink {
  private final int maxAlerts;
  private final LongSupplier clock;
  private volatile long resolveTimeoutMillis;
  private final Map<Long, AmAlert> alerts = new HashMap<>();
  private final List<Consumer<AmAlert>> listeners = new CopyOnWriteArrayList<>();
  private final AtomicLong refused = new AtomicLong();
  private final AtomicLong version = new AtomicLong();
  private final AtomicLong invalid = new AtomicLong();
  private final AtomicLong receivedFiring = new AtomicLong();
  private final AtomicLong receivedResolved = new AtomicLong();

  /**
   * @param maxAlerts how many alerts it holds at most
   * @param resolveTimeoutMillis {@code resolve_timeout} for alerts without an end
   * @param clock Unix milliseconds
   */
  public AlertStore(int maxAlerts, long resolveTimeoutMillis, LongSupplier clock) {
    if (maxAlerts <= 0) {
      throw new IllegalArgumentException("maxAlerts must be positive, got " + maxAlerts);
    }
    this.maxAlerts = maxAlerts;
    this.resolveTimeoutMillis = resolveTimeoutMillis;
    this.clock = clock;
  }

  /** Sets {@code resolve_timeout} for alerts received from now on (configuration reload). */
  public void resolveTimeout(long millis) {
    this.resolveTimeoutMillis = millis;
  }

  public long resolveTimeoutMillis() {
    return resolveTimeoutMillis;
  }

  /** Called with every alert version the store took (the merged one). */
  public void addListener(Consumer<AmAlert> listener) {
    listeners.add(listener);
  }

  public void removeListener(Consumer<AmAlert> listener) {
    listeners.remove(listener);
  }

  /**
   * The embedded path: alerts from rule evaluation, completed as on receipt. Alerts without
   * labels are invalid and counted, never stored.
   */
  @Override
  public void send(List<Alert> batch) {
    long now = clock.getAsLong();
    List<AmAlert> ok = new ArrayList<>(batch.size());
    for (Alert a : batch) {
      if (a.labels().isEmpty()) {
        invalid.incrementAndGet();
        continue;
      }
      ok.add(AmAlert.received(a, now, resolveTimeoutMillis));
    }
    put(ok);
  }

  /** Counts an alert the API refused as invalid (alertmanager_alerts_invalid_total). */
  public void countInvalid() {
    invalid.incrementAndGet();
  }

  /**
   * Takes completed alerts; returns how many were refused because the store was full.
   */
  public int put(List<AmAlert> batch) {
    long now = clock.getAsLong();
    List<AmAlert> taken = new ArrayList<>(batch.size());
    int refusedHere = 0;
    synchronized (alerts) {
      for (AmAlert a : batch) {
        if (a.resolvedAt(now)) {
          receivedResolved.incrementAndGet();
        } else {
          receivedFiring.incrementAndGet();
        }
        AmAlert old = alerts.get(a.fingerprint());
        if (old == null && alerts.size() >= maxAlerts) {
          refusedHere++;
          continue;
        }
        AmAlert merged = a;
        // Merge only versions whose active ranges overlap, as Alertmanager does; otherwise the
        // new version starts a new life of the alert.
        if (old != null && ((a.endsAtMillis() > old.startsAtMillis()
            && a.endsAtMillis() < old.endsAtMillis())
            || (a.startsAtMillis() > old.startsAtMillis()
            && a.startsAtMillis() < old.endsAtMillis()))) {
          merged = old.merge(a, now);
        }
        alerts.put(a.fingerprint(), merged);
        taken.add(merged);
      }
    }
    refused.addAndGet(refusedHere);
    if (!taken.isEmpty()) {
      version.incrementAndGet();
    }
    for (AmAlert a : taken) {
      for (Consumer<AmAlert> l : listeners) {
        l.accept(a);
      }
    }
    return refusedHere;
  }

  /** The alert with this fingerprint, or null. */
  public AmAlert get(long fingerprint) {
    synchronized (alerts) {
      return alerts.get(fingerprint);
    }
  }

  /** Changes whenever an alert is taken or dropped; equal values mean the same alerts. */
  public long version() {
    return version.get();
  }

  /** A copy of every alert held, in no particular order. */
  public List<AmAlert> list() {
    synchronized (alerts) {
      return new ArrayList<>(alerts.values());
    }
  }

  public int size() {
    synchronized (alerts) {
      return alerts.size();
    }
  }

  /** Drops resolved alerts; returns how many. */
  public int gc() {
    long now = clock.getAsLong();
    synchronized (alerts) {
      int before = alerts.size();
      alerts.values().removeIf(a -> a.resolvedAt(now));
      if (alerts.size() != before) {
        version.incrementAndGet();
      }
      return before - alerts.size();
    }
  }

  /** New alerts refused because the store was full, since start. */
  public long refused() {
    return refused.get();
  }

  public long invalid() {
    return invalid.get();
  }

  /** Alerts received, by whether they were firing or resolved on receipt. */
  public long received(boolean resolved) {
    return resolved ? receivedResolved.get() : receivedFiring.get();
  }
}
