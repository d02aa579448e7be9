package dev.vigil.server.alerting;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.server.alerting.config.AmConfig;
import dev.vigil.server.alerting.config.AmConfigLoader;
import dev.vigil.server.model.Alert;
import dev.vigil.server.model.Labels;
import dev.vigil.server.model.Matcher;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Grouping, timing, inhibition, silences, retries and dedup on a fake clock. */
class AlertmanagerTimingTest {
  static final long T0 = Instant.parse("2024-01-01T00:00:00Z").toEpochMilli();
  static final long DAY = 86_400_000L;
  static final String YAML = """
      global:
        resolve_timeout: 5m
      route:
        receiver: team
        group_by: [alertname]
        group_wait: 30s
        group_interval: 5m
        repeat_interval: 1h
        routes:
          - matchers: ['severity="page"']
            receiver: pager
            group_wait: 10s
      inhibit_rules:
        - source_matchers: ['severity="critical"']
          target_matchers: ['severity="warning"']
          equal: [cluster]
      receivers:
        - name: team
          webhook_configs:
            - url: http://team.example/hook
        - name: pager
          webhook_configs:
            - url: http://pager.example/hook
              send_resolved: false
      """;

  @TempDir
  Path dir;
  final FakeScheduler clock = new FakeScheduler(T0);
  RecordingFactory factory = new RecordingFactory();
  Alertmanager am;

  AmConfig config(String yaml) throws Exception {
    return AmConfigLoader.parse(yaml, "alertmanager.yml", dir, factory);
  }

  Alertmanager start() throws Exception {
    Alertmanager a = new Alertmanager(Alertmanager.Options.defaults().withScheduler(clock)
        .withStoragePath(dir).withExternalUrl("http://am.example"));
    a.applyConfig(config(YAML));
    return a;
  }

  @AfterEach
  void close() {
    if (am != null) {
      am.close();
    }
  }

  /** A firing alert that ends in a day, starting now. */
  void fire(String... labels) {
    am.sink().send(List.of(new Alert(Labels.of(labels), Labels.of("summary", "s"),
        clock.nowMillis(), T0 + DAY, "http://gen")));
  }

  void resolve(long startsAt, String... labels) {
    am.sink().send(List.of(new Alert(Labels.of(labels), Labels.of("summary", "s"), startsAt,
        clock.nowMillis(), "http://gen")));
  }

  RecordingFactory.Recording team() {
    return factory.get("team");
  }

  @Test
  void groupWaitThenGroupIntervalThenRepeatInterval() throws Exception {
    am = start();
    fire("alertname", "A", "instance", "1");
    clock.advanceSeconds(29);
    assertThat(team().sent()).isEmpty();
    clock.advanceSeconds(1);
    assertThat(team().summary()).containsExactly("firing: A/firing");
    NotificationData d = team().sent().get(0);
    assertThat(d.groupKey()).isEqualTo("{}:{alertname=\"A\"}");
    assertThat(d.groupLabels()).isEqualTo(Labels.of("alertname", "A"));
    assertThat(d.receiver()).isEqualTo("team");
    assertThat(d.externalUrl()).isEqualTo("http://am.example");
    assertThat(d.alerts().get(0).endsAtMillis()).isZero();
    assertThat(d.alerts().get(0).fingerprint())
        .isEqualTo(Fingerprints.hex(Labels.of("alertname", "A", "instance", "1")));

    clock.advanceSeconds(30); // t=60s: a second alert of the same group waits for the interval
    fire("alertname", "A", "instance", "2");
    clock.advanceSeconds(269); // t=329s
    assertThat(team().sent()).hasSize(1);
    clock.advanceSeconds(1); // t=330s
    assertThat(team().summary()).last().isEqualTo("firing: A/firing,A/firing");
    assertThat(team().sent().get(1).commonLabels()).isEqualTo(Labels.of("alertname", "A"));

    // Unchanged: nothing until repeat_interval (1h) after the last send, on the interval grid.
    clock.advanceSeconds(3930 - 330 - 1);
    assertThat(team().sent()).hasSize(2);
    clock.advanceSeconds(1);
    assertThat(team().sent()).hasSize(3);
    assertThat(am.groups()).hasSize(1);
  }

