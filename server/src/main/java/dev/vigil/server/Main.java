package dev.vigil.server;

import dev.vigil.client.httpserver.ListenAddress;
import dev.vigil.server.alerting.AlertmanagerCommand;
import dev.vigil.server.alerting.receivers.Receivers;
import dev.vigil.server.cli.QueryCommand;
import dev.vigil.server.config.Durations;
import dev.vigil.server.config.Sizes;
import dev.vigil.server.promql.engine.EngineOptions;
import dev.vigil.server.promql.script.TestCommand;
import dev.vigil.server.rules.CheckRules;
import dev.vigil.server.rules.RuleOptions;
import dev.vigil.server.rules.TemplateFactory;
import dev.vigil.server.rules.cli.CheckRulesCommand;
import dev.vigil.server.rules.cli.RuleFlags;
import dev.vigil.server.rules.cli.TestRulesCommand;
import dev.vigil.server.tsdb.tools.TsdbCommand;
import dev.vigil.client.httpserver.WebConfigException;
import dev.vigil.client.httpserver.WebSecurity;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine;

/**
 * {@code java -jar vigil-server.jar [flags]} runs the server with Prometheus's flag names;
 * {@code java -jar vigil-server.jar check config FILE...} validates configuration files;
 * {@code java -jar vigil-server.jar test promql FILE...} runs PromQL test scripts;
 * {@code java -jar vigil-server.jar query instant|range|series|labels URL ...} queries a server;
 * {@code check rules}, {@code test rules} check and unit-test rule files;
 * {@code java -jar vigil-server.jar alertmanager [flags]} runs the alert handling on its own.
 */
@Command(name = "vigil-server", mixinStandardHelpOptions = true, version = "Vigil 0.1.0",
    subcommands = {Main.Check.class, TsdbCommand.class, TestCommand.class, QueryCommand.class},
    description = "The Vigil server: scrapes targets, stores samples, serves the HTTP API.")
public final class Main implements Callable<Integer> {
  @Option(names = "--config.file", paramLabel = "FILE",
      description = "Configuration file (prometheus.yml format). Without it, an embedded default "
          + "that scrapes this server.")
  Path configFile;

  @Option(names = "--storage.tsdb.path", paramLabel = "DIR", defaultValue = "data/",
      description = "Base path for metrics storage (default: ${DEFAULT-VALUE}).")
  Path storagePath;

  @Option(names = "--storage.tsdb.retention.time", paramLabel = "DURATION", defaultValue = "15d",
      description = "How long to retain samples in storage, 0 for no limit (default: ${DEFAULT-VALUE}).")
  String retentionTime;

  @Option(names = "--storage.tsdb.retention.size", paramLabel = "SIZE", defaultValue = "0",
      description = "Maximum bytes of blocks to keep, e.g. 512MB; 0 for no limit (default: ${DEFAULT-VALUE}).")
  String retentionSize;

  @Option(names = "--storage.tsdb.head-series-limit", paramLabel = "N", defaultValue = "0",
      description = "Most series the head holds; past it, samples of new series are dropped and "
          + "counted. 0 for no limit (default: ${DEFAULT-VALUE}).")
  int headSeriesLimit;

  @Option(names = "--scrape.series-added-limit", paramLabel = "N", defaultValue = "0",
      description = "Most new series one scrape may add; a scrape over it fails, like one over "
          + "sample_limit. 0 for no limit (default: ${DEFAULT-VALUE}).")
  int seriesAddedLimit;

  @Option(names = "--web.listen-address", paramLabel = "HOST:PORT", defaultValue = "0.0.0.0:9090",
      description = "Address to listen on for the UI, API and telemetry (default: ${DEFAULT-VALUE}).")
  String listenAddress;

  @Option(names = "--web.config.file", paramLabel = "FILE",
      description = "Path to a web configuration file: TLS, basic auth and response headers, "
          + "in Prometheus's format. Re-read when it changes.")
  String webConfigFile;

  @Option(names = "--web.enable-lifecycle",
      description = "Enable shutdown and reload via HTTP request (/-/quit, /-/reload).")
  boolean lifecycle;

  @Option(names = "--web.enable-admin-api",
      description = "Enable API endpoints for admin control actions.")
  boolean adminApi;

  @Option(names = "--web.enable-remote-write-receiver",
      description = "Enable the API endpoint accepting remote write requests (/api/v1/write).")
  boolean remoteWriteReceiver;

  @Option(names = "--enable-feature", paramLabel = "NAME", split = ",",
      description = "Comma separated feature names to enable; Vigil knows exemplar-storage "
          + "(keep exemplars; ring size from storage.exemplars.max_exemplars). Others are "
          + "logged and ignored, as Prometheus does.")
  java.util.List<String> features = new java.util.ArrayList<>();

  @Option(names = "--agent", description = "Run in agent mode: scrape, write the WAL and "
      + "remote-write; no rule evaluation, no queries, no federation.")
  boolean agent;

