package dev.vigil.server.config;

import dev.vigil.server.config.RemoteWriteConfig.MetadataConfig;
import dev.vigil.server.config.RemoteWriteConfig.QueueConfig;
import dev.vigil.server.model.LabelNames;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** Parsers for {@code alerting}, {@code remote_write} and {@code remote_read}. */
final class RemoteParsers {
  // Headers the HTTP client or the protocol sets itself; users may not override them.
  private static final Set<String> RESERVED_HEADERS = Set.of("host", "content-encoding",
      "content-length", "content-type", "user-agent", "connection", "keep-alive",
      "proxy-authenticate", "proxy-authorization", "www-authenticate", "accept-encoding",
      "x-prometheus-remote-write-version", "x-prometheus-remote-read-version", "x-amz-date",
      "x-amz-security-token", "x-amz-content-sha256");

  private RemoteParsers() {}

  static AlertingConfig alerting(Fields f) {
    List<AlertmanagerConfig> ams = new ArrayList<>();
    List<Node> items = f.items("alertmanagers");
    for (int i = 0; i < items.size(); i++) {
      ams.add(alertmanager(new Fields(f.ctx(), items.get(i), f.path("alertmanagers") + "[" + i
          + "]", "alertmanager_config")));
    }
    AlertingConfig a = new AlertingConfig(
        SectionParsers.relabelConfigs(f, "alert_relabel_configs"), ams);
    f.finish();
    return a;
  }

  private static AlertmanagerConfig alertmanager(Fields f) {
    String api = f.string("api_version", "v2");
    if (!api.equals("v2")) {
      f.error("api_version", "unsupported Alertmanager API version \"" + api
          + "\" (only v2 is supported)");
    }
    String prefix = f.string("path_prefix", "/");
    AlertmanagerConfig am = new AlertmanagerConfig(
        f.duration("timeout", AlertmanagerConfig.DEFAULT_TIMEOUT), api,
        prefix.isEmpty() ? "/" : prefix, ConfigParser.scheme(f), HttpConfigParser.parse(f, true),
        SectionParsers.staticConfigs(f), SectionParsers.fileSdConfigs(f),
        SectionParsers.httpSdConfigs(f), SectionParsers.relabelConfigs(f, "relabel_configs"),
        SectionParsers.relabelConfigs(f, "alert_relabel_configs"));
    f.unsupported("sigv4");
    f.unsupported(SectionParsers.UNSUPPORTED_SD);
    f.finish();
    return am;
  }

  static List<RemoteWriteConfig> remoteWrites(Fields parent) {
    List<RemoteWriteConfig> out = new ArrayList<>();
    Map<String, Node> names = new HashMap<>();
    List<Node> items = parent.items("remote_write");
    for (int i = 0; i < items.size(); i++) {
      Fields f = new Fields(parent.ctx(), items.get(i), "remote_write[" + i + "]", "remote_write");
      String url = url(f, items.get(i));
      String name = uniqueName(f, names, items.get(i), "remote write");
      String proto = f.string("protobuf_message", RemoteWriteConfig.PROTOBUF_V1);
      if (!proto.equals(RemoteWriteConfig.PROTOBUF_V1)
          && !proto.equals(RemoteWriteConfig.PROTOBUF_V2)) {
        f.error("protobuf_message", "unknown remote write protobuf message \"" + proto
            + "\" (use " + RemoteWriteConfig.PROTOBUF_V1 + " or " + RemoteWriteConfig.PROTOBUF_V2
            + ")");
      }
      Fields q = new Fields(f.ctx(), f.node("queue_config"), f.path("queue_config"),
          "queue_config");
      QueueConfig d = QueueConfig.DEFAULT;
      QueueConfig queue = new QueueConfig(q.intCount("capacity", d.capacity()),
          q.intCount("max_shards", d.maxShards()), q.intCount("min_shards", d.minShards()),
          q.intCount("max_samples_per_send", d.maxSamplesPerSend()),
          q.duration("batch_send_deadline", d.batchSendDeadline()),
          q.duration("min_backoff", d.minBackoff()), q.duration("max_backoff", d.maxBackoff()),
          q.bool("retry_on_http_429", d.retryOnHttp429()),
          q.duration("sample_age_limit", d.sampleAgeLimit()));
      q.finish();
      Fields m = new Fields(f.ctx(), f.node("metadata_config"), f.path("metadata_config"),
          "metadata_config");
      MetadataConfig md = MetadataConfig.DEFAULT;
      MetadataConfig metadata = new MetadataConfig(m.bool("send", md.send()),
          m.duration("send_interval", md.sendInterval()),
          m.intCount("max_samples_per_send", md.maxSamplesPerSend()));
      m.finish();
      out.add(new RemoteWriteConfig(url, name, proto,
          f.duration("remote_timeout", RemoteWriteConfig.DEFAULT_REMOTE_TIMEOUT), headers(f),
          SectionParsers.relabelConfigs(f, "write_relabel_configs"),
          f.bool("send_exemplars", false), f.bool("send_native_histograms", false),
          f.bool("round_robin_dns", false), queue, metadata,
          // The spec: enable_http2 defaults to false for remote write.
          HttpConfigParser.parse(f, false)));
      f.unsupported("sigv4", "azuread", "google_iam");
      f.finish();
    }
    return out;
  }

  static List<RemoteReadConfig> remoteReads(Fields parent) {
    List<RemoteReadConfig> out = new ArrayList<>();
    Map<String, Node> names = new HashMap<>();
    List<Node> items = parent.items("remote_read");
    for (int i = 0; i < items.size(); i++) {
      Fields f = new Fields(parent.ctx(), items.get(i), "remote_read[" + i + "]", "remote_read");
      String url = url(f, items.get(i));
      String name = uniqueName(f, names, items.get(i), "remote read");
      Map<String, String> matchers = f.stringMap("required_matchers");
      for (String ln : matchers.keySet()) {
        if (!LabelNames.isValid(ln)) {
          f.error("required_matchers", "\"" + ln + "\" is not a valid label name");
        }
      }
      out.add(new RemoteReadConfig(url, name, matchers,
          f.duration("remote_timeout", RemoteReadConfig.DEFAULT_REMOTE_TIMEOUT), headers(f),
          f.bool("read_recent", false), f.bool("filter_external_labels", true),
          HttpConfigParser.parse(f, true)));
      f.finish();
    }
    return out;
  }

  private static String url(Fields f, Node item) {
    String url = f.string("url", "");
    if (url.isEmpty()) {
      f.ctx().error(item, f.path("url"), "url is missing");
    } else {
      HttpConfigParser.checkUrl(f, "url", url, true);
    }
    return url;
  }

  private static String uniqueName(Fields f, Map<String, Node> names, Node item, String what) {
    String name = f.string("name", null);
    if (name != null && !name.isEmpty()) {
      Node first = names.putIfAbsent(name, item);
      if (first != null) {
        f.error("name", "found multiple " + what + " configs with name \"" + name
            + "\" (first at line " + first.line() + ")");
      }
    }
    return name == null || name.isEmpty() ? null : name;
  }

  private static Map<String, String> headers(Fields f) {
    Map<String, String> headers = f.stringMap("headers");
    for (String h : headers.keySet()) {
      String lower = h.toLowerCase(Locale.ROOT);
      if (lower.equals("authorization")) {
        f.error("headers", "the Authorization header must be set with basic_auth, authorization"
            + " or oauth2, not in headers");
      } else if (RESERVED_HEADERS.contains(lower)) {
        f.error("headers", "header \"" + h + "\" is reserved and cannot be set");
      }
    }
    return headers;
  }
}
