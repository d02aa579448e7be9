package dev.vigil.server.config;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.UnaryOperator;

/**
 * Loads and validates {@code prometheus.yml}. Unknown fields and bad values are errors naming
 * {@code file:line:column} and the field path. Environment variables are only expanded in
 * {@code global.external_labels}, as the spec documents. Stateless and thread-safe.
 */
public final class ConfigLoader {
  static final String DEFAULT_RESOURCE = "dev/vigil/server/config/default.yml";
  static final String DEFAULT_TARGET = "localhost:9090";

  private ConfigLoader() {}

  /** Reads {@code file}; relative file names inside are resolved against its directory. */
  public static Config load(Path file) throws ConfigException {
    String yaml;
    try {
      yaml = Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new ConfigException(file + ": cannot read config file: " + e.getMessage(), e);
    }
    return parse(yaml, file.toString(), file.getParent(), System::getenv);
  }

  /** Parses {@code yaml}; {@code sourceName} prefixes every error. File names stay as written. */
  public static Config parse(String yaml, String sourceName) throws ConfigException {
    return parse(yaml, sourceName, null, System::getenv);
  }

  /**
   * Parses {@code yaml}.
   *
   * @param baseDir directory relative file names are resolved against; null leaves them as is
   * @param env environment lookup for external_labels (null result = unset)
   */
  public static Config parse(String yaml, String sourceName, Path baseDir,
      UnaryOperator<String> env) throws ConfigException {
    ParseContext ctx = new ParseContext(sourceName, baseDir, env);
    Node root = YamlTreeReader.read(yaml, sourceName);
    return new ConfigParser(ctx).parse(root);
  }

  /** The built-in config: job {@code vigil} scraping the server at localhost:9090 every 15s. */
  public static Config defaultConfig() {
    return defaultConfig(DEFAULT_TARGET);
  }

  /** The built-in config, scraping the server at {@code listenAddress} ({@code host:port}). */
  public static Config defaultConfig(String listenAddress) {
    String yaml = defaultYaml().replace(DEFAULT_TARGET, listenAddress);
    try {
      return parse(yaml, "<default config>", null, name -> null);
    } catch (ConfigException e) {
      throw new IllegalArgumentException("invalid listen address for the default config: "
          + e.getMessage(), e);
    }
  }

  static String defaultYaml() {
    try (InputStream in = ConfigLoader.class.getClassLoader()
        .getResourceAsStream(DEFAULT_RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("missing resource " + DEFAULT_RESOURCE);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
