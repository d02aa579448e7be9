package dev.vigil.server.alerting.receivers;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.server.config.Fields;
import dev.vigil.server.config.Node;
import dev.vigil.server.config.ParseContext;
import dev.vigil.server.config.YamlTreeReader;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Parsing of slack and email entries: global defaults, and refusals with file:line:column. */
class ReceiverConfigTest {
  record Parsed(Object config, List<String> problems) {}

  static Parsed parse(String type, String yaml) throws Exception {
    Node.Mapping root = (Node.Mapping) YamlTreeReader.read(yaml, "am.yml");
    ParseContext ctx = new ParseContext("am.yml", Path.of("/etc/am"), n -> null);
    Node g = root.entries().get("global");
    GlobalDefaults globals = GlobalDefaults.parse(g instanceof Node.Mapping m ? m
        : (Node.Mapping) YamlTreeReader.read("{}", "am.yml"), ctx);
    Fields f = new Fields(ctx, root.entries().get("entry"), "receivers[0]." + type
        + "_configs[0]", type + "_config");
    Object c = type.equals("slack") ? SlackConfig.parse(f, globals)
        : EmailConfig.parse(f, globals);
    return new Parsed(c, ctx.sortedProblems());
  }

  @Test
  void slackDefaultsComeFromGlobalAndAlertmanagersTemplates() throws Exception {
    Parsed p = parse("slack", """
        global:
          slack_api_url_file: secrets/slack
          http_config:
            authorization: {credentials: xoxb-1}
        entry:
          channel: '#ops'
        """);
    assertThat(p.problems()).isEmpty();
    SlackConfig c = (SlackConfig) p.config();
    assertThat(c.apiUrl()).isNull();
    assertThat(c.apiUrlFile()).isEqualTo("/etc/am/secrets/slack");
    assertThat(c.http().authorization().credentials()).isEqualTo("xoxb-1");
    assertThat(c.sendResolved()).isFalse();
    assertThat(c.title()).isEqualTo("{{ template \"slack.default.title\" . }}");
    assertThat(c.color()).isEqualTo("{{ template \"slack.default.color\" . }}");
    assertThat(c.mrkdwnIn()).containsExactly("fallback", "pretext", "text");
  }

