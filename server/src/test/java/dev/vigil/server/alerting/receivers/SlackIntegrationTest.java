package dev.vigil.server.alerting.receivers;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.vigil.server.alerting.Integration;
import dev.vigil.server.alerting.NotifyException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Slack through the factory: defaults, custom templates, template files, failures. */
class SlackIntegrationTest {
  @RegisterExtension
  static WireMockExtension slack = WireMockExtension.newInstance()
      .options(wireMockConfig().dynamicPort()).build();

  private Integration slack(String yaml, Path dir, List<String> templates) throws Exception {
    Samples.Created c = Samples.create("slack", yaml.replace("PORT",
        String.valueOf(slack.getPort())), dir, templates);
    assertThat(c.problems()).isEmpty();
    return c.integration();
  }

  @Test
  void defaultMessageMatchesAlertmanagers() throws Exception {
    slack.stubFor(post("/services/T/B/X").willReturn(aResponse().withBody("ok")));
    Integration s = slack("""
        global:
          slack_api_url: http://127.0.0.1:PORT/services/T/B/X
        entry:
          channel: '#db'
        """, null, List.of());
    assertThat(s.sendResolved()).isFalse();
    s.send(Samples.data());
    slack.verify(postRequestedFor(urlEqualTo("/services/T/B/X"))
        .withHeader("Content-Type", equalTo("application/json"))
        .withRequestBody(equalToJson("""
            {"channel":"#db","username":"Alertmanager","attachments":[{
              "title":"[FIRING:2] DiskFull (page)",
              "title_link":"http://am.example:9093/#/alerts?receiver=team-db",
              "text":"",
              "fallback":"[FIRING:2] DiskFull (page) | http://am.example:9093/#/alerts?receiver=team-db",
              "callback_id":"","footer":"","color":"danger",
              "mrkdwn_in":["fallback","pretext","text"]}]}""")));
  }

  @Test
  void templatedFieldsAndTemplateFiles(@TempDir Path dir) throws Exception {
    slack.stubFor(post("/hook").willReturn(aResponse().withBody("ok")));
    Files.writeString(dir.resolve("team.tmpl"), """
        {{ define "slack.default.title" }}Team DB: {{ .CommonLabels.alertname }}{{ end }}
        {{ define "team.text" }}{{ range .Alerts }}{{ .Annotations.summary }}
        {{ end }}{{ end }}
        """);
    Integration s = slack("""
        entry:
          api_url: http://127.0.0.1:PORT/hook
          send_resolved: true
          text: '{{ template "team.text" . }}'
          color: '{{ if eq .Status "firing" }}#ff0000{{ else }}#00ff00{{ end }}'
          fields:
          - {title: Severity, value: '{{ .CommonLabels.severity }}', short: true}
        """, dir, List.of(dir.resolve("team.tmpl").toString()));
    s.send(Samples.data());
    slack.verify(postRequestedFor(urlEqualTo("/hook")).withRequestBody(equalToJson("""
        {"username":"Alertmanager","attachments":[{
          "title":"Team DB: DiskFull",
          "title_link":"http://am.example:9093/#/alerts?receiver=team-db",
          "text":"disk full on db1\\ndisk full on db2\\ndisk full on db3\\n",
          "fallback":"Team DB: DiskFull | http://am.example:9093/#/alerts?receiver=team-db",
          "callback_id":"",
          "fields":[{"title":"Severity","value":"page","short":true}],
          "footer":"","color":"#ff0000",
          "mrkdwn_in":["fallback","pretext","text"]}]}""")));
  }

  @Test
  void apiUrlFileIsReadOnEverySend(@TempDir Path dir) throws Exception {
    slack.stubFor(post("/one").willReturn(aResponse().withBody("ok")));
    slack.stubFor(post("/two").willReturn(aResponse().withBody("ok")));
    Path url = dir.resolve("slack-url");
    Files.writeString(url, "http://127.0.0.1:" + slack.getPort() + "/one\n");
    Integration s = slack("entry: {api_url_file: slack-url}\n", dir, List.of());
    s.send(Samples.data());
    Files.writeString(url, "http://127.0.0.1:" + slack.getPort() + "/two\n");
    s.send(Samples.data());
    assertThat(slack.findAll(postRequestedFor(urlEqualTo("/one")))).hasSize(1);
    assertThat(slack.findAll(postRequestedFor(urlEqualTo("/two")))).hasSize(1);
  }

  @Test
  void slackRefusalIsNotRetryableAndServerErrorsAre() throws Exception {
    slack.stubFor(post("/bad").willReturn(aResponse().withBody("invalid_token")));
    slack.stubFor(post("/down").willReturn(aResponse().withStatus(503).withBody("later")));
    Integration bad = slack("entry: {api_url: 'http://127.0.0.1:PORT/bad'}\n", null, List.of());
    assertThatThrownBy(() -> bad.send(Samples.data())).isInstanceOfSatisfying(
        NotifyException.class, e -> assertThat(e.retryable()).isFalse());
    Integration down = slack("entry: {api_url: 'http://127.0.0.1:PORT/down'}\n", null,
        List.of());
    assertThatThrownBy(() -> down.send(Samples.data())).isInstanceOfSatisfying(
        NotifyException.class, e -> {
          assertThat(e.retryable()).isTrue();
          assertThat(e.getMessage()).isEqualTo("slack http://127.0.0.1:" + slack.getPort()
              + "/<redacted>: unexpected status code 503: later");
        });
  }

  @Test
  void aTemplateFailingAtSendTimeIsNotRetried() throws Exception {
    Integration s = slack("entry: {api_url: 'http://127.0.0.1:PORT/never', "
        + "title: '{{ template \"no.such.template\" . }}'}\n", null, List.of());
    assertThatThrownBy(() -> s.send(Samples.data())).isInstanceOfSatisfying(
        NotifyException.class, e -> {
          assertThat(e.retryable()).isFalse();
          assertThat(e.getMessage()).startsWith("slack: template: ").contains("no.such.template");
        });
    assertThat(slack.findAll(postRequestedFor(urlEqualTo("/never")))).isEmpty();
  }

  @Test
  void badTemplatesAreRefusedWhenLoading(@TempDir Path dir) throws Exception {
    Samples.Created c = Samples.create("slack",
        "entry: {api_url: 'http://s/', title: '{{ .Status '}\n", null, List.of());
    assertThat(c.integration()).isNull();
    assertThat(c.problems()).hasSize(1);
    assertThat(c.problems().get(0)).startsWith("am.yml:1:31: receivers[0].slack_configs[0].title: ");
    Files.writeString(dir.resolve("bad.tmpl"), "{{ define \"x\" }}{{ end");
    c = Samples.create("slack", "entry: {api_url: 'http://s/'}\n", dir,
        List.of(dir.resolve("bad.tmpl").toString()));
    assertThat(c.integration()).isNull();
    assertThat(c.problems().get(0)).contains("template file does not parse").contains("bad.tmpl");
  }
}
