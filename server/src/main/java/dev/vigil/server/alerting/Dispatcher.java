package dev.vigil.server.alerting;

import dev.vigil.server.model.Labels;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Routes alerts into aggregation groups, one per (route, values of the route's
 * {@code group_by} labels), and flushes each group to its notifier: first {@code group_wait}
 * after the group appeared (at once for an alert that started longer ago than that), then every
 * {@code group_interval}. Whether a flush sends anything (changes, {@code repeat_interval},
 * silences) is the notifier's decision. After a successful flush, resolved alerts that were not
 * updated meanwhile leave the group, and an empty group goes away.
 *
 * <p>Thread-safe. A configuration change makes a new dispatcher (see {@link Alertmanager}).
 */
public final class Dispatcher {
  private static final Logger LOG = LoggerFactory.getLogger(Dispatcher.class);
  private static final Comparator<AmAlert> ORDER = Comparator
      .comparingLong(AmAlert::startsAtMillis)
      .thenComparing(a -> Fingerprints.hex(a.fingerprint()));

  /** What one flush of one group hands to the notifier. */
  public record Flush(Route route, String groupKey, Labels groupLabels, List<AmAlert> alerts,
      long nowMillis, long deadlineMillis) {}

  /** Sends a group's notifications; true when every integration succeeded. */
  @FunctionalInterface
  public interface Notifier {
    boolean notify(Flush flush);
  }

  /** A read-only view of one group for the API. */
  public record GroupView(Route route, Labels labels, String groupKey, List<AmAlert> alerts) {}

  private final Route root;
  private final Notifier notifier;
  private final Scheduler scheduler;
  private final int maxGroups;
  /** Per route (by identity: two routes may look alike), the groups by their labels. */
  private final Map<Route, Map<Labels, Group>> groups = new IdentityHashMap<>();
  private int groupCount;
  private long refusedGroups;
  private boolean stopped;

  public Dispatcher(Route root, Notifier notifier, Scheduler scheduler, int maxGroups) {
    this.root = root;
    this.notifier = notifier;
    this.scheduler = scheduler;
    this.maxGroups = maxGroups;
  }

  /** Adds or updates an alert in every group its routes give it. */
  public void insert(AmAlert alert) {
    long now = scheduler.nowMillis();
    for (Route r : root.match(alert.labels())) {
      Labels gl = groupLabels(alert.labels(), r);
      synchronized (this) {
        if (stopped) {
          return;
        }
        Map<Labels, Group> byLabels = groups.computeIfAbsent(r, k -> new HashMap<>());
        Group g = byLabels.get(gl);
        if (g == null) {
          if (groupCount >= maxGroups) {
            refusedGroups++;
            LOG.warn("Too many aggregation groups ({}), alert {} not routed to {}", maxGroups,
                alert.labels(), r.key());
            continue;
          }
          g = new Group(r, gl, r.key() + ":" + format(gl));
          byLabels.put(gl, g);
          groupCount++;
          Group ng = g;
          // Under the group's lock: with group_wait 0 the flush can run before schedule()
          // returns, and it must find its timer set.
          synchronized (g) {
            g.timer = scheduler.schedule(r.groupWait().toMillis(), () -> trigger(ng));
          }
        }
        synchronized (g) {
          g.alerts.put(alert.fingerprint(), alert);
          // An alert that started long enough ago need not wait: the sender already held it.
          if (!g.hasFlushed && alert.startsAtMillis() + r.groupWait().toMillis() < now) {
            g.timer.cancel();
            Group tg = g;
            g.timer = scheduler.schedule(0, () -> trigger(tg));
          }
        }
      }
    }
  }

  /** The group labels of an alert on a route: its values of {@code group_by}, or all. */
  static Labels groupLabels(Labels alert, Route r) {
    if (r.groupByAll()) {
      return alert;
    }
    Labels.Builder b = new Labels.Builder();
    for (int i = 0; i < alert.size(); i++) {
      if (r.groupBy().contains(alert.name(i))) {
        b.set(alert.name(i), alert.value(i));
      }
    }
    return b.build();
  }

