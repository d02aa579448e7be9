package dev.vigil.server.api;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.URL;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Enumeration;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.Manifest;

/**
 * {@code /api/v1/status/config}, {@code flags}, {@code runtimeinfo} and {@code buildinfo}, in
 * Prometheus's shapes; Go runtime fields get their nearest JVM meaning (goroutines → threads,
 * GOMAXPROCS → processors, goVersion → the Java version).
 */
public final class StatusApi {
  /** What the running server knows about itself; read on each request. */
  public interface ServerState {
    /** The configuration file as loaded (or the built-in default), as text. */
    String configYaml();

    Instant startTime();

    boolean reloadConfigSuccess();

    /** When the configuration was last loaded successfully. */
    Instant lastConfigTime();

    long timeSeriesCount();

    /** Blocks found corrupt (Prometheus counts WAL corruptions here). */
    long corruptionCount();

    /** E.g. {@code 15d}, {@code 15d or 512MiB}, {@code 512MiB}. */
    String storageRetention();
  }

  private static final DateTimeFormatter RFC3339 = DateTimeFormatter.ISO_OFFSET_DATE_TIME;

  private final ServerState state;
  private final Map<String, String> flags;
  private final Map<String, String> build;

  /** @param flags every flag name (without dashes) and its value as text, in order */
  public StatusApi(ServerState state, Map<String, String> flags) {
    this.state = state;
    this.flags = Map.copyOf(flags);
    this.build = buildInfo();
  }

  public ApiResponse config(ApiRequest r) {
    String yaml = state.configYaml();
    return ApiResponse.of(g -> {
      g.writeStartObject();
      g.writeStringField("yaml", yaml);
      g.writeEndObject();
    });
  }

  public ApiResponse flags(ApiRequest r) {
    return ApiResponse.of(g -> {
      g.writeStartObject();
      for (Map.Entry<String, String> e : new java.util.TreeMap<>(flags).entrySet()) {
        g.writeStringField(e.getKey(), e.getValue());
      }
      g.writeEndObject();
    });
  }

  public ApiResponse runtimeInfo(ApiRequest r) {
    String startTime = format(state.startTime());
    String lastConfig = format(state.lastConfigTime());
    String serverTime = format(Instant.now());
    boolean reloadOk = state.reloadConfigSuccess();
    long series = state.timeSeriesCount();
    long corruptions = state.corruptionCount();
    String retention = state.storageRetention();
    return ApiResponse.of(g -> {
      g.writeStartObject();
      g.writeStringField("startTime", startTime);
      g.writeStringField("CWD", Path.of("").toAbsolutePath().toString());
      g.writeStringField("hostname", hostname());
      g.writeStringField("serverTime", serverTime);
      g.writeBooleanField("reloadConfigSuccess", reloadOk);
      g.writeStringField("lastConfigTime", lastConfig);
      g.writeNumberField("timeSeriesCount", series);
      g.writeNumberField("corruptionCount", corruptions);
      g.writeNumberField("goroutineCount", Thread.activeCount());
      g.writeNumberField("GOMAXPROCS", Runtime.getRuntime().availableProcessors());
      g.writeNumberField("GOMEMLIMIT", Runtime.getRuntime().maxMemory());
      g.writeStringField("GOGC", "");
      g.writeStringField("GODEBUG", "");
      g.writeStringField("storageRetention", retention);
      g.writeEndObject();
    });
  }

  public ApiResponse buildInfo(ApiRequest r) {
    return ApiResponse.of(g -> {
      g.writeStartObject();
      for (String key : new String[] {"version", "revision", "branch", "buildUser", "buildDate",
          "goVersion"}) {
        g.writeStringField(key, build.get(key));
      }
      g.writeEndObject();
    });
  }

  private static String format(Instant t) {
    return t == null ? "0001-01-01T00:00:00Z" : RFC3339.format(t.atZone(ZoneId.systemDefault()));
  }

  private static String hostname() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (IOException e) {
      return "";
    }
  }

  /**
   * Version and provenance from the server jar's manifest ({@code Implementation-Version},
   * {@code Vigil-Revision}, ...); "dev" and "unknown" when run from classes, as in tests.
   */
  static Map<String, String> buildInfo() {
    Attributes a = manifest();
    String version = value(a, "Implementation-Version", "dev");
    return Map.of("version", version,
        "revision", value(a, "Vigil-Revision", "unknown"),
        "branch", value(a, "Vigil-Branch", "unknown"),
        "buildUser", value(a, "Built-By", "unknown"),
        "buildDate", value(a, "Vigil-Build-Date", "unknown"),
        "goVersion", "java " + Runtime.version());
  }

  private static String value(Attributes a, String name, String fallback) {
    String v = a == null ? null : a.getValue(name);
    return v == null || v.isEmpty() ? fallback : v;
  }

  /** This class's own jar manifest, or null when not run from a jar. */
  private static Attributes manifest() {
    URL self = StatusApi.class.getResource("StatusApi.class");
    if (self == null || !"jar".equals(self.getProtocol())) {
      return null;
    }
    String jar = self.toString().substring(0, self.toString().indexOf("!/") + 2);
    try {
      Enumeration<URL> all = StatusApi.class.getClassLoader().getResources("META-INF/MANIFEST.MF");
      while (all.hasMoreElements()) {
        URL u = all.nextElement();
        if (u.toString().startsWith(jar)) {
          try (InputStream in = u.openStream()) {
            return new Manifest(in).getMainAttributes();
          }
        }
      }
    } catch (IOException e) {
      return null;
    }
    return null;
  }
}
