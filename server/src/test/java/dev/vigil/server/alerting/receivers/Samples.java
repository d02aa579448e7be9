package dev.vigil.server.alerting.receivers;

import dev.vigil.server.alerting.Integration;
import dev.vigil.server.alerting.NotificationData;
import dev.vigil.server.alerting.NotificationData.AlertData;
import dev.vigil.server.config.ConfigException;
import dev.vigil.server.config.Node;
import dev.vigil.server.config.ParseContext;
import dev.vigil.server.config.YamlTreeReader;
import dev.vigil.server.model.Labels;
import java.nio.file.Path;
import java.util.List;

/** Notification data and configuration entries shared by the receiver tests. */
final class Samples {
  private Samples() {}

  /** Two firing alerts and one resolved, grouped by alertname. */
  static NotificationData data() {
    AlertData a = new AlertData(false,
        Labels.of("alertname", "DiskFull", "instance", "db1:9100", "severity", "page"),
        Labels.of("summary", "disk full on db1", "runbook", "http://wiki/disk"),
        1_700_000_000_123L, 0, "http://vigil:9090/graph?g0.expr=disk", "1a2b3c4d5e6f7a8b");
    AlertData b = new AlertData(false,
        Labels.of("alertname", "DiskFull", "instance", "db2:9100", "severity", "page"),
        Labels.of("summary", "disk full on db2"),
        1_700_000_060_000L, 0, "http://vigil:9090/graph?g0.expr=disk", "0f0f0f0f0f0f0f0f");
    AlertData c = new AlertData(true,
        Labels.of("alertname", "DiskFull", "instance", "db3:9100", "severity", "page"),
        Labels.of("summary", "disk full on db3"),
        1_699_999_000_000L, 1_700_000_100_500L, "", "ffffffffffffffff");
    return new NotificationData("team-db", "{}:{alertname=\"DiskFull\"}",
        Labels.of("alertname", "DiskFull"), List.of(a, b, c),
        Labels.of("alertname", "DiskFull", "severity", "page"), Labels.EMPTY,
        "http://am.example:9093", 0);
  }

  /** A single resolved alert. */
  static NotificationData resolved() {
    AlertData c = new AlertData(true, Labels.of("alertname", "Down", "job", "api"),
        Labels.of("summary", "api down"), 1_699_999_000_000L, 1_700_000_100_000L, "",
        "aaaaaaaaaaaaaaaa");
    return new NotificationData("team-api", "{}:{alertname=\"Down\"}",
        Labels.of("alertname", "Down"), List.of(c), Labels.of("alertname", "Down", "job", "api"),
        Labels.of("summary", "api down"), "http://am.example:9093", 0);
  }

  /** The outcome of parsing one entry: the integration (null on problems) and the messages. */
  record Created(Integration integration, List<String> problems) {}

  /**
   * Parses {@code yaml}, a document with an {@code entry} mapping and an optional
   * {@code global} mapping, as entry 0 of receiver "team"'s {@code type}_configs.
   */
  static Created create(String type, String yaml, Path baseDir, List<String> templates)
      throws ConfigException {
    Node.Mapping root = (Node.Mapping) YamlTreeReader.read(yaml, "am.yml");
    Node.Mapping entry = (Node.Mapping) root.entries().get("entry");
    Node g = root.entries().get("global");
    Node.Mapping global = g instanceof Node.Mapping m ? m
        : (Node.Mapping) YamlTreeReader.read("{}", "am.yml");
    ParseContext ctx = new ParseContext("am.yml", baseDir, name -> null);
    Integration i = new Receivers().create("team", type, 0, entry, global, templates, ctx,
        "receivers[0]." + type + "_configs[0]");
    return new Created(i, ctx.sortedProblems());
  }

  static Created create(String type, String yaml) throws ConfigException {
    return create(type, yaml, null, List.of());
  }
}
