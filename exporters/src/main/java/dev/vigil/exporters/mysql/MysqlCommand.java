package dev.vigil.exporters.mysql;

import dev.vigil.exporters.common.WebConfigFlag;
import dev.vigil.client.model.Registry;
import dev.vigil.exporters.common.ProcessMetrics;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code vigil-exporter mysql}: mysqld_exporter 0.14's settings and metric names. Credentials
 * come from DATA_SOURCE_NAME or, without it, from the my.cnf file's [client] section.
 */
@Command(name = "mysql", mixinStandardHelpOptions = true,
    description = "MySQL/MariaDB exporter with mysqld_exporter's metric names. Reads "
        + "DATA_SOURCE_NAME (user:password@(host:port)/) or --config.my-cnf.")
public final class MysqlCommand implements Callable<Integer> {
  private static final Logger LOG = LoggerFactory.getLogger(MysqlCommand.class);

  @Option(names = "--web.listen-address", defaultValue = ":9104",
      description = "Address to listen on (default ${DEFAULT-VALUE}).")
  String listenAddress;

  @Mixin WebConfigFlag web;

  @Option(names = "--config.my-cnf", defaultValue = "${sys:user.home}/.my.cnf",
      description = "my.cnf with [client] user, password, host, port (default ${DEFAULT-VALUE}).")
  Path myCnf;

  @Option(names = "--config.instances",
      description = "YAML file of named instances (name, dsn) served by /probe?target=<name>.")
  Path instancesFile;

  @Option(names = "--scrape.timeout", defaultValue = "10s",
      description = "Bound on one scrape, all queries included (default ${DEFAULT-VALUE}).")
  String scrapeTimeout;

  @Option(names = "--exporter.lock_wait_timeout", defaultValue = "2",
      description = "Session lock_wait_timeout in seconds (default ${DEFAULT-VALUE}).")
  int lockWaitTimeout;

  @Option(names = "--collect.global_status", defaultValue = "true",
      description = "Collect from SHOW GLOBAL STATUS (default ${DEFAULT-VALUE}; --no-collect.global_status turns it off).")
  boolean globalStatus;

  @Option(names = "--collect.global_variables", defaultValue = "true",
      description = "Collect from SHOW GLOBAL VARIABLES (default ${DEFAULT-VALUE}; --no-collect.global_variables turns it off).")
  boolean globalVariables;

  @Option(names = "--collect.slave_status", defaultValue = "true",
      description = "Collect from SHOW SLAVE STATUS (default ${DEFAULT-VALUE}; --no-collect.slave_status turns it off).")
  boolean slaveStatus;

  @Option(names = "--collect.info_schema.innodb_cmp", defaultValue = "true",
      description = "Collect from information_schema.innodb_cmp (default ${DEFAULT-VALUE}; --no-collect.info_schema.innodb_cmp turns it off).")
  boolean innodbCmp;

  @Option(names = "--collect.info_schema.innodb_cmpmem", defaultValue = "true",
      description = "Collect from information_schema.innodb_cmpmem (default ${DEFAULT-VALUE}; --no-collect.info_schema.innodb_cmpmem turns it off).")
  boolean innodbCmpMem;

  @Option(names = "--collect.info_schema.processlist", defaultValue = "false",
      description = "Collect thread counts from information_schema.processlist (default ${DEFAULT-VALUE}; --no-collect.info_schema.processlist turns it off).")
  boolean processlist;

  @Option(names = "--collect.info_schema.processlist.min_time", defaultValue = "0",
      description = "Processlist: only threads busy this many seconds (default ${DEFAULT-VALUE}).")
  int processlistMinTime;

  @Option(names = "--collect.info_schema.processlist.processes_by_user",
      defaultValue = "true",
      description = "Processlist: processes by user (default ${DEFAULT-VALUE}; --no-collect.info_schema.processlist.processes_by_user turns it off).")
  boolean processesByUser;