  @Test
  void resolvedAlertIsNotifiedThenGroupGoes() throws Exception {
    am = start();
    fire("alertname", "A");
    fire("alertname", "P", "severity", "page");
    clock.advanceSeconds(30);
    assertThat(team().summary()).containsExactly("firing: A/firing");
    assertThat(factory.get("pager").summary()).containsExactly("firing: P/firing");
    assertThat(am.groups()).hasSize(2);

    clock.advanceSeconds(60);
    resolve(T0, "alertname", "A");
    resolve(T0, "alertname", "P", "severity", "page");
    clock.advanceSeconds(240); // t=330s for the team group, pager's flushed at 310s
    assertThat(team().summary()).containsExactly("firing: A/firing", "resolved: A/resolved");
    assertThat(team().sent().get(1).alerts().get(0).endsAtMillis()).isEqualTo(T0 + 90_000);
    // send_resolved: false — nothing more for the pager, yet its group is gone too.
    assertThat(factory.get("pager").summary()).containsExactly("firing: P/firing");
    assertThat(am.groups()).isEmpty();
  }

  @Test
  void alertOlderThanGroupWaitIsSentAtOnce() throws Exception {
    am = start();
    am.sink().send(List.of(new Alert(Labels.of("alertname", "Old"), Labels.EMPTY,
        T0 - 3_600_000, T0 + DAY, "")));
    clock.advance(0);
    assertThat(team().summary()).containsExactly("firing: Old/firing");
  }

  @Test
  void inhibitionHoldsTargetUntilSourceResolves() throws Exception {
    am = start();
    fire("alertname", "Src", "severity", "critical", "cluster", "x");
    fire("alertname", "Tgt", "severity", "warning", "cluster", "x");
    fire("alertname", "Other", "severity", "warning", "cluster", "y");
    clock.advanceSeconds(30);
    assertThat(team().summary()).containsExactlyInAnyOrder("firing: Src/firing",
        "firing: Other/firing");
    clock.advanceSeconds(30);
    resolve(T0, "alertname", "Src", "severity", "critical", "cluster", "x");
    clock.advanceSeconds(270); // t=330s: all three groups flush
    assertThat(team().summary()).hasSize(4).contains("resolved: Src/resolved",
        "firing: Tgt/firing");
  }

  @Test
  void silenceSuppressesThenReleases() throws Exception {
    am = start();
    String id = am.silences().set(new Silence("", List.of(Matcher.equal("alertname", "A")),
        T0, T0 + 600_000, T0, "me", "maintenance"));
    fire("alertname", "A");
    clock.advanceSeconds(30);
    clock.advanceSeconds(300);
    assertThat(team().sent()).isEmpty();
    assertThat(am.status(am.store().list().get(0), am.firingAlerts()).silencedBy())
        .containsExactly(id);
    clock.advanceSeconds(300); // t=630s, the silence ended at 600s
    assertThat(team().summary()).containsExactly("firing: A/firing");
  }

  @Test
  void retriesWithBackoffThenRecordsHistory() throws Exception {
    am = start();
    fire("alertname", "A");
    team().failNext(2, true);
    clock.advanceSeconds(30);
    assertThat(team().calls).isEqualTo(3);
    assertThat(team().sent()).hasSize(1);
    assertThat(clock.slept).isEqualTo(500 + 1000);
    List<NotificationHistory.Attempt> h = am.history().list("team", 0, 0);
    assertThat(h).extracting(NotificationHistory.Attempt::attempt).containsExactly(3, 2, 1);
    assertThat(h).extracting(NotificationHistory.Attempt::ok).containsExactly(true, false, false);
    assertThat(h.get(1).error()).contains("503");
    assertThat(h.get(0).alertnames()).containsExactly("A");
  }

