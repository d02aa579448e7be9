package dev.vigil.server.alerting.receivers;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.vigil.server.alerting.NotifyException;
import dev.vigil.server.config.HttpClientConfig;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SlackMessageTest {
  @RegisterExtension
  static WireMockExtension slack = WireMockExtension.newInstance()
      .options(wireMockConfig().dynamicPort()).build();

  static SlackMessage.Attachment attachment(String title, List<SlackMessage.Field> fields,
      List<SlackMessage.Action> actions) {
    return new SlackMessage.Attachment(title, "http://am/#/alerts", "", "", "fb", "", fields,
        actions, "", "", "", "danger", List.of("fallback", "pretext", "text"));
  }

  @Test
  void encodesLikeAlertmanagerLeavingOutEmptyOptionalFields() {
    SlackMessage m = new SlackMessage("#ops", "Alertmanager", "", "", false, "",
        attachment("[FIRING:1] Down", List.of(), List.of()));
    assertThat(new String(m.encode())).isEqualTo("{\"channel\":\"#ops\",\"username\":"
        + "\"Alertmanager\",\"attachments\":[{\"title\":\"[FIRING:1] Down\",\"title_link\":"
        + "\"http://am/#/alerts\",\"text\":\"\",\"fallback\":\"fb\",\"callback_id\":\"\","
        + "\"footer\":\"\",\"color\":\"danger\",\"mrkdwn_in\":[\"fallback\",\"pretext\","
        + "\"text\"]}]}");
  }

  @Test
  void encodesFieldsActionsAndTopLevelText() {
    SlackMessage m = new SlackMessage("", "", ":fire:", "", true, "<!here> look",
        attachment("t", List.of(new SlackMessage.Field("Severity", "page", true)),
            List.of(new SlackMessage.Action("button", "Runbook", "http://wiki/x", "primary", "",
                "", new SlackConfig.Confirm("Sure?", "", "Yes", "")))));
    assertThat(new String(m.encode())).isEqualTo("{\"icon_emoji\":\":fire:\",\"link_names\":"
        + "true,\"text\":\"<!here> look\",\"attachments\":[{\"title\":\"t\",\"title_link\":"
        + "\"http://am/#/alerts\",\"text\":\"\",\"fallback\":\"fb\",\"callback_id\":\"\","
        + "\"fields\":[{\"title\":\"Severity\",\"value\":\"page\",\"short\":true}],"
        + "\"actions\":[{\"type\":\"button\",\"text\":\"Runbook\",\"url\":\"http://wiki/x\","
        + "\"style\":\"primary\",\"confirm\":{\"text\":\"Sure?\",\"ok_text\":\"Yes\"}}],"
        + "\"footer\":\"\",\"color\":\"danger\",\"mrkdwn_in\":[\"fallback\",\"pretext\","
        + "\"text\"]}]}");
  }

  @Test
  void longTitlesAreCutToSlacksLimitWithAnEllipsis() {
    String title = "é".repeat(2000);
    String cut = SlackMessage.truncate(title, SlackMessage.MAX_TITLE_RUNES);
    assertThat(cut.codePointCount(0, cut.length())).isEqualTo(1024);
    assertThat(cut).endsWith("é…");
    assertThat(SlackMessage.truncate("short", 1024)).isEqualTo("short");
  }

  @ParameterizedTest(name = "{0} {1} → {3}")
  @CsvSource(delimiter = '|', textBlock = """
      text/html                  | ok                                   | true  | delivered
      text/plain                 | invalid_payload                      | false | slack http://127.0.0.1:PORT/<redacted>: error response from Slack: invalid_payload
      text/plain                 | no_service                           | false | slack http://127.0.0.1:PORT/<redacted>: error response from Slack: no_service
      application/json           | '{"ok":true,"ts":"1"}'               | true  | delivered
      application/json           | '{"ok":false,"error":"not_in_channel"}' | false | slack http://127.0.0.1:PORT/<redacted>: error response from Slack: not_in_channel
      """)
  void slackAnswersAreChecked(String contentType, String body, boolean ok, String outcome)
      throws Exception {
    slack.stubFor(post("/services/T0/B0/XXXX").willReturn(aResponse().withStatus(200)
        .withHeader("Content-Type", contentType).withBody(body)));
    HttpPost http = new HttpPost("slack", HttpClientConfig.DEFAULT, Duration.ZERO);
    String url = "http://127.0.0.1:" + slack.getPort() + "/services/T0/B0/XXXX";
    HttpPost.Answer a = http.post(url, HttpPost.redact(url), "{}".getBytes());
    if (ok) {
      SlackMessage.checkAnswer(a, HttpPost.redact(url));
    } else {
      assertThatThrownBy(() -> SlackMessage.checkAnswer(a, HttpPost.redact(url)))
          .isInstanceOfSatisfying(NotifyException.class, e -> {
            assertThat(e.retryable()).isFalse();
            assertThat(e.getMessage()).isEqualTo(
                outcome.replace("PORT", String.valueOf(slack.getPort())));
          });
    }
  }
}
