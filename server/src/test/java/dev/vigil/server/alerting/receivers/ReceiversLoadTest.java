package dev.vigil.server.alerting.receivers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.server.alerting.Integration;
import dev.vigil.server.alerting.config.AmConfig;
import dev.vigil.server.alerting.config.AmConfigLoader;
import dev.vigil.server.config.ConfigException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Whole alertmanager.yml files loaded with {@link Receivers} as the integration factory. */
class ReceiversLoadTest {
  @Test
  void loadsEveryIntegrationTypeWithGlobalsAndTemplates(@TempDir Path dir) throws Exception {
    Files.createDirectories(dir.resolve("templates"));
    Files.writeString(dir.resolve("templates/team.tmpl"),
        "{{ define \"slack.default.title\" }}team {{ .Status }}{{ end }}");
    AmConfig c = AmConfigLoader.parse("""
        global:
          slack_api_url: https://hooks.slack.com/services/T/B/X
          smtp_smarthost: smtp.example.org:587
          smtp_from: alerts@example.org
          resolve_timeout: 5m
        templates: ['templates/*.tmpl']
        route:
          receiver: team
        receivers:
        - name: team
          slack_configs: [{channel: '#a'}, {channel: '#b', send_resolved: true}]
          webhook_configs: [{url: 'http://hooks.internal/x'}]
          email_configs: [{to: 'oncall@example.org'}]
        """, "am.yml", dir, new Receivers());
    java.util.List<Integration> in = c.receivers().get("team").integrations();
    assertThat(in).extracting(i -> i.type() + "/" + i.index() + "/" + i.sendResolved())
        .containsExactlyInAnyOrder("slack/0/false", "slack/1/true", "webhook/0/true",
            "email/0/false");
    SlackIntegration slack = (SlackIntegration) in.stream()
        .filter(i -> i.type().equals("slack")).findFirst().orElseThrow();
    assertThat(slack.render(Samples.data()).attachment().title()).isEqualTo("team firing");
  }

  @Test
  void problemsOfAllEntriesAreReportedTogetherInFileOrder() {
    assertThatThrownBy(() -> AmConfigLoader.parse("""
        route:
          receiver: team
        receivers:
        - name: team
          slack_configs:
          - channel: '#a'
          webhook_configs:
          - url_file: /x
            payload: {a: b}
          email_configs:
          - to: a@b.c
            from: x@b.c
            smarthost: nohost
        """, "am.yml", null, new Receivers()))
        .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.getMessage())
            .contains("am.yml:6:5: receivers[0].slack_configs[0].api_url: no global Slack API"
                + " URL set either inline or in a file")
            .contains("am.yml:9:5: receivers[0].webhook_configs[0].payload: payload is not"
                + " supported by Vigil")
            .contains("am.yml:13:5: receivers[0].email_configs[0].smarthost: invalid smarthost"
                + " \"nohost\""));
  }

  /** Found by fuzzing: an email entry relying on a bad global smarthost threw a NullPointer. */
  @Test
  void aBadGlobalSmarthostIsAConfigErrorForItsEmailEntries() {
    assertThatThrownBy(() -> AmConfigLoader.parse("""
        global:
          smtp_smarthost: mail.example.com:5<7
          smtp_from: am@example.com
        route:
          receiver: team
        receivers:
        - name: team
          email_configs: [{to: 'a@example.com'}, {to: 'b@example.com'}]
        """, "am.yml", null, new Receivers()))
        .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems())
            .containsExactly("am.yml:2:3: global.smtp_smarthost: invalid smarthost"
                + " \"mail.example.com:5<7\": expected host:port, e.g. smtp.example.org:587"));
  }
}
