package dev.vigil.server.alerting;

import dev.vigil.server.alerting.config.InhibitRule;
import dev.vigil.server.model.Labels;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Alertmanager's inhibition: an alert matching a rule's target matchers is muted while a firing
 * alert matches the rule's source matchers and has the same values for the rule's
 * {@code equal} labels (a missing label equals an empty one). An alert that matches both sides
 * of a rule cannot be inhibited by alerts that also match both sides, itself included, so that
 * no alert mutes itself. Immutable and thread-safe.
 */
public final class Inhibitor {
  private final List<InhibitRule> rules;

  public Inhibitor(List<InhibitRule> rules) {
    this.rules = List.copyOf(rules);
  }

  /**
   * Whether {@code target} is inhibited by one of {@code firingAlerts} (which may contain the
   * target itself). To check many targets against the same alerts, use {@link #prepare}.
   */
  public boolean inhibited(Labels target, Collection<Labels> firingAlerts) {
    return prepare(firingAlerts).inhibitedBy(target) != null;
  }

  /**
   * Indexes the firing alerts by rule and equal-label values, so that checking many targets
   * against the same alerts costs a hash lookup per rule instead of a scan. The result is
   * immutable and does not follow later changes of the collection.
   */
  public Prepared prepare(Collection<Labels> firingAlerts) {
    List<Map<List<String>, List<Labels>>> index = new ArrayList<>(rules.size());
    for (InhibitRule r : rules) {
      Map<List<String>, List<Labels>> sources = new HashMap<>();
      for (Labels a : firingAlerts) {
        if (Matchers.matches(r.sourceMatchers(), a)) {
          sources.computeIfAbsent(equalValues(r, a), k -> new ArrayList<>(1)).add(a);
        }
      }
      index.add(sources);
    }
    return new Prepared(index);
  }

  private static List<String> equalValues(InhibitRule r, Labels l) {
    List<String> v = new ArrayList<>(r.equal().size());
    for (String name : r.equal()) {
      String s = l.get(name);
      v.add(s == null ? "" : s);
    }
    return v;
  }

  /** Firing alerts indexed for {@link #inhibitedBy}; immutable and thread-safe. */
  public final class Prepared {
    private final List<Map<List<String>, List<Labels>>> index;

    private Prepared(List<Map<List<String>, List<Labels>>> index) {
      this.index = index;
    }

    /** The labels of a firing alert that inhibits {@code target}, or null when none does. */
    public Labels inhibitedBy(Labels target) {
      for (int i = 0; i < rules.size(); i++) {
        InhibitRule r = rules.get(i);
        if (!Matchers.matches(r.targetMatchers(), target)) {
          continue;
        }
        List<Labels> sources = index.get(i).get(equalValues(r, target));
        if (sources == null) {
          continue;
        }
        boolean bothSides = Matchers.matches(r.sourceMatchers(), target);
        for (Labels s : sources) {
          if (bothSides && Matchers.matches(r.targetMatchers(), s)) {
            continue;
          }
          return s;
        }
      }
      return null;
    }
  }
}
