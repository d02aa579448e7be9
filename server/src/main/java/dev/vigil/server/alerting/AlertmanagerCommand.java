package dev.vigil.server.alerting;

import dev.vigil.client.httpserver.ListenAddress;
import dev.vigil.server.config.ConfigException;
import dev.vigil.server.config.Durations;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import dev.vigil.client.httpserver.WebConfigException;
import dev.vigil.client.httpserver.WebSecurity;
import picocli.CommandLine.Option;
import picocli.CommandLine;

/**
 * {@code vigil-server.jar alertmanager --config.file=alertmanager.yml ...}: the alert handling
 * on its own, with Alertmanager's flag names. Exit code 1 when the configuration cannot be
 * loaded at start.
 */
@Command(name = "alertmanager", mixinStandardHelpOptions = true,
    description = "Handle alerts as Alertmanager does: group, route, silence, inhibit, notify.")
public final class AlertmanagerCommand implements Callable<Integer> {
  @Option(names = "--config.file", paramLabel = "FILE", defaultValue = "alertmanager.yml",
      description = "Alertmanager configuration file name (default: ${DEFAULT-VALUE}).")
  Path configFile;

  @Option(names = "--storage.path", paramLabel = "DIR", defaultValue = "data/",
      description = "Base path for data storage (default: ${DEFAULT-VALUE}).")
  Path storagePath;

  @Option(names = "--web.listen-address", paramLabel = "HOST:PORT", defaultValue = ":9093",
      description = "Address to listen on for the API and telemetry (default: ${DEFAULT-VALUE}).")
  String listenAddress;

  @Option(names = "--web.config.file", paramLabel = "FILE",
      description = "Path to a web configuration file: TLS, basic auth and response headers, "
          + "in Prometheus's format. Re-read when it changes.")
  String webConfigFile;

  @Option(names = "--web.external-url", paramLabel = "URL", defaultValue = "",
      description = "The URL under which the Alertmanager is reached from outside, for links.")
  String externalUrl;

  @Option(names = "--data.retention", paramLabel = "DURATION", defaultValue = "120h",
      description = "How long to keep data (notification log, expired silences) "
          + "(default: ${DEFAULT-VALUE}).")
  String dataRetention;

  @Option(names = "--notification-history.retention", paramLabel = "DURATION",
      defaultValue = "120h",
      description = "How long notification attempts are listed (default: ${DEFAULT-VALUE}).")
  String historyRetention;

  @Option(names = "--alerts.limit", paramLabel = "N", defaultValue = "200000",
      description = "Most alerts held at once; more are refused and counted in "
          + "vigil_alertmanager_alerts_refused_total (default: ${DEFAULT-VALUE}).")
  int alertsLimit;

  @Option(names = "--dispatch.aggregation-groups-limit", paramLabel = "N",
      defaultValue = "200000", description = "Most aggregation groups at once; alerts that "
          + "would open another are counted in vigil_alertmanager_aggregation_groups_refused_total "
          + "(default: ${DEFAULT-VALUE}).")
  int groupsLimit;

  @Option(names = "--log.level", paramLabel = "LEVEL", defaultValue = "info",
      description = "Only log messages with the given severity or above: debug, info, warn, error.")
  String logLevel;

  // Single-node setups often pass --cluster.listen-address= to turn Alertmanager's gossip off;
  // taking the flags keeps such command lines working. Vigil never clusters.
  @Option(names = "--cluster.listen-address", paramLabel = "HOST:PORT", defaultValue = "",
      description = "Accepted for compatibility; Vigil runs as a single node.")
  String clusterListen;

  @Option(names = "--cluster.peer", paramLabel = "HOST:PORT",
      description = "Accepted for compatibility; peers are ignored (single node).")
  java.util.List<String> clusterPeers;

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  private final IntegrationFactory factory;

  public AlertmanagerCommand(IntegrationFactory factory) {
    this.factory = factory;
  }

  @Override
  public Integer call() throws Exception {
    setLogLevel(logLevel);
    AlertmanagerServer.Settings s = settings();
    WebSecurity security;
    try {
      security = WebSecurity.fromFlag(webConfigFile);
    } catch (WebConfigException e) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--web.config.file: "
          + e.getMessage());
    }
    if (clusterPeers != null && !clusterPeers.isEmpty()) {
      org.slf4j.LoggerFactory.getLogger(AlertmanagerCommand.class).warn(
          "--cluster.peer given, but Vigil does not cluster; running as a single node");
    }
    try (AlertmanagerServer server = new AlertmanagerServer(s, factory)) {
      server.webSecurity(security);
      try {
        server.start();
      } catch (ConfigException e) {
        System.err.println("Loading configuration file " + configFile + " failed:");
        System.err.println(e.getMessage());
        return 1;
      }
      server.awaitShutdown();
    }
    return 0;
  }

  /** The flags as server settings; bad values are usage errors. */
  AlertmanagerServer.Settings settings() {
    Duration data;
    Duration history;
    try {
      data = Durations.parse(dataRetention);
      history = Durations.parse(historyRetention);
    } catch (IllegalArgumentException e) {
      throw new CommandLine.ParameterException(spec.commandLine(), "retention: "
          + e.getMessage());
    }
    if (alertsLimit < 1 || groupsLimit < 1) {
      throw new CommandLine.ParameterException(spec.commandLine(),
          "--alerts.limit and --dispatch.aggregation-groups-limit must be at least 1");
    }
    return new AlertmanagerServer.Settings(configFile, storagePath, listen(listenAddress),
        externalUrl, data, history, alertsLimit, groupsLimit);
  }

  private InetSocketAddress listen(String s) {
    try {
      return ListenAddress.parse(s);
    } catch (IllegalArgumentException e) {
      throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
    }
  }

  private void setLogLevel(String level) {
    String l = level.toLowerCase(Locale.ROOT);
    if (!l.equals("debug") && !l.equals("info") && !l.equals("warn") && !l.equals("error")) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--log.level: unknown level \""
          + level + "\" (expected debug, info, warn or error)");
    }
    // slf4j-simple reads these when the first logger is made; the command runs before that.
    System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", l);
    System.setProperty("org.slf4j.simpleLogger.showDateTime", "true");
    System.setProperty("org.slf4j.simpleLogger.dateTimeFormat", "yyyy-MM-dd'T'HH:mm:ss.SSSXXX");
  }
}