  /** A label set as Alertmanager prints one in group keys: {@code {a="1", b="2"}}. */
  public static String format(Labels l) {
    StringBuilder sb = new StringBuilder("{");
    for (int i = 0; i < l.size(); i++) {
      if (i > 0) {
        sb.append(", ");
      }
      sb.append(l.name(i)).append("=\"");
      String v = l.value(i);
      for (int j = 0; j < v.length(); j++) {
        char c = v.charAt(j);
        switch (c) {
          case '\\' -> sb.append("\\\\");
          case '"' -> sb.append("\\\"");
          case '\n' -> sb.append("\\n");
          case '\t' -> sb.append("\\t");
          case '\r' -> sb.append("\\r");
          default -> sb.append(c);
        }
      }
      sb.append('"');
    }
    return sb.append('}').toString();
  }

  private void trigger(Group g) {
    scheduler.execute(() -> flush(g));
  }

  private void flush(Group g) {
    long now = scheduler.nowMillis();
    List<AmAlert> snapshot;
    synchronized (g) {
      if (g.removed) {
        return;
      }
      if (g.flushing) {
        // The previous flush is still retrying; go again when it is done.
        g.again = true;
        return;
      }
      g.flushing = true;
      g.hasFlushed = true;
      g.timer.cancel();
      g.timer = scheduler.schedule(g.route.groupInterval().toMillis(), () -> trigger(g));
      snapshot = new ArrayList<>(g.alerts.values());
    }
    snapshot.sort(ORDER);
    boolean ok;
    try {
      ok = notifier.notify(new Flush(g.route, g.groupKey, g.labels, snapshot, now,
          now + g.route.groupInterval().toMillis()));
    } catch (RuntimeException e) {
      LOG.error("Notifying group {} failed", g.groupKey, e);
      ok = false;
    }
    boolean again;
    synchronized (this) {
      synchronized (g) {
        g.flushing = false;
        if (ok) {
          for (AmAlert a : snapshot) {
            // Only the version that was sent: an update that arrived meanwhile stays.
            if (a.resolvedAt(now) && g.alerts.get(a.fingerprint()) == a) {
              g.alerts.remove(a.fingerprint());
            }
          }
        }
        if (g.alerts.isEmpty() && !g.removed) {
          g.removed = true;
          g.timer.cancel();
          Map<Labels, Group> byLabels = groups.get(g.route);
          if (byLabels != null && byLabels.remove(g.labels) != null) {
            groupCount--;
            if (byLabels.isEmpty()) {
              groups.remove(g.route);
            }
          }
        }
        again = g.again && !g.removed;
        g.again = false;
      }
    }
    if (again) {
      trigger(g);
    }
  }

  /** A copy of every group and its alerts. */
  public List<GroupView> groups() {
    List<GroupView> out = new ArrayList<>();
    synchronized (this) {
      for (Map<Labels, Group> byLabels : groups.values()) {
        for (Group g : byLabels.values()) {
          synchronized (g) {
            List<AmAlert> as = new ArrayList<>(g.alerts.values());
            as.sort(ORDER);
            out.add(new GroupView(g.route, g.labels, g.groupKey, as));
          }
        }
      }
    }
    out.sort(Comparator.comparing(GroupView::groupKey));
    return out;
  }

  public synchronized int groupCount() {
    return groupCount;
  }

  /** Groups not made because {@code maxGroups} were there. */
  public synchronized long refusedGroups() {
    return refusedGroups;
  }

  /** Cancels every timer; alerts inserted later are ignored. */
  public void stop() {
    synchronized (this) {
      stopped = true;
      for (Map<Labels, Group> byLabels : groups.values()) {
        for (Group g : byLabels.values()) {
          synchronized (g) {
            g.removed = true;
            g.timer.cancel();
          }
        }
      }
      groups.clear();
      groupCount = 0;
    }
  }

  private static final class Group {
    final Route route;
    final Labels labels;
    final String groupKey;
    final Map<Long, AmAlert> alerts = new LinkedHashMap<>();
    Scheduler.Cancellable timer;
    boolean hasFlushed;
    boolean flushing;
    boolean again;
    boolean removed;

    Group(Route route, Labels labels, String groupKey) {
      this.route = route;
      this.labels = labels;
      this.groupKey = groupKey;
    }
  }
}
