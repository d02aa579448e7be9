package dev.vigil.server.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.server.config.HttpClientConfig.Authorization;
import dev.vigil.server.config.HttpClientConfig.BasicAuth;
import dev.vigil.server.config.HttpClientConfig.Header;
import dev.vigil.server.config.RemoteWriteConfig.MetadataConfig;
import dev.vigil.server.config.RemoteWriteConfig.QueueConfig;
import dev.vigil.server.model.Labels;
import dev.vigil.server.relabel.RelabelConfig;
import dev.vigil.server.relabel.RelabelConfig.Action;
import dev.vigil.server.relabel.RelabelRegex;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConfigLoaderTest {
  static final Path DIR = Path.of("src/test/resources/config");

  private static Config full() throws Exception {
    String yaml = Files.readString(DIR.resolve("full.yml"));
    return ConfigLoader.parse(yaml, "full.yml", Path.of("/etc/vigil"),
        name -> name.equals("VIGIL_TEST_REPLICA") ? "r1" : null);
  }

  private static RelabelConfig rc(List<String> src, String sep, String regex, long modulus,
      String target, String replacement, Action action) {
    return new RelabelConfig(src, sep, RelabelRegex.compile(regex), modulus, target, replacement,
        action);
  }

  @Test
  void global() throws Exception {
    GlobalConfig g = full().global();
    assertThat(g).isEqualTo(new GlobalConfig(Duration.ofSeconds(30), Duration.ofSeconds(20),
        Duration.ofSeconds(90), Duration.ofMinutes(1),
        Labels.of("region", "eu-west", "replica", "r1", "price", "$5"),
        List.of("OpenMetricsText1.0.0", "PrometheusText0.0.4"), "/var/log/vigil/queries.log",
        "/etc/vigil/failures.log",
        new ScrapeLimits(10L << 20, 50000, 64, 128, 2048, 1000, 100), false, false, false, true));
  }

  @Test
  void ruleFilesResolvedAgainstConfigDirectory() throws Exception {
    assertThat(full().ruleFiles()).containsExactly("/etc/vigil/rules/*.yml",
        "/etc/vigil/alerts.yml");
  }

  @Test
  void scrapeConfigWithEveryField() throws Exception {
    ScrapeConfig s = full().scrapeConfig("node");
    HttpClientConfig http = new HttpClientConfig(
        new BasicAuth("scraper", null, null, "/etc/vigil/secrets/pass"), null, null,
        new TlsConfig(null, "/etc/vigil/ca.pem", null, "/abs/cert.pem", null, "/abs/key.pem",
            "node.internal", true, "TLS12", "TLS13"),
        false, false, "http://proxy:3128", "localhost,127.0.0.1", false,
        Map.of("X-Proxy", List.of("a")),
        Map.of("X-Team", new Header(List.of("infra"), List.of("s3cret"),
            List.of("/etc/vigil/header.txt"))));
    ScrapeConfig want = new ScrapeConfig("node", Duration.ofSeconds(15), Duration.ofSeconds(5),
        List.of("PrometheusText0.0.4"), "PrometheusText0.0.4", "/custom/metrics", "https",
        Map.of("module", List.of("http_2xx"), "target", List.of("a", "b")), true, false, true,
        false, http,
        List.of(new StaticConfig(List.of("node1:9100", "node2:9100"), Labels.of("env", "prod")),
            new StaticConfig(List.of("node3:9100"), Labels.EMPTY)),
        List.of(new FileSdConfig(List.of("/etc/vigil/targets/*.json", "/etc/vigil/nodes.yml"),
            Duration.ofMinutes(1))),
        List.of(new HttpSdConfig("https://sd.example.com/targets", Duration.ofMinutes(2),
            new HttpClientConfig(null, new Authorization("Bearer", "token123", null), null,
                TlsConfig.DEFAULT, true, true, null, null, false, Map.of(), Map.of()))),
        List.of(
            rc(List.of("__address__", "env"), "|", "(.*)\\|(.*)", 0, "addr_env", "$1-$2",
                Action.REPLACE),
            rc(List.of("__address__"), ";", "(.*)", 4, "__tmp_shard", "$1", Action.HASHMOD),
            rc(List.of("__tmp_shard"), ";", "0", 0, "", "$1", Action.KEEP)),
        List.of(rc(List.of(), ";", "go_.*", 0, "", "$1", Action.LABELDROP)),
        new ScrapeLimits(1L << 30, 1000, 30, 100, 1000, 10, 5),
        "/etc/vigil/node-failures.log");
    assertThat(s).isEqualTo(want);
  }

  @Test
  void scrapeConfigDefaultsAndInheritance() throws Exception {
    ScrapeConfig s = full().scrapeConfig("minimal");
    assertThat(s.scrapeInterval()).isEqualTo(Duration.ofSeconds(10));
    // The global timeout (20s) exceeds this job's interval, so the timeout shrinks to it.
    assertThat(s.scrapeTimeout()).isEqualTo(Duration.ofSeconds(10));
    assertThat(s.scrapeProtocols()).containsExactly("OpenMetricsText1.0.0", "PrometheusText0.0.4");
    assertThat(s.metricsPath()).isEqualTo("/metrics");
    assertThat(s.scheme()).isEqualTo("http");
    assertThat(s.honorLabels()).isFalse();
    assertThat(s.honorTimestamps()).isTrue();
    assertThat(s.enableCompression()).isTrue();
    assertThat(s.http().authorization()).isEqualTo(new Authorization("Token", null, "/run/token"));
    assertThat(s.http().followRedirects()).isTrue();
    assertThat(s.http().enableHttp2()).isTrue();
    assertThat(s.limits()).isEqualTo(new ScrapeLimits(10L << 20, 50000, 64, 128, 2048, 1000, 100));
    assertThat(s.scrapeFailureLogFile()).isEqualTo("/etc/vigil/failures.log");
  }

  @Test
  void alerting() throws Exception {
    AlertingConfig a = full().alerting();
    assertThat(a.alertRelabelConfigs()).containsExactly(
        rc(List.of(), ";", "replica", 0, "", "$1", Action.LABELDROP));
    assertThat(a.alertmanagers()).containsExactly(new AlertmanagerConfig(Duration.ofSeconds(5),
        "v2", "/am", "https", HttpClientConfig.DEFAULT,
        List.of(new StaticConfig(List.of("am1:9093", "am2:9093"), Labels.EMPTY)), List.of(),
        List.of(), List.of(rc(List.of("__address__"), ";", "am2.*", 0, "", "$1", Action.DROP)),
        List.of()));
  }

  @Test
  void remoteWrite() throws Exception {
    List<RemoteWriteConfig> rw = full().remoteWrite();
    assertThat(rw.get(0)).isEqualTo(new RemoteWriteConfig(
        "https://remote.example.com/api/v1/write", "primary", RemoteWriteConfig.PROTOBUF_V2,
        Duration.ofSeconds(10), Map.of("X-Scope-OrgID", "tenant1"),
        List.of(rc(List.of("__name__"), ";", "expensive_.*", 0, "", "$1", Action.DROP)),
        true, true, true,
        new QueueConfig(5000, 10, 2, 1000, Duration.ofSeconds(10), Duration.ofMillis(100),
            Duration.ofSeconds(10), true, Duration.ofHours(1)),
        new MetadataConfig(false, Duration.ofMinutes(2), 500),
        new HttpClientConfig(new BasicAuth("writer", null, "pw", null), null, null,
            TlsConfig.DEFAULT, true, false, null, null, false, Map.of(), Map.of())));
    // Defaults from the spec.
    RemoteWriteConfig d = rw.get(1);
    assertThat(d.name()).isNull();
    assertThat(d.protobufMessage()).isEqualTo("prometheus.WriteRequest");
    assertThat(d.remoteTimeout()).isEqualTo(Duration.ofSeconds(30));
    assertThat(d.queueConfig()).isEqualTo(new QueueConfig(10000, 50, 1, 2000,
        Duration.ofSeconds(5), Duration.ofMillis(30), Duration.ofSeconds(5), false,
        Duration.ZERO));
    assertThat(d.metadataConfig()).isEqualTo(new MetadataConfig(true, Duration.ofMinutes(1),
        2000));
    assertThat(d.sendExemplars()).isFalse();
    assertThat(d.http().enableHttp2()).isFalse();
  }

  @Test
  void remoteRead() throws Exception {
    assertThat(full().remoteRead()).containsExactly(new RemoteReadConfig(
        "http://archive:9201/read", "archive", Map.of("tier", "cold"), Duration.ofMinutes(2),
        Map.of("X-Read", "yes-please"), true, false,
        new HttpClientConfig(null, null, null,
            new TlsConfig(null, null, null, null, null, null, null, true, null, null),
            true, true, null, null, false, Map.of(), Map.of())));
  }

  @Test
  void emptyFileGivesDefaults() throws Exception {
    Config c = ConfigLoader.parse("", "empty.yml");
    assertThat(c.global()).isEqualTo(GlobalConfig.defaults());
    assertThat(c.global().scrapeInterval()).isEqualTo(Duration.ofMinutes(1));
    assertThat(c.global().scrapeTimeout()).isEqualTo(Duration.ofSeconds(10));
    assertThat(c.global().evaluationInterval()).isEqualTo(Duration.ofMinutes(1));
    assertThat(c.scrapeConfigs()).isEmpty();
    assertThat(c.alerting()).isEqualTo(AlertingConfig.EMPTY);
    assertThat(c.source()).isEqualTo("empty.yml");
  }

  @Test
  void defaultsOfAMinimalJob() throws Exception {
    Config c = ConfigLoader.parse("global:\n  scrape_interval: 5s\nscrape_configs:\n"
        + "  - job_name: a\n    file_sd_configs:\n      - files: [x.json]\n"
        + "    http_sd_configs:\n      - url: http://sd/\n", "m.yml");
    // Global timeout unset and the default 10s exceeds the interval: it becomes 5s.
    assertThat(c.global().scrapeTimeout()).isEqualTo(Duration.ofSeconds(5));
    ScrapeConfig s = c.scrapeConfigs().get(0);
    assertThat(s.scrapeInterval()).isEqualTo(Duration.ofSeconds(5));
    assertThat(s.scrapeTimeout()).isEqualTo(Duration.ofSeconds(5));
    assertThat(s.fileSdConfigs().get(0).refreshInterval()).isEqualTo(Duration.ofMinutes(5));
    assertThat(s.httpSdConfigs().get(0).refreshInterval()).isEqualTo(Duration.ofSeconds(60));
    assertThat(s.http()).isEqualTo(HttpClientConfig.DEFAULT);
    assertThat(s.limits()).isEqualTo(ScrapeLimits.NONE);
    assertThat(s.relabelConfigs()).isEmpty();
  }

  @Test
  void relabelDefaults() throws Exception {
    Config c = ConfigLoader.parse("scrape_configs:\n  - job_name: a\n    relabel_configs:\n"
        + "      - target_label: t\n", "r.yml");
    assertThat(c.scrapeConfigs().get(0).relabelConfigs()).containsExactly(
        new RelabelConfig(List.of(), ";", RelabelRegex.compile("(.*)"), 0, "t", "$1",
            Action.REPLACE));
  }

  @Test
  void defaultConfigScrapesTheServerItself() {
    Config c = ConfigLoader.defaultConfig();
    assertThat(c.scrapeConfigs()).hasSize(1);
    ScrapeConfig s = c.scrapeConfigs().get(0);
    assertThat(s.jobName()).isEqualTo("vigil");
    assertThat(s.scrapeInterval()).isEqualTo(Duration.ofSeconds(15));
    assertThat(s.staticConfigs()).containsExactly(
        new StaticConfig(List.of("localhost:9090"), Labels.EMPTY));
    assertThat(ConfigLoader.defaultConfig("0.0.0.0:9191").scrapeConfigs().get(0).staticConfigs())
        .containsExactly(new StaticConfig(List.of("0.0.0.0:9191"), Labels.EMPTY));
  }

  @Test
  void loadResolvesRelativeToTheFile() throws Exception {
    Config c = ConfigLoader.load(DIR.resolve("valid/rules.yml"));
    assertThat(c.ruleFiles()).containsExactly(
        DIR.resolve("valid/rules/*.rules.yml").normalize().toString());
  }

  @Test
  void environmentIsNotExpandedOutsideExternalLabels() throws Exception {
    Config c = ConfigLoader.parse("scrape_configs:\n  - job_name: $JOB\n"
        + "    metrics_path: /m/${X}\n", "e.yml", null, n -> "expanded");
    assertThat(c.scrapeConfigs().get(0).jobName()).isEqualTo("$JOB");
    assertThat(c.scrapeConfigs().get(0).metricsPath()).isEqualTo("/m/${X}");
  }

  @Test
  void legacyBearerTokenBecomesAuthorization() throws Exception {
    Config c = ConfigLoader.parse("scrape_configs:\n  - job_name: a\n"
        + "    bearer_token_file: tok\n", "b.yml", Path.of("/cfg"), n -> null);
    assertThat(c.scrapeConfigs().get(0).http().authorization())
        .isEqualTo(new Authorization("Bearer", null, "/cfg/tok"));
  }

  @Test
  void oauth2() throws Exception {
    Config c = ConfigLoader.parse("scrape_configs:\n  - job_name: a\n    oauth2:\n"
        + "      client_id: id\n      client_secret: s\n      scopes: [a, b]\n"
        + "      token_url: https://auth/token\n      endpoint_params: {aud: x}\n", "o.yml");
    assertThat(c.scrapeConfigs().get(0).http().oauth2()).isEqualTo(new HttpClientConfig.OAuth2(
        "id", "s", null, List.of("a", "b"), "https://auth/token", Map.of("aud", "x")));
  }

  @Test
  void yamlSyntaxErrorHasALocation() {
    ConfigException e = org.assertj.core.api.Assertions.catchThrowableOfType(
        ConfigException.class, () -> ConfigLoader.parse("a: [\n", "s.yml"));
    assertThat(e.problems()).singleElement().asString().isEqualTo("s.yml:2:1: invalid YAML: while parsing a flow node: expected the node content, but found '<stream end>'");
  }

  @Test
  void yaml11ScalarsAsPrometheusReadsThem() throws Exception {
    ScrapeConfig s = ConfigLoader.load(DIR.resolve("valid/yaml11-scalars.yml")).scrapeConfigs()
        .get(0);
    assertThat(s.honorLabels()).isTrue();
    assertThat(s.honorTimestamps()).isFalse();
    assertThat(s.limits().sampleLimit()).isEqualTo(16);
    assertThat(s.limits().labelLimit()).isEqualTo(1000);
  }
}
