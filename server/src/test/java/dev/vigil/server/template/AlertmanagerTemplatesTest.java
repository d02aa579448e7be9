package dev.vigil.server.template;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.server.alerting.NotificationData;
import dev.vigil.server.alerting.NotificationData.AlertData;
import dev.vigil.server.model.Labels;
import dev.vigil.server.testing.SharedDir;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Alertmanager's functions and data, and its default.tmpl running against our data. */
class AlertmanagerTemplatesTest {
  private static final long T0 = 1_700_000_000_000L; // 2023-11-14T22:13:20Z
  private static final Clock CLOCK = Clock.fixed(Instant.ofEpochMilli(T0 + 3_723_500),
      ZoneOffset.UTC);

  static NotificationData sample() {
    AlertData firing = new AlertData(false,
        Labels.of("alertname", "Down", "env", "prod", "instance", "a:9100", "severity", "critical"),
        Labels.of("summary", "a is down", "description", "it <really> is"), T0, 0,
        "http://prom/graph?g0.expr=up", "0123456789abcdef");
    AlertData resolved = new AlertData(true,
        Labels.of("alertname", "Down", "env", "prod", "instance", "b:9100"),
        Labels.of("summary", "b was down"), T0 - 60_000, T0 + 1_000,
        "http://prom/graph?g0.expr=up", "fedcba9876543210");
    return new NotificationData("team-x.(ops)", "{}:{alertname=\"Down\"}",
        Labels.of("alertname", "Down"), List.of(firing, resolved),
        Labels.of("alertname", "Down", "env", "prod"), Labels.of(),
        "http://am.example.com:9093", 0);
  }

  private static String run(String text) throws TemplateException {
    return GoTemplate.parse("t", text, AlertmanagerTemplates.funcs(CLOCK)).missingKeyZero(true)
        .execute(AlertmanagerTemplates.data(sample()));
  }

