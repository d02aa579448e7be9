package dev.vigil.server.alerting.config;

import dev.vigil.server.alerting.Integration;
import dev.vigil.server.alerting.IntegrationFactory;
import dev.vigil.server.alerting.NotificationData;
import dev.vigil.server.config.Fields;
import dev.vigil.server.config.Node;
import dev.vigil.server.config.ParseContext;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A small factory for configuration tests: {@code webhook} entries need a {@code url}, as in
 * Alertmanager; {@code email} entries need {@code to}. Integrations record what they are sent.
 */
public final class TestIntegrationFactory implements IntegrationFactory {
  /** An integration that keeps what it was asked to send. */
  public record Recording(String type, int index, boolean sendResolved, String target,
      List<NotificationData> sent) implements Integration {
    @Override
    public void send(NotificationData data) {
      sent.add(data);
    }
  }

  @Override
  public Set<String> types() {
    return Set.of("webhook", "email");
  }

  @Override
  public Integration create(String receiver, String type, int index, Node.Mapping entry,
      Node.Mapping global, List<String> templateFiles, ParseContext ctx, String path) {
    Fields f = new Fields(ctx, entry, path, type + "_config");
    boolean resolved = f.bool("send_resolved", type.equals("webhook"));
    String key = type.equals("webhook") ? "url" : "to";
    String target = f.string(key, "");
    if (target.isEmpty()) {
      ctx.error(entry, path, "one of " + key + " is required");
    }
    if (type.equals("webhook")) {
      f.count("max_alerts", 0);
      f.ignore("http_config", "timeout");
    } else {
      f.ignore("from", "smarthost", "headers", "html", "text", "require_tls");
    }
    f.finish();
    return target.isEmpty() ? null
        : new Recording(type, index, resolved, target, new CopyOnWriteArrayList<>());
  }
}
