package dev.vigil.server.alerting.receivers;

import dev.vigil.server.alerting.Integration;
import dev.vigil.server.alerting.NotificationData;
import dev.vigil.server.alerting.NotifyException;
import dev.vigil.server.template.TemplateException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Posts one attachment per notification to a Slack incoming webhook (or chat.postMessage),
 * every text field expanded from its template. Thread-safe.
 */
final class SlackIntegration implements Integration {
  private final int index;
  private final SlackConfig cfg;
  private final NotificationTemplates templates;
  private final HttpPost http;

  SlackIntegration(int index, SlackConfig cfg, NotificationTemplates templates) {
    this.index = index;
    this.cfg = cfg;
    this.templates = templates;
    this.http = new HttpPost("slack", cfg.http(), cfg.timeout());
  }

  @Override
  public String type() {
    return "slack";
  }

  @Override
  public int index() {
    return index;
  }

  @Override
  public boolean sendResolved() {
    return cfg.sendResolved();
  }

  @Override
  public void send(NotificationData data) throws NotifyException {
    SlackMessage msg;
    try {
      msg = render(data);
    } catch (TemplateException e) {
      throw new NotifyException("slack: template: " + e.getMessage(), false, e);
    }
    String url = url();
    String shown = HttpPost.redact(url);
    SlackMessage.checkAnswer(http.post(url, shown, msg.encode()), shown);
  }

  SlackMessage render(NotificationData d) throws TemplateException {
    List<SlackMessage.Field> fields = new ArrayList<>();
    for (SlackConfig.Field f : cfg.fields()) {
      fields.add(new SlackMessage.Field(t(f.title(), d), t(f.value(), d), f.shortField()));
    }
    List<SlackMessage.Action> actions = new ArrayList<>();
    for (SlackConfig.Action a : cfg.actions()) {
      SlackConfig.Confirm c = a.confirm() == null ? null : new SlackConfig.Confirm(
          t(a.confirm().text(), d), t(a.confirm().title(), d), t(a.confirm().okText(), d),
          t(a.confirm().dismissText(), d));
      actions.add(new SlackMessage.Action(t(a.type(), d), t(a.text(), d), t(a.url(), d),
          t(a.style(), d), t(a.name(), d), t(a.value(), d), c));
    }
    SlackMessage.Attachment att = new SlackMessage.Attachment(t(cfg.title(), d),
        t(cfg.titleLink(), d), t(cfg.pretext(), d), t(cfg.text(), d), t(cfg.fallback(), d),
        t(cfg.callbackId(), d), fields, actions, t(cfg.imageUrl(), d), t(cfg.thumbUrl(), d),
        t(cfg.footer(), d), t(cfg.color(), d), cfg.mrkdwnIn());
    return new SlackMessage(t(cfg.channel(), d), t(cfg.username(), d), t(cfg.iconEmoji(), d),
        t(cfg.iconUrl(), d), cfg.linkNames(), t(cfg.messageText(), d), att);
  }

  private String t(String text, NotificationData d) throws TemplateException {
    return templates.render(text, d);
  }

  private String url() throws NotifyException {
    if (cfg.apiUrl() != null) {
      return cfg.apiUrl();
    }
    try {
      return Files.readString(Path.of(cfg.apiUrlFile())).strip();
    } catch (IOException e) {
      throw new NotifyException("slack: cannot read api_url_file " + cfg.apiUrlFile() + ": "
          + e.getMessage(), true, e);
    }
  }
}