  @Option(names = "--query.timeout", paramLabel = "DURATION", defaultValue = "2m",
      description = "Maximum time a query may take before being aborted (default: ${DEFAULT-VALUE}).")
  String queryTimeout;

  @Option(names = "--query.max-samples", paramLabel = "N", defaultValue = "50000000",
      description = "Maximum number of samples a single query can load into memory "
          + "(default: ${DEFAULT-VALUE}).")
  long queryMaxSamples;

  @Option(names = "--query.max-concurrency", paramLabel = "N", defaultValue = "20",
      description = "Maximum number of queries executed concurrently (default: ${DEFAULT-VALUE}).")
  int queryMaxConcurrency;

  @Option(names = "--query.lookback-delta", paramLabel = "DURATION", defaultValue = "5m",
      description = "How far back an instant selector looks for the latest sample "
          + "(default: ${DEFAULT-VALUE}).")
  String queryLookbackDelta;

  @Option(names = "--web.external-url", paramLabel = "URL",
      description = "The URL under which Vigil is reached by users, for links in alerts and "
          + "notifications (default: http://<hostname>:<port>).")
  String externalUrl;

  @CommandLine.Mixin
  RuleFlags ruleFlags = new RuleFlags();

  @Option(names = "--alertmanager.notification-queue-capacity", paramLabel = "N",
      defaultValue = "10000", description = "The capacity of the queue for pending alert "
          + "notifications to Alertmanagers (default: ${DEFAULT-VALUE}).")
  int notificationQueueCapacity;

  @Option(names = "--alertmanager.embedded", defaultValue = "true", fallbackValue = "true",
      arity = "0..1", description = "Run Vigil's own alert handling (Alertmanager's role) in "
          + "the server; --no-alertmanager.embedded turns it off (default: true).")
  boolean embeddedAlertmanager;

  // Spelled out: picocli's negatable options only negate names without dots.
  @Option(names = "--no-alertmanager.embedded", hidden = true)
  boolean noEmbeddedAlertmanager;

  /** Whether the alert handling runs in the server: the flag, unless turned off. */
  boolean embeddedAlertmanager() {
    return embeddedAlertmanager && !noEmbeddedAlertmanager;
  }

  @Option(names = "--alertmanager.config.file", paramLabel = "FILE",
      description = "alertmanager.yml for the embedded alert handling. Without it, alerts are "
          + "kept, grouped and can be silenced, but are sent to no receiver.")
  Path alertmanagerConfigFile;

  @Option(names = "--log.level", paramLabel = "LEVEL", defaultValue = "info",
      description = "Only log messages with the given severity or above: debug, info, warn, error.")
  String logLevel;

  public static void main(String[] args) {
    System.exit(commandLine().execute(args));
  }

  /** The command line with every subcommand, as {@link #main} runs it. */
  public static CommandLine commandLine() {
    CommandLine cl = new CommandLine(new Main());
    cl.addSubcommand("alertmanager", new AlertmanagerCommand(new Receivers()));
    cl.getSubcommands().get("check").addSubcommand("rules", new CheckRulesCommand());
    cl.getSubcommands().get("test").addSubcommand("rules", new TestRulesCommand());
    CommandLine.IParameterExceptionHandler usual = cl.getParameterExceptionHandler();
    // promtool exits 1 on a usage error where picocli's default is 2; query follows promtool.
    cl.setParameterExceptionHandler((e, args) -> {
      int code = usual.handleParseException(e, args);
      for (CommandLine c = e.getCommandLine(); c != null; c = c.getParent()) {
        if (c.getCommand() instanceof QueryCommand) {
          return 1;
        }
      }
      return code;
    });
    return cl;
  }

