package dev.vigil.server.alerting.receivers;

import dev.vigil.server.alerting.Integration;
import dev.vigil.server.alerting.NotificationData;
import dev.vigil.server.alerting.NotifyException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Posts Alertmanager's webhook message (version 4) to a URL. Thread-safe. */
final class WebhookIntegration implements Integration {
  private final int index;
  private final WebhookConfig cfg;
  private final HttpPost http;

  WebhookIntegration(int index, WebhookConfig cfg) {
    this.index = index;
    this.cfg = cfg;
    this.http = new HttpPost("webhook", cfg.http(), cfg.timeout());
  }

  @Override
  public String type() {
    return "webhook";
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
    String url = url();
    http.post(url, HttpPost.redact(url), WebhookPayload.encode(data, cfg.maxAlerts()));
  }

  private String url() throws NotifyException {
    if (cfg.url() != null) {
      return cfg.url();
    }
    try {
      return Files.readString(Path.of(cfg.urlFile())).strip();
    } catch (IOException e) {
      // The file may be written by a secret manager shortly; trying again can help.
      throw new NotifyException("webhook: cannot read url_file " + cfg.urlFile() + ": "
          + e.getMessage(), true, e);
    }
  }
}