  @Test
  void permanentFailureIsNotRetriedButTheNextFlushTriesAgain() throws Exception {
    am = start();
    fire("alertname", "A");
    team().failNext(1, false);
    clock.advanceSeconds(30);
    assertThat(team().calls).isEqualTo(1);
    assertThat(team().sent()).isEmpty();
    clock.advanceSeconds(300);
    assertThat(team().summary()).containsExactly("firing: A/firing");
  }

  @Test
  void restartSendsNothingTwice() throws Exception {
    am = start();
    fire("alertname", "A");
    clock.advanceSeconds(30);
    assertThat(team().sent()).hasSize(1);
    am.close();

    factory = new RecordingFactory();
    am = start();
    // The sender re-sends its firing alert, as Prometheus does.
    am.sink().send(List.of(new Alert(Labels.of("alertname", "A"), Labels.of("summary", "s"),
        T0, T0 + DAY, "http://gen")));
    clock.advanceSeconds(300);
    assertThat(team().sent()).isEmpty();
    clock.advanceSeconds(3600);
    assertThat(team().sent()).hasSize(1);
  }

  @Test
  void reloadDropsGroupsOfRemovedRoutes() throws Exception {
    am = start();
    fire("alertname", "P", "severity", "page");
    clock.advanceSeconds(10);
    assertThat(am.groups()).extracting(g -> g.route().receiver()).containsExactly("pager");
    am.applyConfig(config(YAML.replace("""
          routes:
            - matchers: ['severity="page"']
              receiver: pager
              group_wait: 10s
        """, "")));
    assertThat(am.groups()).extracting(g -> g.route().receiver()).containsExactly("team");
  }

  @Test
  void muteAndActiveTimeIntervals() throws Exception {
    am = new Alertmanager(Alertmanager.Options.defaults().withScheduler(clock));
    am.applyConfig(config("""
        route:
          receiver: team
          group_by: [alertname]
          routes:
            - matchers: [when="night"]
              receiver: team
              active_time_intervals: [first-hour]
            - matchers: [when="day"]
              receiver: team
              mute_time_intervals: [first-hour]
        time_intervals:
          - name: first-hour
            time_intervals:
              - times: [{start_time: "00:00", end_time: "01:00"}]
        receivers:
          - name: team
            webhook_configs:
              - url: http://team.example/hook
        """));
    fire("alertname", "Night", "when", "night");
    fire("alertname", "Day", "when", "day");
    clock.advanceSeconds(30); // 00:00:30, inside first-hour
    assertThat(team().summary()).containsExactly("firing: Night/firing");
    assertThat(am.mutedBy(am.groups().stream().filter(g -> g.labels().get("alertname")
        .equals("Day")).findFirst().orElseThrow().route())).containsExactly("first-hour");
    clock.advanceSeconds(3300); // 00:55:30, still inside
    assertThat(team().summary()).containsExactly("firing: Night/firing");
    clock.advanceSeconds(300); // 01:00:30: the day route may send, the night route may not
    assertThat(team().summary()).containsExactly("firing: Night/firing", "firing: Day/firing");
    clock.advanceSeconds(4 * 3600); // repeat_interval: Day again, Night is outside its hours
    assertThat(team().summary()).containsExactly("firing: Night/firing", "firing: Day/firing",
        "firing: Day/firing");
  }

  @Test
  void repeatIntervalLongerThanRetentionRepeatsAtRetention() throws Exception {
    am = new Alertmanager(Alertmanager.Options.defaults().withScheduler(clock)
        .withRetention(java.time.Duration.ofHours(2), java.time.Duration.ofHours(2)));
    am.applyConfig(config(YAML.replace("repeat_interval: 1h", "repeat_interval: 4h")));
    fire("alertname", "A");
    clock.advanceSeconds(30);
    assertThat(team().sent()).hasSize(1);
    clock.advanceSeconds(7200 - 1); // the log entry expires 2h after the send, at 02:00:30
    assertThat(team().sent()).hasSize(1);
    clock.advanceSeconds(1);
    assertThat(team().sent()).hasSize(2);
  }
}
