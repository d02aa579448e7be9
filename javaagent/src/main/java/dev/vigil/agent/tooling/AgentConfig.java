package dev.vigil.agent.tooling;

import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The agent's settings, from (highest priority first) the agent arguments
 * {@code -javaagent:vigil-agent.jar=port=9464,host=127.0.0.1}, system properties
 * {@code -Dvigil.agent.port=9464} and environment variables {@code VIGIL_AGENT_PORT=9464}.
 *
 * <p>An unknown or malformed option is reported on stderr and otherwise ignored: a typo must not
 * keep the application from starting.
 */
final class AgentConfig {
  static final String PROPERTY_PREFIX = "vigil.agent.";
  static final String ENV_PREFIX = "VIGIL_AGENT_";
  /** Instrumentation names for {@code instrumentation.<name>.enabled}. */
  static final List<String> INSTRUMENTATIONS = Collections.unmodifiableList(Arrays.asList(
      "httpserver", "servlet", "undertow", "httpclient", "urlconnection", "okhttp", "jdbc",
      "hikaricp"));
  private static final List<String> KEYS =
      Arrays.asList("port", "host", "routes.max", "web.config.file");

  final int port;
  /** Null: all interfaces. */
  final String host;
  /** A web configuration file (TLS, basic auth) for the endpoint, Prometheus's format; or null. */
  final String webConfigFile;
  /** Distinct routes (and server addresses, operations) kept per metric before "other". */
  final int routesMax;
  private final Map<String, String> values;

  private AgentConfig(Map<String, String> values, Consumer<String> warn) {
    this.values = values;
    this.port = intValue("port", 9464, 0, 65535, warn);
    this.host = values.get("host");
    this.webConfigFile = values.get("web.config.file");
    this.routesMax = intValue("routes.max", 100, 1, 100_000, warn);
  }

  /** Reads the three sources; {@code warn} gets one line per problem. */
  static AgentConfig load(String args, Map<String, String> env, Map<Object, Object> props,
      Consumer<String> warn) {
    Map<String, String> values = new LinkedHashMap<>();
    for (Map.Entry<String, String> e : env.entrySet()) {
      if (e.getKey().startsWith(ENV_PREFIX)) {
        String key = fromEnv(e.getKey().substring(ENV_PREFIX.length()));
        put(values, key, e.getValue(), "environment variable " + e.getKey(), warn);
      }
    }
    for (Map.Entry<Object, Object> e : props.entrySet()) {
      String name = String.valueOf(e.getKey());
      if (name.startsWith(PROPERTY_PREFIX) && !name.startsWith(PROPERTY_PREFIX + "test.")) {
        put(values, name.substring(PROPERTY_PREFIX.length()), String.valueOf(e.getValue()),
            "system property " + name, warn);
      }
    }
    if (args != null && !args.trim().isEmpty()) {
      for (String part : args.split(",")) {
        int eq = part.indexOf('=');
        if (eq <= 0) {
          warn.accept("ignoring agent argument '" + part + "': expected key=value");
          continue;
        }
        put(values, part.substring(0, eq).trim(), part.substring(eq + 1).trim(),
            "agent argument " + part.substring(0, eq).trim(), warn);
      }
    }
    return new AgentConfig(values, warn);
  }

  /** {@code instrumentation.<name>.enabled}, true unless set to false. */
  boolean enabled(String instrumentation) {
    return !"false".equalsIgnoreCase(values.get("instrumentation." + instrumentation + ".enabled"));
  }

  private static void put(Map<String, String> values, String key, String value, String source,
      Consumer<String> warn) {
    if (!known(key)) {
      warn.accept("ignoring unknown option " + source + " (known: port, host, routes.max, web.config.file, "
          + "instrumentation.<name>.enabled with <name> one of " + INSTRUMENTATIONS + ")");
      return;
    }
    values.put(key, value);
  }

  private static boolean known(String key) {
    if (KEYS.contains(key)) {
      return true;
    }
    String p = "instrumentation.";
    String s = ".enabled";
    return key.startsWith(p) && key.endsWith(s) && key.length() > p.length() + s.length()
        && INSTRUMENTATIONS.contains(key.substring(p.length(), key.length() - s.length()));
  }

  /** {@code INSTRUMENTATION_JDBC_ENABLED} → {@code instrumentation.jdbc.enabled}. */
  private static String fromEnv(String name) {
    return name.toLowerCase(Locale.ROOT).replace('_', '.');
  }

  private int intValue(String key, int def, int min, int max, Consumer<String> warn) {
    String v = values.get(key);
    if (v == null) {
      return def;
    }
    try {
      int n = Integer.parseInt(v.trim());
      if (n >= min && n <= max) {
        return n;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    warn.accept("ignoring " + key + "=" + v + ": expected a whole number from " + min + " to "
        + max + ", using " + def);
    return def;
  }
}
