package dev.vigil.server.alerting.receivers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.abort;

import dev.vigil.server.alerting.NotificationData;
import dev.vigil.server.alerting.NotificationData.AlertData;
import dev.vigil.server.model.Labels;
import dev.vigil.server.template.AlertmanagerTemplates;
import dev.vigil.server.template.GoTemplate;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Vigil's default templates print what Alertmanager's default.tmpl prints for the same data.
 * The reference file is read at test time from the shared specification directory.
 */
class DefaultTemplatesTest {
  static final Path REFERENCE = Path.of("/work/shared/reference/alertmanager/default.tmpl");

  /** Template names both files define, and the name in ours that must match each. */
  static final List<String[]> NAMES = List.of(
      new String[] {"slack.default.title", "slack.default.title"},
      new String[] {"slack.default.username", "slack.default.username"},
      new String[] {"slack.default.fallback", "slack.default.fallback"},
      new String[] {"slack.default.callbackid", "slack.default.callbackid"},
      new String[] {"slack.default.pretext", "slack.default.pretext"},
      new String[] {"slack.default.titlelink", "slack.default.titlelink"},
      new String[] {"slack.default.iconemoji", "slack.default.iconemoji"},
      new String[] {"slack.default.iconurl", "slack.default.iconurl"},
      new String[] {"slack.default.text", "slack.default.text"},
      new String[] {"slack.default.footer", "slack.default.footer"},
      new String[] {"slack.default.color", "slack.default.color"},
      new String[] {"__subject", "__subject"},
      new String[] {"__alertmanager", "__alertmanager"},
      new String[] {"__alertmanagerURL", "__alertmanagerURL"},
      new String[] {"__description", "__description"},
      // Alertmanager's email subject is its __subject.
      new String[] {"__subject", "email.default.subject"});

  static GoTemplate reference() throws Exception {
    if (!Files.isReadable(REFERENCE)) {
      if ("true".equals(System.getenv("CI"))) {
        fail(REFERENCE + " is missing, and CI=true");
      }
      abort(REFERENCE + " is missing; skipping the comparison with Alertmanager's templates");
    }
    return GoTemplate.parse("default.tmpl", Files.readString(REFERENCE),
        AlertmanagerTemplates.funcs());
  }

  static Stream<Arguments> cases() {
    AlertData plain = new AlertData(false, Labels.of("alertname", "Up"), Labels.EMPTY,
        1_700_000_000_000L, 0, "", "0000000000000001");
    return Stream.of(
        Arguments.of("firing and resolved, extra common label", Samples.data()),
        Arguments.of("resolved only", Samples.resolved()),
        Arguments.of("no group labels, receiver to escape", new NotificationData(
            "team a&b/c", "{}:{}", Labels.EMPTY, List.of(plain), Labels.of("alertname", "Up"),
            Labels.EMPTY, "https://am.example/prefix", 0)),
        Arguments.of("group labels equal common labels", new NotificationData("r", "{}:{}",
            Labels.of("alertname", "Up"), List.of(plain), Labels.of("alertname", "Up"),
            Labels.EMPTY, "", 0)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void rendersWhatAlertmanagersDefaultsRender(String name, NotificationData data)
      throws Exception {
    GoTemplate ref = reference();
    NotificationTemplates ours = NotificationTemplates.defaults();
    Object refData = AlertmanagerTemplates.data(data);
    for (String[] n : NAMES) {
      assertThat(ours.execute(n[1], data)).as(n[1]).isEqualTo(ref.execute(n[0], refData));
    }
    for (String list : new String[] {"__text_alert_list", "__text_alert_list_markdown"}) {
      String call = "{{ template \"" + list + "\" .Alerts }}";
      assertThat(ours.render(call, data)).as(list)
          .isEqualTo(ref.with("call", call).execute("call", refData));
    }
  }

  @Test
  void subjectsAsAlertmanagerPrintsThem() throws Exception {
    NotificationTemplates t = NotificationTemplates.defaults();
    assertThat(t.execute("email.default.subject", Samples.data()))
        .isEqualTo("[FIRING:2] DiskFull (page)");
    assertThat(t.execute("slack.default.title", Samples.resolved()))
        .isEqualTo("[RESOLVED] Down (api)");
    assertThat(t.execute("slack.default.color", Samples.resolved())).isEqualTo("good");
    assertThat(t.execute("slack.default.color", Samples.data())).isEqualTo("danger");
    assertThat(t.execute("slack.default.fallback", Samples.data()))
        .isEqualTo("[FIRING:2] DiskFull (page) | http://am.example:9093/#/alerts?receiver=team-db");
  }

  @Test
  void redefinitionsReachTheSameMessagesAsInAlertmanager(
      @org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
    Path f = dir.resolve("mine.tmpl");
    Files.writeString(f, "{{ define \"__subject\" }}{{ .Status }}!{{ end }}"
        + "{{ define \"__alertmanagerURL\" }}http://mine{{ end }}");
    NotificationTemplates t = NotificationTemplates.load(List.of(f.toString()));
    assertThat(t.execute("email.default.subject", Samples.data())).isEqualTo("firing!");
    assertThat(t.execute("slack.default.title", Samples.data())).isEqualTo("firing!");
    assertThat(t.execute("slack.default.fallback", Samples.data()))
        .isEqualTo("firing! | http://mine");
    assertThat(t.execute("email.default.html", Samples.data())).contains("href=\"http://mine\"");
  }

  @Test
  void emailHtmlEscapesValues() throws Exception {
    AlertData a = new AlertData(false, Labels.of("alertname", "X<script>", "env", "a&b"),
        Labels.of("summary", "\"quoted\" <b>"), 1_700_000_000_000L, 0, "http://x/?a=1&b=2",
        "0000000000000002");
    NotificationData d = new NotificationData("r<1>", "{}:{}", Labels.of("alertname",
        "X<script>"), List.of(a), a.labels(), a.annotations(), "http://am", 0);
    String html = NotificationTemplates.defaults().execute("email.default.html", d);
    assertThat(html).startsWith("<!DOCTYPE html>").contains("X&lt;script&gt;")
        .contains("a&amp;b").contains("&#34;quoted&#34; &lt;b&gt;")
        .contains("href=\"http://x/?a=1&amp;b=2\"").contains("1 firing, 0 resolved")
        .doesNotContain("<script>").doesNotContain("r<1>");
  }
}
