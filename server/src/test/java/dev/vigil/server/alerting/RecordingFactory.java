package dev.vigil.server.alerting;

import dev.vigil.server.config.Fields;
import dev.vigil.server.config.Node;
import dev.vigil.server.config.ParseContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Builds {@code webhook_configs} entries as integrations that record what they were given (and
 * can be told to fail), for pipeline tests without a network. Reads {@code url} and
 * {@code send_resolved} (default true, as Alertmanager's webhook).
 */
public final class RecordingFactory implements IntegrationFactory {
  /** The integrations made, by receiver name; later loads replace earlier ones. */
  public final Map<String, List<Recording>> byReceiver = new ConcurrentHashMap<>();

  @Override
  public Set<String> types() {
    return Set.of("webhook");
  }

  @Override
  public Integration create(String receiver, String type, int index, Node.Mapping entry,
      Node.Mapping global, List<String> templateFiles, ParseContext ctx, String path) {
    Fields f = new Fields(ctx, entry, path, "webhook_config");
    String url = f.string("url", "");
    boolean sendResolved = f.bool("send_resolved", true);
    f.ignore("max_alerts", "http_config", "url_file", "timeout");
    f.finish();
    Recording r = new Recording(type, index, sendResolved, url);
    byReceiver.compute(receiver, (k, v) -> {
      List<Recording> l = v == null || index == 0 ? new ArrayList<>() : new ArrayList<>(v);
      l.add(r);
      return l;
    });
    return r;
  }

  public Recording get(String receiver) {
    return byReceiver.get(receiver).get(0);
  }

  /** An integration that records each notification; {@link #failNext} makes it fail. */
  public static final class Recording implements Integration {
    final String type;
    final int index;
    final boolean sendResolved;
    final String url;
    final List<NotificationData> sent = new ArrayList<>();
    int failures;
    boolean retryable = true;
    int calls;

    Recording(String type, int index, boolean sendResolved, String url) {
      this.type = type;
      this.index = index;
      this.sendResolved = sendResolved;
      this.url = url;
    }

    @Override
    public String type() {
      return type;
    }

    @Override
    public int index() {
      return index;
    }

    @Override
    public boolean sendResolved() {
      return sendResolved;
    }

    synchronized void failNext(int n, boolean retryable) {
      this.failures = n;
      this.retryable = retryable;
    }

    @Override
    public synchronized void send(NotificationData data) throws NotifyException {
      calls++;
      if (failures > 0) {
        failures--;
        throw new NotifyException("endpoint " + url + " answered 503", retryable);
      }
      sent.add(data);
    }

    public synchronized List<NotificationData> sent() {
      return List.copyOf(sent);
    }

    /** Each notification as "status: alertname/status,..." for compact assertions. */
    public synchronized List<String> summary() {
      List<String> out = new ArrayList<>();
      for (NotificationData d : sent) {
        StringBuilder sb = new StringBuilder(d.status()).append(":");
        for (int i = 0; i < d.alerts().size(); i++) {
          NotificationData.AlertData a = d.alerts().get(i);
          sb.append(i == 0 ? " " : ",").append(a.labels().get("alertname")).append('/')
              .append(a.status());
        }
        out.add(sb.toString());
      }
      return out;
    }

    synchronized void clear() {
      sent.clear();
    }
  }
}
