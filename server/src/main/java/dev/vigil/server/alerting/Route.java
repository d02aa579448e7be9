package dev.vigil.server.alerting;

import dev.vigil.server.model.Labels;
import dev.vigil.server.model.Matcher;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/**
 * A node of the routing tree, immutable and thread-safe. Options not set on a node are inherited
 * from its parent, and the root's from Alertmanager's defaults (group_wait 30s, group_interval
 * 5m, repeat_interval 4h, no grouping). Time intervals are not inherited, as in Alertmanager.
 * Built from a validated {@link Spec} by {@link #tree}; the configuration loader checks names
 * and labels before.
 */
public final class Route {
  public static final Duration DEFAULT_GROUP_WAIT = Duration.ofSeconds(30);
  public static final Duration DEFAULT_GROUP_INTERVAL = Duration.ofMinutes(5);
  public static final Duration DEFAULT_REPEAT_INTERVAL = Duration.ofHours(4);
  /** The {@code group_by} entry that means "every label". */
  public static final String GROUP_BY_ALL = "...";

  /**
   * One route as written; null (or, for lists, null) means "inherit from the parent".
   *
   * @param groupBy label names, or {@code ["..."]} for all labels; null inherits
   * @param matchers the node's matchers (legacy match/match_re already folded in)
   * @param routes children, in file order
   */
  public record Spec(String receiver, List<String> groupBy, boolean continueMatching,
      List<Matcher> matchers, Duration groupWait, Duration groupInterval, Duration repeatInterval,
      List<String> muteTimeIntervals, List<String> activeTimeIntervals, List<Spec> routes) {
    public Spec {
      groupBy = groupBy == null ? null : List.copyOf(groupBy);
      matchers = List.copyOf(matchers);
      muteTimeIntervals = List.copyOf(muteTimeIntervals);
      activeTimeIntervals = List.copyOf(activeTimeIntervals);
      routes = List.copyOf(routes);
    }
  }

  private final Route parent;
  private final String receiver;
  private final Set<String> groupBy;
  private final boolean groupByAll;
  private final Duration groupWait;
  private final Duration groupInterval;
  private final Duration repeatInterval;
  private final List<String> muteTimeIntervals;
  private final List<String> activeTimeIntervals;
  private final List<Matcher> matchers;
  private final boolean continueMatching;
  private final List<Route> children;
  private final String key;
  private final String id;

  private Route(Spec s, Route parent, int index) {
    this.parent = parent;
    this.receiver = s.receiver() != null ? s.receiver() : parent == null ? "" : parent.receiver;
    if (s.groupBy() != null) {
      this.groupByAll = s.groupBy().contains(GROUP_BY_ALL);
      this.groupBy = groupByAll ? Set.of()
          : Collections.unmodifiableSet(new LinkedHashSet<>(s.groupBy()));
    } else {
      this.groupByAll = parent != null && parent.groupByAll;
      this.groupBy = parent == null ? Set.of() : parent.groupBy;
    }
    this.groupWait = pick(s.groupWait(), parent == null ? DEFAULT_GROUP_WAIT : parent.groupWait);
    this.groupInterval = pick(s.groupInterval(),
        parent == null ? DEFAULT_GROUP_INTERVAL : parent.groupInterval);
    this.repeatInterval = pick(s.repeatInterval(),
        parent == null ? DEFAULT_REPEAT_INTERVAL : parent.repeatInterval);
    this.muteTimeIntervals = s.muteTimeIntervals();
    this.activeTimeIntervals = s.activeTimeIntervals();
    // Alertmanager sorts a route's matchers; the key and ID show them in that order.
    this.matchers = Matchers.sorted(s.matchers());
    this.continueMatching = s.continueMatching();
    String own = Matchers.format(matchers);
    this.key = parent == null ? own : parent.key + "/" + own;
    this.id = parent == null ? own : parent.id + "/" + own + "/" + index;
    List<Route> kids = new ArrayList<>(s.routes().size());
    for (int i = 0; i < s.routes().size(); i++) {
      kids.add(new Route(s.routes().get(i), this, i));
    }
    this.children = List.copyOf(kids);
  }

  /** Builds the tree whose root is {@code root}. */
  public static Route tree(Spec root) {
    return new Route(root, null, 0);
  }

  private static Duration pick(Duration own, Duration inherited) {
    return own != null ? own : inherited;
  }

  /**
   * The routes an alert with these labels goes to, in tree order: the deepest matching nodes,
   * where a matching child stops the search among its siblings unless it has {@code continue};
   * a matching node without matching children is itself the result. Empty when this node does
   * not match.
   */
  public List<Route> match(Labels alert) {
    if (!Matchers.matches(matchers, alert)) {
      return List.of();
    }
    List<Route> all = new ArrayList<>();
    for (Route child : children) {
      List<Route> m = child.match(alert);
      all.addAll(m);
      if (!m.isEmpty() && !child.continueMatching) {
        break;
      }
    }
    if (all.isEmpty()) {
      all.add(this);
    }
    return all;
  }

  /** Visits this node and its descendants, depth first, in file order. */
  public void walk(Consumer<Route> visitor) {
    visitor.accept(this);
    for (Route c : children) {
      c.walk(visitor);
    }
  }

  /**
   * Alertmanager's route key: the matchers of each node from the root down, joined by '/', e.g.
   * {@code {}/{env="prod"}}. Siblings with the same matchers share a key; it prefixes group keys.
   */
  public String key() {
    return key;
  }

  /** Alertmanager's route ID: like the key, with each node's index among its siblings added. */
  public String id() {
    return id;
  }

  /** The parent, or null for the root. */
  public Route parent() {
    return parent;
  }

  public String receiver() {
    return receiver;
  }

  /** The labels to group by, in file order; empty when {@link #groupByAll()} or unset. */
  public Set<String> groupBy() {
    return groupBy;
  }

  /** Whether {@code group_by: ['...']}: every alert label is a group label. */
  public boolean groupByAll() {
    return groupByAll;
  }

  public Duration groupWait() {
    return groupWait;
  }

  public Duration groupInterval() {
    return groupInterval;
  }

  public Duration repeatInterval() {
    return repeatInterval;
  }

  /** Names of the time intervals during which this route sends nothing (not inherited). */
  public List<String> muteTimeIntervals() {
    return muteTimeIntervals;
  }

  /** Names of the time intervals outside which this route sends nothing; empty = always. */
  public List<String> activeTimeIntervals() {
    return activeTimeIntervals;
  }

  public List<Route> children() {
    return children;
  }

  /** The node's own matchers, sorted by name, value, type. */
  public List<Matcher> matchers() {
    return matchers;
  }

  public boolean continueMatching() {
    return continueMatching;
  }

  @Override
  public String toString() {
    return id + " receiver=" + receiver;
  }
}