  @Test
  void slackFieldsTakeShortFieldsAsDefault() throws Exception {
    Parsed p = parse("slack", """
        entry:
          api_url: https://hooks.slack.com/services/T/B/X
          short_fields: true
          fields:
          - {title: a, value: b}
          - {title: c, value: d, short: false}
          actions:
          - {type: button, text: Runbook, url: 'http://wiki'}
        """);
    assertThat(p.problems()).isEmpty();
    SlackConfig c = (SlackConfig) p.config();
    assertThat(c.fields()).extracting(SlackConfig.Field::shortField).containsExactly(true, false);
    assertThat(c.actions()).hasSize(1);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', textBlock = """
      no url anywhere     | 'entry: {channel: x}'                                              | am.yml:1:1: receivers[0].slack_configs[0].api_url: no global Slack API URL set either inline or in a file
      both urls           | 'entry: {api_url: "http://s/", api_url_file: f}'                   | am.yml:1:31: receivers[0].slack_configs[0].api_url_file: at most one of api_url & api_url_file must be configured
      app token           | 'entry: {api_url: "http://s/", app_token: t}'                      | am.yml:1:31: receivers[0].slack_configs[0].app_token: app_token is not supported by Vigil
      update_message      | 'entry: {api_url: "http://s/", update_message: true}'              | am.yml:1:31: receivers[0].slack_configs[0].update_message: update_message is not supported by Vigil
      field without value | 'entry: {api_url: "http://s/", fields: [{title: a}]}'              | am.yml:1:40: receivers[0].slack_configs[0].fields[0].value: missing value in Slack field configuration
      action without url  | 'entry: {api_url: "http://s/", actions: [{type: button, text: a}]}' | am.yml:1:41: receivers[0].slack_configs[0].actions[0].url: missing name or url in Slack action configuration
      unknown key         | 'entry: {api_url: "http://s/", colour: red}'                       | am.yml:1:31: field "colour" not found in slack_config
      """)
  void badSlackEntries(String name, String yaml, String problem) throws Exception {
    assertThat(parse("slack", yaml).problems()).containsExactly(problem);
  }

  @Test
  void emailDefaultsComeFromGlobal() throws Exception {
    Parsed p = parse("email", """
        global:
          smtp_from: alerts@example.org
          smtp_smarthost: smtp.example.org:587
          smtp_hello: vigil.example.org
          smtp_auth_username: vigil
          smtp_auth_password_file: /run/secrets/smtp
          smtp_require_tls: false
        entry:
          to: oncall@example.org
          headers:
            subject: 'Alert: {{ .Status }}'
            x-team: db
        """);
    assertThat(p.problems()).isEmpty();
    EmailConfig c = (EmailConfig) p.config();
    assertThat(c.from()).isEqualTo("alerts@example.org");
    assertThat(c.smarthost()).isEqualTo(new Smarthost("smtp.example.org", 587));
    assertThat(c.hello()).isEqualTo("vigil.example.org");
    assertThat(c.authUsername()).isEqualTo("vigil");
    assertThat(c.authPasswordFile()).isEqualTo("/run/secrets/smtp");
    assertThat(c.requireTls()).isFalse();
    assertThat(c.implicitTls()).isFalse();
    assertThat(c.sendResolved()).isFalse();
    assertThat(c.html()).isEqualTo("{{ template \"email.default.html\" . }}");
    // Header names are canonicalised; Subject, To and From always exist.
    assertThat(c.headers()).containsExactlyInAnyOrderEntriesOf(Map.of(
        "Subject", "Alert: {{ .Status }}", "X-Team", "db", "To", "oncall@example.org",
        "From", "alerts@example.org"));
  }

  @Test
  void emailOnPort465UsesImplicitTls() throws Exception {
    Parsed p = parse("email", """
        entry: {to: a@b.c, from: x@b.c, smarthost: 'smtp.example.org:465'}
        """);
    assertThat(p.problems()).isEmpty();
    assertThat(((EmailConfig) p.config()).implicitTls()).isTrue();
    assertThat(((EmailConfig) p.config()).headers().get("Subject"))
        .isEqualTo("{{ template \"email.default.subject\" . }}");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', textBlock = """
      no to              | 'entry: {from: x@b.c, smarthost: "h:25"}'                          | am.yml:1:1: receivers[0].email_configs[0].to: missing to address in email config
      no from            | 'entry: {to: x@b.c, smarthost: "h:25"}'                            | am.yml:1:1: receivers[0].email_configs[0].from: no global SMTP from set
      no smarthost       | 'entry: {to: x@b.c, from: y@b.c}'                                  | am.yml:1:1: receivers[0].email_configs[0].smarthost: no global SMTP smarthost set
      no port            | 'entry: {to: x@b.c, from: y@b.c, smarthost: h}'                    | am.yml:1:33: receivers[0].email_configs[0].smarthost: invalid smarthost "h": expected host:port, e.g. smtp.example.org:587
      duplicate header   | 'entry: {to: x@b.c, from: y@b.c, smarthost: "h:25", headers: {subject: a, Subject: b}}' | am.yml:1:74: receivers[0].email_configs[0].headers.Subject: duplicate header "Subject" in email config
      auth_secret        | 'entry: {to: x@b.c, from: y@b.c, smarthost: "h:25", auth_secret: s}' | am.yml:1:52: receivers[0].email_configs[0].auth_secret: auth_secret is not supported by Vigil
      threading          | 'entry: {to: x@b.c, from: y@b.c, smarthost: "h:25", threading: {enabled: true}}' | am.yml:1:64: receivers[0].email_configs[0].threading.enabled: email threading is not supported by Vigil
      global smarthost   | 'global: {smtp_smarthost: nope}\nentry: {to: x@b.c, from: y@b.c}'  | am.yml:1:10: global.smtp_smarthost: invalid smarthost "nope": expected host:port, e.g. smtp.example.org:587
      """)
  void badEmailEntries(String name, String yaml, String problem) throws Exception {
    assertThat(parse("email", yaml.replace("\\n", "\n")).problems()).containsExactly(problem);
  }
}
