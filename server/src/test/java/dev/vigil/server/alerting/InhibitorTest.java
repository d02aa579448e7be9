package dev.vigil.server.alerting;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.server.alerting.config.InhibitRule;
import dev.vigil.server.model.Labels;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Inhibition with the rules of deep-tree.yml (one with matchers, one with legacy maps). */
class InhibitorTest {
  /** Target labels, firing alerts separated by '|', whether the target is inhibited. */
  private static final String[][] CASES = {
    // Rule 1: severity=critical mutes warning/info with the same alertname and cluster.
    {"alertname=X cluster=a severity=warning", "alertname=X cluster=a severity=critical", "true"},
    {"alertname=X cluster=a severity=info", "alertname=X cluster=a severity=critical", "true"},
    {"alertname=X cluster=a severity=warning", "alertname=X cluster=b severity=critical",
        "false"},
    {"alertname=X cluster=a severity=warning", "alertname=Y cluster=a severity=critical",
        "false"},
    {"alertname=X cluster=a severity=page", "alertname=X cluster=a severity=critical", "false"},
    // A label missing on both sides counts as equal (both empty)...
    {"alertname=X severity=warning", "alertname=X severity=critical", "true"},
    // ...but missing on one side only does not.
    {"alertname=X severity=warning", "alertname=X cluster=a severity=critical", "false"},
    // Without a firing source, nothing is inhibited.
    {"alertname=X cluster=a severity=warning", "", "false"},
    {"alertname=X cluster=a severity=warning", "alertname=X cluster=a severity=warning", "false"},
    // Rule 2: NodeDown mutes every alert of the same instance...
    {"alertname=DiskFull instance=i1", "alertname=NodeDown instance=i1", "true"},
    {"alertname=DiskFull instance=i2", "alertname=NodeDown instance=i1", "false"},
    {"alertname=DiskFull instance=i2",
        "alertname=NodeDown instance=i1|alertname=NodeDown instance=i2", "true"},
    // ...but NodeDown matches both sides, so it cannot inhibit itself, nor another NodeDown.
    {"alertname=NodeDown instance=i1", "alertname=NodeDown instance=i1", "false"},
    {"alertname=NodeDown instance=i1 job=a", "alertname=NodeDown instance=i1 job=b", "false"},
    // A both-sides target can still be inhibited by a source that does not match the target
    // side: here a critical NodeDown (rule 1 source) mutes a warning NodeDown (both rules).
    {"alertname=NodeDown instance=i1 severity=warning",
        "alertname=NodeDown instance=i1 severity=critical", "true"},
  };

  /** The table, for AlertmanagerCoreInteropTest. */
  static String[][] cases() {
    return CASES.clone();
  }

  static Labels labels(String spaced) {
    return spaced.isEmpty() ? Labels.EMPTY : RouteTest.labels(spaced);
  }

  @Test
  void table() throws Exception {
    Inhibitor inhibitor = new Inhibitor(RouteTest.load("deep-tree.yml").inhibitRules());
    for (String[] c : CASES) {
      List<Labels> firing = new ArrayList<>();
      for (String a : c[1].split("\\|")) {
        if (!a.isEmpty()) {
          firing.add(labels(a));
        }
      }
      Labels target = labels(c[0]);
      boolean want = Boolean.parseBoolean(c[2]);
      assertThat(inhibitor.inhibited(target, firing)).as(c[0] + " by " + c[1]).isEqualTo(want);
      // The firing list usually holds the target too; that changes nothing.
      List<Labels> withTarget = new ArrayList<>(firing);
      withTarget.add(target);
      assertThat(inhibitor.prepare(withTarget).inhibitedBy(target) != null)
          .as(c[0] + " by " + c[1] + " and itself").isEqualTo(want);
    }
  }

  @Test
  void inhibitedByNamesTheSource() throws Exception {
    Inhibitor inhibitor = new Inhibitor(RouteTest.load("deep-tree.yml").inhibitRules());
    Labels source = labels("alertname=NodeDown instance=i1");
    Inhibitor.Prepared p = inhibitor.prepare(List.of(labels("alertname=NodeDown instance=i2"),
        source));
    assertThat(p.inhibitedBy(labels("alertname=DiskFull instance=i1"))).isEqualTo(source);
    assertThat(p.inhibitedBy(labels("alertname=DiskFull instance=i3"))).isNull();
  }

  @Test
  void emptyEqualAndEmptyMatchers() {
    // No equal labels: any source mutes any target. No target matchers: every alert is a target.
    InhibitRule rule = new InhibitRule(Matchers.parse("alertname=Maintenance"), List.of(),
        List.of());
    Inhibitor inhibitor = new Inhibitor(List.of(rule));
    List<Labels> firing = List.of(labels("alertname=Maintenance"));
    assertThat(inhibitor.inhibited(labels("alertname=Anything env=x"), firing)).isTrue();
    // The source matches both sides (no target matchers), so it is not muted by itself.
    assertThat(inhibitor.inhibited(labels("alertname=Maintenance"), firing)).isFalse();
    assertThat(new Inhibitor(List.of()).inhibited(labels("a=b"), firing)).isFalse();
  }
}
