package dev.vigil.server.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Each file in config/invalid states the exact problems it must produce in "# expect:" lines
 * ("# expect-prefix:" when the tail comes from the YAML library). New cases are new files.
 */
class ConfigErrorsTest {
  static final Path INVALID = Path.of("src/test/resources/config/invalid");

  static Stream<Path> invalidFiles() throws IOException {
    try (Stream<Path> s = Files.list(INVALID)) {
      return s.filter(p -> p.toString().endsWith(".yml")).sorted().toList().stream();
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("invalidFiles")
  void reportsExactProblem(Path file) throws IOException {
    String yaml = Files.readString(file);
    List<String> expect = yaml.lines().filter(l -> l.startsWith("# expect: "))
        .map(l -> l.substring("# expect: ".length())).toList();
    List<String> prefixes = yaml.lines().filter(l -> l.startsWith("# expect-prefix: "))
        .map(l -> l.substring("# expect-prefix: ".length())).toList();
    assertThat(expect.size() + prefixes.size()).as("file states what it expects").isPositive();
    ConfigException e = catchThrowableOfType(ConfigException.class,
        () -> ConfigLoader.parse(yaml, file.getFileName().toString()));
    assertThat(e).as("must be rejected").isNotNull();
    if (!expect.isEmpty()) {
      assertThat(e.problems()).containsExactlyElementsOf(expect);
      assertThat(e.getMessage()).isEqualTo(String.join("\n", expect));
    }
    for (String p : prefixes) {
      assertThat(e.problems()).singleElement().asString().startsWith(p);
    }
  }

  @Test
  void duplicateKeysAreRejected() {
    assertThatThrownBy(() -> ConfigLoader.parse("global:\n  scrape_interval: 1s\n"
        + "  scrape_interval: 2s\n", "d.yml"))
        .isInstanceOf(ConfigException.class)
        .hasMessage("d.yml:3:3: key \"scrape_interval\" already set at line 2");
  }

  @Test
  void wrongNodeKinds() {
    assertThatThrownBy(() -> ConfigLoader.parse("scrape_configs:\n  job_name: x\n", "k.yml"))
        .hasMessage("k.yml:1:1: scrape_configs: expected a list, got a mapping");
    assertThatThrownBy(() -> ConfigLoader.parse("global: 5\n", "k.yml"))
        .hasMessage("k.yml:1:1: global: expected a mapping (global_config), got a scalar");
  }

  @Test
  void unsupportedServiceDiscoveryIsAnError() {
    assertThatThrownBy(() -> ConfigLoader.parse("scrape_configs:\n  - job_name: k\n"
        + "    kubernetes_sd_configs:\n      - role: pod\n", "sd.yml"))
        .hasMessage("sd.yml:3:5: scrape_configs[0].kubernetes_sd_configs: kubernetes_sd_configs"
            + " is not supported by Vigil");
  }

  @Test
  void authExclusivity() {
    assertThatThrownBy(() -> ConfigLoader.parse("scrape_configs:\n  - job_name: a\n"
        + "    basic_auth: {username: u, password: p}\n"
        + "    authorization: {credentials: c}\n", "a.yml"))
        .hasMessage("a.yml:3:5: scrape_configs[0].basic_auth: at most one of basic_auth,"
            + " authorization (or bearer_token) and oauth2 may be set");
    assertThatThrownBy(() -> ConfigLoader.parse("scrape_configs:\n  - job_name: a\n"
        + "    authorization: {type: basic, credentials: c}\n", "a.yml"))
        .hasMessage("a.yml:3:21: scrape_configs[0].authorization.type: authorization type cannot"
            + " be \"Basic\"; use basic_auth instead");
  }

  @Test
  void remoteChecks() {
    assertThatThrownBy(() -> ConfigLoader.parse("remote_write:\n  - url: ftp://x/\n", "r.yml"))
        .hasMessage("r.yml:2:5: remote_write[0].url: URL scheme must be 'http' or 'https', got"
            + " \"ftp://x/\"");
    assertThatThrownBy(() -> ConfigLoader.parse("remote_write:\n  - url: http://x/\n"
        + "    headers: {Content-Type: text/plain}\n", "r.yml"))
        .hasMessage("r.yml:3:5: remote_write[0].headers: header \"Content-Type\" is reserved and"
            + " cannot be set");
    assertThatThrownBy(() -> ConfigLoader.parse("alerting:\n  alertmanagers:\n"
        + "    - api_version: v1\n", "r.yml"))
        .hasMessage("r.yml:3:7: alerting.alertmanagers[0].api_version: unsupported Alertmanager"
            + " API version \"v1\" (only v2 is supported)");
  }
}