  @Option(names = "--collect.info_schema.processlist.processes_by_host",
      defaultValue = "true",
      description = "Processlist: processes by client host (default ${DEFAULT-VALUE}; --no-collect.info_schema.processlist.processes_by_host turns it off).")
  boolean processesByHost;

  @Option(names = "--collect.info_schema.tables", defaultValue = "false",
      description = "Collect table rows and sizes from information_schema.tables (default ${DEFAULT-VALUE}; --no-collect.info_schema.tables turns it off).")
  boolean tables;

  @Option(names = "--collect.info_schema.tables.databases", defaultValue = "*",
      description = "Comma list of schemas, or * for all but the system ones.")
  String tablesDatabases;

  // kingpin's --no-<flag> forms. picocli's own negation does not handle names with dots, so
  // each is its own hidden option, recorded in a set: picocli may apply the fields' defaults
  // after these setters run, so they must not write the fields themselves.

  @Option(names = "--no-collect.global_status", hidden = true)
  void noGlobalStatus(boolean off) {
    if (off) {
      turnedOff.add("globalStatus");
    }
  }

  @Option(names = "--no-collect.global_variables", hidden = true)
  void noGlobalVariables(boolean off) {
    if (off) {
      turnedOff.add("globalVariables");
    }
  }

  @Option(names = "--no-collect.slave_status", hidden = true)
  void noSlaveStatus(boolean off) {
    if (off) {
      turnedOff.add("slaveStatus");
    }
  }

  @Option(names = "--no-collect.info_schema.innodb_cmp", hidden = true)
  void noInnodbCmp(boolean off) {
    if (off) {
      turnedOff.add("innodbCmp");
    }
  }

  @Option(names = "--no-collect.info_schema.innodb_cmpmem", hidden = true)
  void noInnodbCmpMem(boolean off) {
    if (off) {
      turnedOff.add("innodbCmpMem");
    }
  }

  @Option(names = "--no-collect.info_schema.processlist", hidden = true)
  void noProcesslist(boolean off) {
    if (off) {
      turnedOff.add("processlist");
    }
  }

  @Option(names = "--no-collect.info_schema.processlist.processes_by_user", hidden = true)
  void noProcessesByUser(boolean off) {
    if (off) {
      turnedOff.add("processesByUser");
    }
  }

  @Option(names = "--no-collect.info_schema.processlist.processes_by_host", hidden = true)
  void noProcessesByHost(boolean off) {
    if (off) {
      turnedOff.add("processesByHost");
    }
  }

  @Option(names = "--no-collect.info_schema.tables", hidden = true)
  void noTables(boolean off) {
    if (off) {
      turnedOff.add("tables");
    }
  }

  /** Switches given as --no-collect.…, by field name; they win over the fields' values. */
  private final java.util.Set<String> turnedOff = new java.util.HashSet<>();

  private boolean on(boolean value, String field) {
    return value && !turnedOff.contains(field);
  }

  /** Environment for DATA_SOURCE_NAME; tests replace it. */
  Map<String, String> env = System.getenv();

  @Override
  public Integer call() throws Exception {
    try (Running r = start()) {
      LOG.info("mysql exporter listening on {} (port {}), instance {}", listenAddress, r.port(),
          r.instance == null ? "(none: /probe only)" : r.instance.dsn());
      CountDownLatch stop = new CountDownLatch(1);
      Runtime.getRuntime().addShutdownHook(new Thread(stop::countDown));
      stop.await();
    } catch (IllegalArgumentException e) {
      LOG.error("{}", e.getMessage());
      return 2;
    }
    return 0;
  }