  static Stream<Arguments> cases() {
    return Stream.of(
        Arguments.of("{{ .Receiver }} {{ .Status }} {{ .ExternalURL }}",
            "team-x\\.\\(ops\\) firing http://am.example.com:9093"),
        Arguments.of("{{ len .Alerts }} {{ len .Alerts.Firing }} {{ .Alerts.Resolved | len }}",
            "2 1 1"),
        Arguments.of("{{ range .Alerts }}{{ .Status }}:{{ .Labels.instance }}:{{ .Fingerprint }} {{ end }}",
            "firing:a:9100:0123456789abcdef resolved:b:9100:fedcba9876543210 "),
        Arguments.of("{{ range .Alerts.Firing }}{{ .Annotations.summary }}{{ .Labels.nope }}{{ end }}",
            "a is down"),
        Arguments.of("{{ .GroupLabels.SortedPairs.Values | join \" \" }}", "Down"),
        Arguments.of("{{ range .CommonLabels.SortedPairs }}{{ .Name }}={{ .Value }};{{ end }}",
            "alertname=Down;env=prod;"),
        Arguments.of("{{ .CommonLabels.Names }} {{ .CommonLabels.Values }}",
            "[alertname env] [Down prod]"),
        Arguments.of("{{ with .CommonLabels.Remove .GroupLabels.Names }}{{ .Values | join \",\" }}{{ end }}",
            "prod"),
        Arguments.of("{{ (index .Alerts 0).Labels.Remove (stringSlice \"env\" \"severity\") }}",
            "map[alertname:Down instance:a:9100]"),
        Arguments.of("{{ index .CommonLabels \"env\" }}|{{ index .CommonLabels \"nope\" }}|{{ .CommonLabels.nope }}",
            "prod||"),
        Arguments.of("{{ range $k, $v := .CommonLabels }}{{ $k }}{{ $v }}{{ end }}", "alertnameDownenvprod"),
        Arguments.of("{{ if gt (len .CommonLabels) (len .GroupLabels) }}more{{ end }}", "more"),
        Arguments.of("{{ (index .Alerts 0).StartsAt }}", "2023-11-14 22:13:20 +0000 UTC"),
        Arguments.of("{{ (index .Alerts 0).EndsAt }}", "0001-01-01 00:00:00 +0000 UTC"),
        Arguments.of("{{ (index .Alerts 0).StartsAt.Format \"Jan 2, 2006 at 3:04pm (MST)\" }}",
            "Nov 14, 2023 at 10:13pm (UTC)"),
        Arguments.of("{{ date \"2006-01-02T15:04:05.000Z07:00\" (index .Alerts 1).EndsAt }}",
            "2023-11-14T22:13:21.000Z"),
        Arguments.of("{{ (index .Alerts 0).StartsAt | tz \"Europe/Paris\" | date \"Mon 02 Jan 15:04 MST -07:00\" }}",
            "Tue 14 Nov 23:13 CET +01:00"),
        Arguments.of("{{ since (index .Alerts 0).StartsAt }} {{ since (index .Alerts 0).StartsAt | humanizeDuration }}",
            "1h2m3.5s 1h 2m 3s"),
        Arguments.of("{{ now }}", "2023-11-14 23:15:23.5 +0000 UTC"),
        Arguments.of("{{ toUpper \"a\" }}{{ toLower \"B\" }} {{ title \"don't stop\" }} [{{ trimSpace \"  x \\n\" }}]",
            "Ab Don'T Stop [x]"),
        Arguments.of("{{ match \"^D\" .CommonLabels.alertname }} {{ reReplaceAll \"(.)own\" \"$1!\" \"Down\" }}",
            "true D!"),
        Arguments.of("{{ safeHtml \"<b>\" }} {{ safeUrl \"http://x\" }} {{ urlUnescape \"a%20b+c\" }}",
            "<b> http://x a b c"),
        Arguments.of("{{ base64encode \"a?b\" }} {{ base64decode \"YT9i\" }}", "YT9i a?b"),
        Arguments.of("{{ list 1 \"a\" }} {{ append (list 1) 2 3 }} {{ (dict \"k\" \"v\").k }}",
            "[1 a] [1 2 3] v"),
        Arguments.of("{{ .CommonLabels | toJson }}", "{\"alertname\":\"Down\",\"env\":\"prod\"}"),
        Arguments.of("{{ (index .Alerts 1) | toJson }}",
            "{\"status\":\"resolved\",\"labels\":{\"alertname\":\"Down\",\"env\":\"prod\","
                + "\"instance\":\"b:9100\"},\"annotations\":{\"summary\":\"b was down\"},"
                + "\"startsAt\":\"2023-11-14T22:12:20Z\",\"endsAt\":\"2023-11-14T22:13:21Z\","
                + "\"generatorURL\":\"http://prom/graph?g0.expr=up\",\"fingerprint\":\"fedcba9876543210\"}"),
        Arguments.of("{{ toJson (list 1.5 1e21 0.0000001 \"<&>\" true nil) }}",
            "[1.5,1e+21,1e-7,\"\\u003c\\u0026\\u003e\",true,null]"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void functionsAndDataLikeAlertmanager(String text, String expected) throws TemplateException {
    assertThat(run(text)).isEqualTo(expected);
  }

  @Test
  void errors() {
    assertThatThrownBy(() -> run("{{ .Alerts.Nope }}"))
        .hasMessageContaining("can't evaluate field Nope in type template.Alerts");
    assertThatThrownBy(() -> run("{{ date \"2006\" .Status }}"))
        .hasMessageContaining("error calling date: wrong type for value; expected time.Time; got string");
    assertThatThrownBy(() -> run("{{ tz \"Mars/Olympus\" (index .Alerts 0).StartsAt }}"))
        .hasMessageContaining("error calling tz: unknown time zone Mars/Olympus");
    assertThatThrownBy(() -> run("{{ urlUnescape \"%zz\" }}"))
        .hasMessageContaining("invalid URL escape \"%zz\"");
    assertThatThrownBy(() -> run("{{ join \",\" (list 1 2) }}"))
        .hasMessageContaining("expected []string");
  }

  /** Every template of Alertmanager's default.tmpl parses and runs against our data. */
  @Test
  void defaultTemplatesRun() throws Exception {
    Path file = SharedDir.require("reference/alertmanager").resolve("default.tmpl");
    String text = Files.readString(file);
    GoTemplate t = GoTemplate.parse("default.tmpl", text, AlertmanagerTemplates.funcs(CLOCK))
        .missingKeyZero(true);
    Matcher m = Pattern.compile("\\{\\{-?\\s*define \"([^\"]+)\"").matcher(text);
    List<String> names = new ArrayList<>();
    while (m.find()) {
      names.add(m.group(1));
    }
    assertThat(names).hasSizeGreaterThan(40);
    Object data = AlertmanagerTemplates.data(sample());
    Object alerts = ((TemplateObject) data).field("Alerts", List.of());
    for (String name : names) {
      assertThat(t.has(name)).as(name).isTrue();
      // The alert-list helpers (and pagerduty instances) take a list of alerts, as callers pass them.
      boolean takesAlerts = name.contains("alert_list") || name.equals("pagerduty.default.instances");
      t.execute(name, takesAlerts ? alerts : data);
    }
    assertThat(t.execute("__subject", data)).isEqualTo("[FIRING:1] Down (prod)");
    assertThat(t.execute("slack.default.titlelink", data))
        .isEqualTo("http://am.example.com:9093/#/alerts?receiver=team-x%5C.%5C%28ops%5C%29");
    assertThat(t.execute("slack.default.color", data)).isEqualTo("danger");
    assertThat(t.execute("__text_alert_list", alerts))
        .startsWith("Labels:\n - alertname = Down\n - env = prod\n - instance = a:9100\n")
        .contains("Annotations:\n - description = it <really> is\n - summary = a is down\n"
            + "Source: http://prom/graph?g0.expr=up\n");
  }
}