  @Override
  public Integer call() throws Exception {
    Logging.setLevel(logLevel);
    InetSocketAddress address = parseListenAddress(listenAddress);
    Duration retention;
    long maxBytes;
    try {
      retention = Durations.parse(retentionTime);
      maxBytes = Sizes.parse(retentionSize);
    } catch (IllegalArgumentException e) {
      throw new CommandLine.ParameterException(commandLine(), "--storage.tsdb.retention.*: "
          + e.getMessage());
    }
    WebSecurity security;
    try {
      security = WebSecurity.fromFlag(webConfigFile);
    } catch (WebConfigException e) {
      throw new CommandLine.ParameterException(commandLine(), "--web.config.file: "
          + e.getMessage());
    }
    EngineOptions queryOptions = queryOptions();
    RuleOptions rules;
    try {
      rules = ruleFlags.options(externalUrl == null ? RuleOptions.DEFAULTS.externalUrl()
          : externalUrl);
    } catch (IllegalArgumentException e) {
      throw new CommandLine.ParameterException(commandLine(), e.getMessage());
    }
    if (notificationQueueCapacity < 1) {
      throw new CommandLine.ParameterException(commandLine(),
          "--alertmanager.notification-queue-capacity must be at least 1");
    }
    try (VigilServer server = new VigilServer(configFile, storagePath, address, lifecycle)) {
      server.queryOptions(queryOptions);
      server.ruleOptions(rules);
      server.externalUrl(externalUrl);
      server.alertmanager(embeddedAlertmanager(), alertmanagerConfigFile);
      server.notificationQueueCapacity(notificationQueueCapacity);
      server.retention(retention.toMillis(), maxBytes);
      server.seriesLimits(headSeriesLimit, seriesAddedLimit);
      server.adminApi(adminApi);
      server.webSecurity(security);
      server.remoteWriteReceiver(remoteWriteReceiver);
      server.agent(agent);
      server.exemplarStorage(exemplarStorage());
      server.flags(flags(spec));
      server.start();
      server.awaitShutdown();
    }
    return 0;
  }

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  /** Whether {@code --enable-feature} names exemplar-storage; other names are only logged. */
  boolean exemplarStorage() {
    boolean on = false;
    for (String f : features) {
      String name = f.trim();
      if (name.equals("exemplar-storage")) {
        on = true;
      } else if (!name.isEmpty()) {
        org.slf4j.LoggerFactory.getLogger(Main.class)
            .warn("Unknown option for --enable-feature: {}", name);
      }
    }
    return on;
  }

  /** The {@code --query.*} flags as engine settings; bad values are usage errors. */
  EngineOptions queryOptions() {
    try {
      if (queryMaxSamples < 0) {
        throw new IllegalArgumentException("--query.max-samples must not be negative");
      }
      return EngineOptions.DEFAULTS
          .withTimeout(Durations.parse(queryTimeout))
          .withLookbackDelta(Durations.parse(queryLookbackDelta))
          .withMaxSamples(queryMaxSamples)
          .withMaxConcurrency(queryMaxConcurrency);
    } catch (IllegalArgumentException e) {
      throw new CommandLine.ParameterException(commandLine(), "--query.*: " + e.getMessage());
    }
  }

  /**
   * Every server flag with its value as text, names without dashes, as Prometheus's
   * {@code /api/v1/status/flags} lists them; help and version are left out.
   */
  static Map<String, String> flags(CommandLine.Model.CommandSpec spec) {
    Map<String, String> out = new TreeMap<>();
    for (CommandLine.Model.OptionSpec o : spec.options()) {
      if (o.usageHelp() || o.versionHelp() || o.hidden()) {
        continue;
      }
      Object v = o.getValue();
      if (o.longestName().equals("--alertmanager.embedded") && spec.userObject() instanceof Main m) {
        v = m.embeddedAlertmanager();
      }
      if (v instanceof java.util.List<?> list) {
        v = String.join(",", list.stream().map(String::valueOf).toList());
      }
      out.put(o.longestName().replaceFirst("^--?", ""), v == null ? "" : v.toString());
    }
    return out;
  }

  /** {@code :9090}, {@code host:9090}, {@code [::1]:9090}, as Go's listeners take them. */
  static InetSocketAddress parseListenAddress(String s) {
    try {
      return ListenAddress.parse(s);
    } catch (IllegalArgumentException e) {
      throw new CommandLine.ParameterException(commandLine(), e.getMessage());
    }
  }

  /** {@code check config FILE...}, as {@code promtool check config}. */
  @Command(name = "check", description = "Check the validity of configuration files.",
      subcommands = {CheckConfigCommand.class, CheckWebConfigCommand.class},
      mixinStandardHelpOptions = true)
  static final class Check {}

  @Command(name = "config", description = "Check if the config files are valid or not.",
      mixinStandardHelpOptions = true)
  static final class CheckConfigCommand implements Callable<Integer> {
    @Parameters(arity = "1..*", paramLabel = "FILE")
    List<Path> files;

    @Override
    public Integer call() {
      return dev.vigil.server.config.CheckConfig.run(files,
          rules -> CheckRules.run(rules, System.in, true, false, false,
              TemplateFactory.PROMETHEUS, System.out, System.err),
          System.out, System.err);
    }
  }

  /** {@code check web-config FILE...}, as {@code promtool check web-config}. */
  @Command(name = "web-config", description = "Check if the web config files are valid or not.",
      mixinStandardHelpOptions = true)
  static final class CheckWebConfigCommand implements Callable<Integer> {
    @Parameters(arity = "1..*", paramLabel = "FILE")
    List<Path> files;

    @Override
    public Integer call() {
      int failed = 0;
      for (Path f : files) {
        try {
          WebSecurity.load(f);
          System.out.println(f + " SUCCESS");
        } catch (WebConfigException e) {
          System.err.println(f + " FAILED: " + e.getMessage());
          failed++;
        }
      }
      return failed == 0 ? 0 : 1;
    }
  }
}
