package dev.vigil.exporters.redis;

import dev.vigil.exporters.common.WebConfigFlag;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vigil.client.model.Registry;
import dev.vigil.exporters.common.ProcessMetrics;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Help.Visibility;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code vigil-exporter redis}: redis_exporter's flags and environment variables, so it can
 * replace it in an existing setup.
 */
@Command(name = "redis", mixinStandardHelpOptions = true,
    description = "Redis exporter (redis_exporter-compatible metric names), default port 9121.")
public final class RedisCommand implements Callable<Integer> {
  private static final Logger LOG = LoggerFactory.getLogger(RedisCommand.class);

  @Option(names = "--redis.addr", defaultValue = "${env:REDIS_ADDR:-redis://localhost:6379}",
      description = "Address of the Redis instance to scrape (env REDIS_ADDR). Default: "
          + "${DEFAULT-VALUE}.")
  String addr;

  @Option(names = "--redis.addr-file", defaultValue = "${env:REDIS_ADDR_FILE}",
      description = "File listing several instances to scrape on /metrics, one address a line "
          + "(# comments); each sample gets a redis_addr label (env REDIS_ADDR_FILE).")
  Path addrFile;

  @Option(names = "--redis.user", defaultValue = "${env:REDIS_USER}",
      description = "User name for Redis 6+ ACLs (env REDIS_USER).")
  String user;

  @Option(names = "--redis.password", defaultValue = "${env:REDIS_PASSWORD}",
      showDefaultValue = Visibility.NEVER,
      description = "Password of the Redis instance (env REDIS_PASSWORD).")
  String password;

  @Option(names = "--redis.password-file", defaultValue = "${env:REDIS_PASSWORD_FILE}",
      description = "File with the password, or a JSON object mapping addresses to passwords "
          + "as redis_exporter reads it (env REDIS_PASSWORD_FILE).")
  Path passwordFile;

  @Option(names = "--web.listen-address",
      defaultValue = "${env:REDIS_EXPORTER_WEB_LISTEN_ADDRESS:-:9121}",
      description = "Address to listen on. Default: ${DEFAULT-VALUE}.")
  String listenAddress;

  @Mixin WebConfigFlag web;

  @Option(names = "--namespace", defaultValue = "${env:REDIS_EXPORTER_NAMESPACE:-redis}",
      description = "Namespace (prefix) of the metrics. Default: ${DEFAULT-VALUE}.")
  String namespace;

  @Option(names = "--connection-timeout",
      defaultValue = "${env:REDIS_EXPORTER_CONNECTION_TIMEOUT:-15s}",
      description = "Bound on connecting and on each command, like 15s or 500ms. Default: "
          + "${DEFAULT-VALUE}.")
  String connectionTimeout;

  @Option(names = "--check-keys", defaultValue = "${env:REDIS_EXPORTER_CHECK_KEYS}",
      description = "Key patterns to export size and numeric value of, found with SCAN, like "
          + "db3=queue:*,user_count (at most " + KeyChecks.MAX_KEYS_PER_PATTERN
          + " keys a pattern).")
  String checkKeys;

  @Option(names = "--check-single-keys", defaultValue = "${env:REDIS_EXPORTER_CHECK_SINGLE_KEYS}",
      description = "Exact keys to export size and numeric value of, like db3=user_count.")
  String checkSingleKeys;

  @Override
  public Integer call() throws Exception {
    Settings s;
    try {
      s = settings();
    } catch (IllegalArgumentException | IOException e) {
      System.err.println("redis exporter: " + e.getMessage());
      return 2;
    }
    Registry registry = new Registry();
    registry.register(new ProcessMetrics());
    try (RedisExporter exporter = new RedisExporter(namespace, s.timeout(), s.addresses(),
        s.keys())) {
      registry.register(exporter);
      try (RedisServer server = new RedisServer(web.listen(listenAddress), registry, exporter,
          s::withCredentials)) {
        LOG.info("redis exporter listening on http://{}:{}/metrics for {}", server.host(),
            server.port(), s.addresses());
        CountDownLatch stop = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(stop::countDown));
        stop.await();
      }
    }
    return 0;
  }

  /** The validated settings; bad input gives a message naming the flag. */
  Settings settings() throws IOException {
    if (!namespace.matches("[a-zA-Z_][a-zA-Z0-9_]*")) {
      throw new IllegalArgumentException("--namespace: \"" + namespace
          + "\" is not a valid metric name prefix");
    }
    Duration timeout = duration(connectionTimeout);
    JsonNode passwords = null;
    String filePassword = null;
    if (passwordFile != null) {
      String text = Files.readString(passwordFile).strip();
      if (text.startsWith("{")) {
        passwords = new ObjectMapper().readTree(text);
      } else {
        filePassword = text;
      }
    }
    List<String> raw = new ArrayList<>();
    if (addrFile != null) {
      for (String line : Files.readAllLines(addrFile)) {
        String l = line.strip();
        if (!l.isEmpty() && !l.startsWith("#")) {
          raw.add(l);
        }
      }
      if (raw.isEmpty()) {
        throw new IllegalArgumentException("--redis.addr-file " + addrFile + " lists no address");
      }
    } else if (addr != null && !addr.isBlank()) {
      raw.add(addr); // an empty --redis.addr leaves only /scrape?target=, as with the peer
    }
    String defaultPassword = password != null && !password.isEmpty() ? password : filePassword;
    KeyChecks keys = new KeyChecks(KeyChecks.parse("--check-keys", checkKeys),
        KeyChecks.parse("--check-single-keys", checkSingleKeys));
    return new Settings(timeout, user, defaultPassword, passwords, raw, keys);
  }

  /** {@code 15s}, {@code 500ms}, {@code 1m}, or plain seconds. */
  static Duration duration(String s) {
    try {
      Duration d;
      if (s.endsWith("ms")) {
        d = Duration.ofMillis(Long.parseLong(s.substring(0, s.length() - 2)));
      } else if (s.endsWith("s")) {
        d = Duration.ofMillis((long) (Double.parseDouble(s.substring(0, s.length() - 1)) * 1000));
      } else if (s.endsWith("m")) {
        d = Duration.ofSeconds(Long.parseLong(s.substring(0, s.length() - 1)) * 60);
      } else {
        d = Duration.ofMillis((long) (Double.parseDouble(s) * 1000));
      }
      if (d.isNegative() || d.isZero()) {
        throw new NumberFormatException();
      }
      return d;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("--connection-timeout: \"" + s
          + "\" is not a positive duration like 15s or 500ms");
    }
  }

  /** Settings after parsing: what the exporter and the /scrape endpoint need. */
  record Settings(Duration timeout, String user, String password, JsonNode passwordMap,
      List<String> rawAddresses, KeyChecks keys) {
    List<RedisAddress> addresses() {
      List<RedisAddress> out = new ArrayList<>();
      for (String a : rawAddresses) {
        out.add(withCredentials(RedisAddress.parse(a), a));
      }
      return out;
    }

    RedisAddress withCredentials(RedisAddress a) {
      return withCredentials(a, null);
    }

    private RedisAddress withCredentials(RedisAddress a, String raw) {
      String p = password;
      if (passwordMap != null) {
        JsonNode n = raw != null && passwordMap.has(raw) ? passwordMap.get(raw)
            : passwordMap.get(a.toString());
        if (n != null) {
          p = n.asText();
        }
      }
      return a.withCredentials(user, p);
    }

    @Override
    public String toString() {
      return "Settings[timeout=" + timeout + ", user=" + user + ", addresses=" + rawAddresses
          .stream().map(RedisAddress::mask).toList() + "]";
    }
  }
}
