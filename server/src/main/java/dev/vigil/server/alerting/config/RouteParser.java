package dev.vigil.server.alerting.config;

import dev.vigil.server.alerting.Route;
import dev.vigil.server.config.Fields;
import dev.vigil.server.config.Node;
import dev.vigil.server.config.ParseContext;
import dev.vigil.server.model.Matcher;
import dev.vigil.server.model.LabelNames;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Reads the {@code route} tree and checks what Alertmanager checks: the root has a receiver, no
 * matchers and no time intervals; every receiver and time interval named exists; group_by holds
 * valid, distinct label names or only {@code ...}; group_interval and repeat_interval are not 0.
 */
final class RouteParser {
  private final ParseContext ctx;
  private final Set<String> receivers;
  private final Set<String> timeIntervals;

  RouteParser(ParseContext ctx, Set<String> receivers, Set<String> timeIntervals) {
    this.ctx = ctx;
    this.receivers = receivers;
    this.timeIntervals = timeIntervals;
  }

  /** The root route; null when absent (reported). */
  Route.Spec root(Fields top) {
    Node n = top.node("route");
    if (n == null) {
      ctx.error(top.self(), "route", "no route provided in config");
      return null;
    }
    Fields f = new Fields(ctx, n, "route", "route");
    Route.Spec root = route(f);
    if (root.receiver() == null || root.receiver().isEmpty()) {
      ctx.error(n, "route", "root route must specify a default receiver");
    }
    if (!root.matchers().isEmpty()) {
      ctx.error(n, "route", "root route must not have any matchers");
    }
    if (!root.muteTimeIntervals().isEmpty()) {
      f.error("mute_time_intervals", "root route must not have any mute time intervals");
    }
    if (!root.activeTimeIntervals().isEmpty()) {
      f.error("active_time_intervals", "root route must not have any active time intervals");
    }
    return root;
  }

  private Route.Spec route(Fields f) {
    String receiver = f.string("receiver", null);
    if (receiver != null && !receiver.isEmpty() && !receivers.contains(receiver)) {
      f.error("receiver", "undefined receiver \"" + receiver + "\" used in route");
    }
    if (receiver != null && receiver.isEmpty()) {
      receiver = null;
    }
    // An empty list inherits, as in Alertmanager, where it leaves the option unset.
    List<String> groupBy = f.has("group_by") ? groupBy(f) : null;
    if (groupBy != null && groupBy.isEmpty()) {
      groupBy = null;
    }
    boolean cont = f.bool("continue", false);
    List<Matcher> matchers = MatcherFields.read(f, "match", "match_re", "matchers");
    Duration wait = f.duration("group_wait", null);
    Duration interval = nonZero(f, "group_interval");
    Duration repeat = nonZero(f, "repeat_interval");
    List<String> mute = intervalNames(f, "mute_time_intervals");
    List<String> active = intervalNames(f, "active_time_intervals");
    List<Route.Spec> children = new ArrayList<>();
    List<Node> items = f.items("routes");
    for (int i = 0; i < items.size(); i++) {
      children.add(route(new Fields(ctx, items.get(i), f.path("routes") + "[" + i + "]",
          "route")));
    }
    // Route labels (templated, merged down the tree) are a recent addition Vigil lacks.
    f.unsupported("labels");
    f.finish();
    return new Route.Spec(receiver, groupBy, cont, matchers, wait, interval, repeat, mute, active,
        children);
  }

  private List<String> groupBy(Fields f) {
    List<String> names = f.strings("group_by");
    Node.Sequence seq = f.node("group_by") instanceof Node.Sequence s ? s : null;
    Set<String> seen = new HashSet<>();
    boolean all = false;
    for (int i = 0; i < names.size(); i++) {
      String n = names.get(i);
      Node at = seq.items().get(i);
      String path = f.path("group_by") + "[" + i + "]";
      if (n.equals(Route.GROUP_BY_ALL)) {
        all = true;
      } else if (!LabelNames.isValid(n)) {
        ctx.error(at, path, "invalid label name \"" + n + "\" in group_by list");
      } else if (!seen.add(n)) {
        ctx.error(at, path, "duplicated label \"" + n + "\" in group_by");
      }
    }
    if (all && names.size() > 1) {
      f.error("group_by", "cannot have wildcard group_by ('...') and other labels at the same "
          + "time");
    }
    return names;
  }

  private static Duration nonZero(Fields f, String key) {
    Duration d = f.duration(key, null);
    if (d != null && d.isZero()) {
      f.error(key, key + " cannot be zero");
      return null;
    }
    return d;
  }

  private List<String> intervalNames(Fields f, String key) {
    List<String> names = f.strings(key);
    for (int i = 0; i < names.size(); i++) {
      if (!timeIntervals.contains(names.get(i))) {
        Node at = ((Node.Sequence) f.node(key)).items().get(i);
        ctx.error(at, f.path(key) + "[" + i + "]", "undefined time interval \"" + names.get(i)
            + "\" used in route");
      }
    }
    return names;
  }
}
