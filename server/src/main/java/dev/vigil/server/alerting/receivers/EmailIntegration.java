package dev.vigil.server.alerting.receivers;

import dev.vigil.server.alerting.Integration;
import dev.vigil.server.alerting.NotificationData;
import dev.vigil.server.alerting.NotifyException;
import dev.vigil.server.template.TemplateException;
import java.util.LinkedHashMap;
import java.util.Map;

/** Sends each notification as an email, headers and bodies expanded from templates. */
final class EmailIntegration implements Integration {
  private final int index;
  private final EmailConfig cfg;
  private final NotificationTemplates templates;
  private final MailSender sender;

  EmailIntegration(int index, EmailConfig cfg, NotificationTemplates templates) {
    this.index = index;
    this.cfg = cfg;
    this.templates = templates;
    this.sender = new MailSender(cfg);
  }

  @Override
  public String type() {
    return "email";
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
    MailSender.Mail mail;
    try {
      mail = render(data);
    } catch (TemplateException e) {
      throw new NotifyException("email: template: " + e.getMessage(), false, e);
    }
    sender.send(mail);
  }

  MailSender.Mail render(NotificationData d) throws TemplateException {
    Map<String, String> headers = new LinkedHashMap<>();
    for (Map.Entry<String, String> h : cfg.headers().entrySet()) {
      headers.put(h.getKey(), templates.render(h.getValue(), d));
    }
    return new MailSender.Mail(templates.render(cfg.from(), d), templates.render(cfg.to(), d),
        headers, templates.render(cfg.html(), d), templates.render(cfg.text(), d));
  }
}
