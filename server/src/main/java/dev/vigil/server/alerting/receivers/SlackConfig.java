package dev.vigil.server.alerting.receivers;

import dev.vigil.server.config.Fields;
import dev.vigil.server.config.HttpClientConfig;
import dev.vigil.server.config.HttpConfigParser;
import dev.vigil.server.config.Node;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A {@code slack_configs} entry for an incoming webhook or {@code chat.postMessage}. String
 * fields are template texts (empty when unset and without a default).
 *
 * @param apiUrl null when {@code apiUrlFile} is used
 * @param apiUrlFile read on every notification; null when unset
 * @param timeout zero for none
 */
record SlackConfig(boolean sendResolved, String apiUrl, String apiUrlFile, HttpClientConfig http,
    Duration timeout, String channel, String username, String iconEmoji, String iconUrl,
    boolean linkNames, String messageText, String color, String title, String titleLink,
    String pretext, String text, String fallback, String callbackId, String footer,
    String imageUrl, String thumbUrl, List<String> mrkdwnIn, List<Field> fields,
    List<Action> actions) {

  /** A {@code fields} entry; {@code shortField} already defaulted from {@code short_fields}. */
  record Field(String title, String value, boolean shortField) {}

  /** An {@code actions} entry; {@code confirm} is null when unset. */
  record Action(String type, String text, String url, String style, String name, String value,
      Confirm confirm) {}

  record Confirm(String text, String title, String okText, String dismissText) {}

  static SlackConfig parse(Fields f, GlobalDefaults global) {
    String url = f.string("api_url", null);
    String urlFile = f.file("api_url_file");
    if (url != null && urlFile != null) {
      f.error("api_url_file", "at most one of api_url & api_url_file must be configured");
    }
    if (url == null && urlFile == null) {
      url = global.slackApiUrl();
      urlFile = global.slackApiUrlFile();
      if (url == null && urlFile == null) {
        f.ctx().error(f.self(), f.path("api_url"),
            "no global Slack API URL set either inline or in a file");
      }
    } else if (url != null) {
      HttpConfigParser.checkUrl(f, "api_url", url, true);
    }
    boolean shortFields = f.bool("short_fields", false);
    List<Field> fields = new ArrayList<>();
    List<Node> items = f.items("fields");
    for (int i = 0; i < items.size(); i++) {
      Fields ff = new Fields(f.ctx(), items.get(i), f.path("fields") + "[" + i + "]",
          "field_config");
      Field fd = new Field(required(ff, "title", "missing title in Slack field configuration"),
          required(ff, "value", "missing value in Slack field configuration"),
          ff.bool("short", shortFields));
      ff.finish();
      fields.add(fd);
    }
    List<Action> actions = new ArrayList<>();
    items = f.items("actions");
    for (int i = 0; i < items.size(); i++) {
      actions.add(action(new Fields(f.ctx(), items.get(i), f.path("actions") + "[" + i + "]",
          "action_config")));
    }
    List<String> mrkdwn = f.has("mrkdwn_in") ? f.strings("mrkdwn_in")
        : List.of("fallback", "pretext", "text");
    SlackConfig c = new SlackConfig(f.bool("send_resolved", false), url, urlFile,
        Receivers.httpConfigOr(f, global.http()), f.duration("timeout", Duration.ZERO),
        f.string("channel", ""),
        f.string("username", tmpl("slack.default.username")),
        f.string("icon_emoji", tmpl("slack.default.iconemoji")),
        f.string("icon_url", tmpl("slack.default.iconurl")),
        f.bool("link_names", false), f.string("message_text", ""),
        f.string("color", tmpl("slack.default.color")),
        f.string("title", tmpl("slack.default.title")),
        f.string("title_link", tmpl("slack.default.titlelink")),
        f.string("pretext", tmpl("slack.default.pretext")),
        f.string("text", tmpl("slack.default.text")),
        f.string("fallback", tmpl("slack.default.fallback")),
        f.string("callback_id", tmpl("slack.default.callbackid")),
        f.string("footer", tmpl("slack.default.footer")),
        f.string("image_url", ""), f.string("thumb_url", ""), mrkdwn, fields, actions);
    // App tokens and message updates need Slack's Web API state Vigil does not keep.
    f.unsupported("app_token", "app_token_file", "app_url");
    if (f.bool("update_message", false)) {
      f.error("update_message", "update_message is not supported by Vigil");
    }
    f.finish();
    return c;
  }

  /** The text of Alertmanager's default for a field: the named template applied to the data. */
  static String tmpl(String name) {
    return "{{ template \"" + name + "\" . }}";
  }

  private static Action action(Fields f) {
    String type = required(f, "type", "missing type in Slack action configuration");
    String text = required(f, "text", "missing text in Slack action configuration");
    String url = f.string("url", "");
    String name = f.string("name", "");
    if (url.isEmpty() && name.isEmpty()) {
      f.ctx().error(f.self(), f.path("url"), "missing name or url in Slack action configuration");
    }
    Confirm confirm = null;
    if (f.has("confirm")) {
      Fields cf = new Fields(f.ctx(), f.node("confirm"), f.path("confirm"),
          "action_confirm_field_config");
      confirm = new Confirm(required(cf, "text",
          "missing text in Slack action confirm configuration"), cf.string("title", ""),
          cf.string("ok_text", ""), cf.string("dismiss_text", ""));
      cf.finish();
    }
    Action a = new Action(type, text, url, f.string("style", ""), name, f.string("value", ""),
        confirm);
    f.finish();
    return a;
  }

  private static String required(Fields f, String key, String message) {
    String v = f.string(key, "");
    if (v.isEmpty()) {
      f.ctx().error(f.self(), f.path(key), message);
    }
    return v;
  }
}