  /** Starts the endpoints; the caller closes what is returned. */
  Running start() throws java.io.IOException {
    Duration timeout = parseDuration(scrapeTimeout);
    MysqlDsn dsn = defaultDsn();
    Map<String, MysqlDsn> named = instancesFile == null ? Map.of()
        : MysqlTargets.readFile(instancesFile);
    List<Scraper> scrapers = scrapers();
    MysqlTargets targets = new MysqlTargets(named,
        d -> new MysqlInstance(d, scrapers, timeout, lockWaitTimeout),
        module -> credentials(module, dsn));
    MysqlInstance instance = dsn == null ? null
        : new MysqlInstance(dsn, scrapers, timeout, lockWaitTimeout);
    Registry registry = null;
    if (instance != null) {
      registry = new Registry();
      registry.register(instance);
      registry.register(new ProcessMetrics());
    }
    return new Running(instance, targets, new MysqlHttp(web.listen(listenAddress), registry, targets));
  }

  List<Scraper> scrapers() {
    List<Scraper> s = new ArrayList<>();
    if (on(globalStatus, "globalStatus")) {
      s.add(new GlobalScrapers.Status());
    }
    if (on(globalVariables, "globalVariables")) {
      s.add(new GlobalScrapers.Variables());
    }
    if (on(slaveStatus, "slaveStatus")) {
      s.add(new SlaveStatusScraper());
    }
    if (on(innodbCmp, "innodbCmp")) {
      s.add(new InfoSchemaScrapers.InnodbCmp());
    }
    if (on(innodbCmpMem, "innodbCmpMem")) {
      s.add(new InfoSchemaScrapers.InnodbCmpMem());
    }
    if (on(processlist, "processlist")) {
      s.add(new InfoSchemaScrapers.Processlist(processlistMinTime,
          on(processesByUser, "processesByUser"), on(processesByHost, "processesByHost")));
    }
    if (on(tables, "tables")) {
      s.add(new InfoSchemaScrapers.Tables(tablesDatabases));
    }
    return s;
  }

  /** DATA_SOURCE_NAME, else my.cnf [client]; null when neither exists (probe-only mode). */
  private MysqlDsn defaultDsn() throws java.io.IOException {
    String env = this.env.get("DATA_SOURCE_NAME");
    if (env != null && !env.isBlank()) {
      return MysqlDsn.parse(env);
    }
    if (myCnf != null && java.nio.file.Files.exists(myCnf)) {
      return MysqlDsn.fromMyCnf(myCnf, "client");
    }
    if (instancesFile == null) {
      throw new IllegalArgumentException("no credentials: set DATA_SOURCE_NAME, --config.my-cnf "
          + "or --config.instances");
    }
    return null;
  }

  private MysqlDsn credentials(String module, MysqlDsn fallback) {
    try {
      if (!module.isEmpty()) {
        return MysqlDsn.fromMyCnf(myCnf, "client." + module);
      }
    } catch (java.io.IOException e) {
      throw new IllegalArgumentException("cannot read " + myCnf + ": " + e.getMessage());
    }
    if (fallback == null) {
      throw new IllegalArgumentException("no default credentials for probe targets");
    }
    return fallback;
  }

  static Duration parseDuration(String s) {
    try {
      if (s.endsWith("ms")) {
        return Duration.ofMillis(Long.parseLong(s.substring(0, s.length() - 2)));
      }
      if (s.endsWith("s")) {
        return Duration.ofMillis((long) (Double.parseDouble(s.substring(0, s.length() - 1))
            * 1000));
      }
      if (s.endsWith("m")) {
        return Duration.ofMinutes(Long.parseLong(s.substring(0, s.length() - 1)));
      }
    } catch (NumberFormatException e) {
      // fall through to the error below
    }
    throw new IllegalArgumentException("--scrape.timeout: invalid duration \"" + s
        + "\" (expected e.g. 10s, 500ms, 1m)");
  }

  /** A started exporter. */
  static final class Running implements AutoCloseable {
    final MysqlInstance instance;
    final MysqlTargets targets;
    final MysqlHttp http;

    Running(MysqlInstance instance, MysqlTargets targets, MysqlHttp http) {
      this.instance = instance;
      this.targets = targets;
      this.http = http;
    }

    int port() {
      return http.port();
    }

    @Override
    public void close() {
      http.close();
      targets.close();
      if (instance != null) {
        instance.close();
      }
    }
  }
}
