package dev.vigil.exporters.mysql;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * The instances one process watches through {@code /probe?target=}: those named in the
 * instances file (each with its own DSN) and any {@code host:port} probed with the default
 * credentials (or a my.cnf {@code [client.<auth_module>]} section). Each keeps its own, reused
 * connection.
 *
 * <pre>
 * instances:
 *   - name: primary
 *     dsn: "exporter:secret@(db1:3306)/"
 * </pre>
 */
final class MysqlTargets implements AutoCloseable {
  /** Bounds the instances a stream of random probe targets could create. */
  static final int MAX_AD_HOC = 256;

  private final Map<String, MysqlInstance> named;
  private final Map<String, MysqlInstance> adHoc = new ConcurrentHashMap<>();
  private final Function<MysqlDsn, MysqlInstance> factory;
  private final Function<String, MysqlDsn> credentials;

  /**
   * @param credentials the DSN for an auth module ("" = the default); throws
   *     IllegalArgumentException when there is none
   */
  MysqlTargets(Map<String, MysqlDsn> named, Function<MysqlDsn, MysqlInstance> factory,
      Function<String, MysqlDsn> credentials) {
    this.factory = factory;
    this.credentials = credentials;
    Map<String, MysqlInstance> m = new LinkedHashMap<>();
    named.forEach((k, v) -> m.put(k, factory.apply(v)));
    this.named = Map.copyOf(m);
  }

  /** Reads an instances file: name → DSN. */
  static Map<String, MysqlDsn> readFile(Path file) throws IOException {
    JsonNode root;
    try {
      root = new ObjectMapper(new YAMLFactory()).readTree(file.toFile());
    } catch (IOException e) {
      throw new IllegalArgumentException("instances file " + file + ": " + e.getMessage());
    }
    JsonNode list = root == null ? null : root.get("instances");
    if (list == null || !list.isArray()) {
      throw new IllegalArgumentException(
          "instances file " + file + ": expected a list under \"instances:\"");
    }
    Map<String, MysqlDsn> out = new LinkedHashMap<>();
    int i = 0;
    for (JsonNode n : list) {
      i++;
      String name = n.path("name").asText("");
      String dsn = n.path("dsn").asText("");
      if (name.isEmpty() || dsn.isEmpty()) {
        throw new IllegalArgumentException(
            "instances file " + file + ": instance #" + i + " needs both name and dsn");
      }
      if (out.put(name, MysqlDsn.parse(dsn)) != null) {
        throw new IllegalArgumentException(
            "instances file " + file + ": instance name \"" + name + "\" used twice");
      }
    }
    return out;
  }

  /**
   * The instance for a probe target: a name from the file, else {@code host:port}.
   *
   * @throws IllegalArgumentException for a bad target or missing credentials
   */
  MysqlInstance instance(String target, String authModule) {
    if (target == null || target.isBlank()) {
      throw new IllegalArgumentException("target parameter is missing");
    }
    MysqlInstance i = named.get(target);
    if (i != null) {
      return i;
    }
    String module = authModule == null ? "" : authModule;
    String key = module + "\u0000" + target;
    MysqlInstance existing = adHoc.get(key);
    if (existing != null) {
      return existing;
    }
    if (adHoc.size() >= MAX_AD_HOC) {
      throw new IllegalArgumentException("too many probe targets (" + MAX_AD_HOC + ")");
    }
    MysqlDsn dsn = credentials.apply(module).withTarget(target);
    return adHoc.computeIfAbsent(key, k -> factory.apply(dsn));
  }

  @Override
  public void close() {
    named.values().forEach(MysqlInstance::close);
    adHoc.values().forEach(MysqlInstance::close);
  }
}
