package dev.vigil.exporters.postgres;

import dev.vigil.exporters.common.WebConfigFlag;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code vigil-exporter postgres}: postgres_exporter's flags and environment
 * (DATA_SOURCE_NAME, or DATA_SOURCE_URI with DATA_SOURCE_USER/PASS and their _FILE forms).
 */
@Command(name = "postgres", mixinStandardHelpOptions = true,
    description = "PostgreSQL exporter with postgres_exporter's metric names (port 9187). "
        + "Connection: DATA_SOURCE_NAME (postgresql://user:pass@host:port/db?sslmode=disable "
        + "or host=... user=... dbname=..., several separated by commas), or DATA_SOURCE_URI "
        + "(host:port/db) with DATA_SOURCE_USER / DATA_SOURCE_PASS (or _FILE variants).")
public final class PostgresCommand implements Callable<Integer> {
  private static final Logger LOG = LoggerFactory.getLogger(PostgresCommand.class);

  @Option(names = "--web.listen-address", defaultValue = ":9187",
      description = "Address to listen on (default: ${DEFAULT-VALUE}).")
  String listenAddress;

  @Mixin WebConfigFlag web;

  @Option(names = "--web.telemetry-path", defaultValue = "/metrics",
      description = "Path of the metrics (default: ${DEFAULT-VALUE}); /probe?target= is next to it.")
  String metricsPath;

  @Option(names = "--extend.query-path", description = "YAML file of user queries.")
  Path queryPath;

  @Option(names = "--auto-discover-databases",
      description = "Read every database of each server (per-database metrics).")
  boolean autoDiscover;

  @Option(names = "--exclude-databases", defaultValue = "",
      description = "Comma-separated databases to skip when auto-discovering.")
  String exclude;

  @Option(names = "--include-databases", defaultValue = "",
      description = "Comma-separated databases to read when auto-discovering (default: all).")
  String include;

  @Option(names = "--disable-settings-metrics", description = "Do not export pg_settings_*.")
  boolean noSettings;

  @Option(names = "--instances.file",
      description = "YAML file listing instances: `instances: [{dsn: postgresql://...}]`.")
  Path instancesFile;

  @Option(names = "--scrape.timeout", defaultValue = "10s",
      description = "Bound of every query and collector in one scrape (default: ${DEFAULT-VALUE}).")
  String timeout;

  @Override
  public Integer call() throws Exception {
    List<Dsn> dsns;
    Duration t;
    UserQueries queries;
    try {
      t = duration(timeout);
      dsns = dsns(System.getenv(), instancesFile);
      queries = queryPath == null ? new UserQueries(List.of()) : UserQueries.load(queryPath);
    } catch (IllegalArgumentException | IOException e) {
      System.err.println("postgres: " + e.getMessage());
      return 2;
    }
    PgExporter.Options options = new PgExporter.Options(t, queries, autoDiscover, list(include),
        list(exclude), !noSettings);
    CountDownLatch stop = new CountDownLatch(1);
    try (PgServer server = new PgServer(web.listen(listenAddress), metricsPath, dsns,
        dsns.isEmpty() ? null : dsns.get(0), options)) {
      LOG.info("postgres exporter listening on :{}{} for {}", server.port(), metricsPath, dsns);
      Runtime.getRuntime().addShutdownHook(new Thread(stop::countDown));
      stop.await();
    }
    return 0;
  }

  /** The instances: the file's, else the environment's (comma-separated as the peer allows). */
  static List<Dsn> dsns(Map<String, String> env, Path file) throws IOException {
    List<Dsn> out = new ArrayList<>();
    if (file != null) {
      JsonNode root = new ObjectMapper(new YAMLFactory()).readTree(file.toFile());
      for (JsonNode i : root == null ? List.<JsonNode>of() : root.path("instances")) {
        if (!i.hasNonNull("dsn")) {
          throw new IllegalArgumentException(file + ": each instance needs a dsn");
        }
        out.add(Dsn.parse(i.get("dsn").asText()));
      }
      if (out.isEmpty()) {
        throw new IllegalArgumentException(file + ": no instances (expected instances: - dsn: ...)");
      }
      return out;
    }
    String user = secret(env, "DATA_SOURCE_USER");
    String pass = secret(env, "DATA_SOURCE_PASS");
    String names = env.get("DATA_SOURCE_NAME");
    if (names == null || names.isBlank()) {
      String uri = env.get("DATA_SOURCE_URI");
      if (uri == null || uri.isBlank()) {
        throw new IllegalArgumentException("no data source: set DATA_SOURCE_NAME, "
            + "DATA_SOURCE_URI (with DATA_SOURCE_USER/PASS) or --instances.file");
      }
      names = Arrays.stream(uri.split(",")).map(u -> "postgresql://" + u.strip())
          .reduce((a, b) -> a + "," + b).orElse("");
    }
    // key=value DSNs contain spaces, never commas, so a comma always separates instances
    for (String n : names.split(",")) {
      if (!n.isBlank()) {
        out.add(Dsn.parse(n).withCredentials(user, pass));
      }
    }
    return out;
  }

  private static String secret(Map<String, String> env, String name) throws IOException {
    String file = env.get(name + "_FILE");
    if (file != null && !file.isBlank()) {
      return Files.readString(Path.of(file)).strip();
    }
    String v = env.get(name);
    return v == null || v.isEmpty() ? null : v;
  }

  static Duration duration(String s) {
    try {
      if (s.endsWith("ms")) {
        return Duration.ofMillis(Long.parseLong(s.substring(0, s.length() - 2)));
      }
      if (s.endsWith("s")) {
        return Duration.ofMillis((long) (Double.parseDouble(s.substring(0, s.length() - 1)) * 1000));
      }
      if (s.endsWith("m")) {
        return Duration.ofMinutes(Long.parseLong(s.substring(0, s.length() - 1)));
      }
      return Duration.ofSeconds(Long.parseLong(s));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("--scrape.timeout: invalid duration \"" + s
          + "\" (expected 10s, 500ms, 1m)");
    }
  }

  private static Set<String> list(String s) {
    Set<String> out = new LinkedHashSet<>();
    for (String p : s.split(",")) {
      if (!p.isBlank()) {
        out.add(p.strip());
      }
    }
    return out;
  }
}
