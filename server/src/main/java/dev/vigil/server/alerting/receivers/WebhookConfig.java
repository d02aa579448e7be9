package dev.vigil.server.alerting.receivers;

import dev.vigil.server.config.Fields;
import dev.vigil.server.config.HttpClientConfig;
import dev.vigil.server.config.HttpConfigParser;
import java.time.Duration;

/**
 * A {@code webhook_configs} entry.
 *
 * @param url null when {@code urlFile} is used
 * @param urlFile read on every notification, so a rotated URL needs no reload; null when unset
 * @param maxAlerts 0 for no limit
 * @param timeout zero for none
 */
record WebhookConfig(boolean sendResolved, String url, String urlFile, HttpClientConfig http,
    int maxAlerts, Duration timeout) {

  static WebhookConfig parse(Fields f, GlobalDefaults global) {
    String url = f.string("url", null);
    String urlFile = f.file("url_file");
    if (url != null && urlFile != null) {
      f.error("url_file", "at most one of url & url_file must be configured");
    } else if (url == null && urlFile == null) {
      f.ctx().error(f.self(), f.path("url"), "one of url or url_file must be configured");
    }
    if (url != null) {
      HttpConfigParser.checkUrl(f, "url", url, true);
    }
    HttpClientConfig http = Receivers.httpConfigOr(f, global.http());
    WebhookConfig c = new WebhookConfig(f.bool("send_resolved", true), url, urlFile, http,
        f.intCount("max_alerts", 0), f.duration("timeout", Duration.ZERO));
    f.unsupported("payload");
    f.finish();
    return c;
  }
}
