package dev.vigil.client.httpserver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class WebConfigTest {
  private static final String HASH = "$2b$04$vzsctYjJcCQ7.IQisMedoOTL.lkTkVASUrIItsdvfPK0hhjww4HCm";

  @Test
  void readsEverySection() throws Exception {
    WebConfig c = WebConfig.parse(String.join("\n",
        "# a comment",
        "tls_server_config:",
        "  cert_file: server.crt   # relative to the file",
        "  key_file: \"server.key\"",
        "  client_auth_type: RequireAndVerifyClientCert",
        "  client_ca_file: ca.crt",
        "  client_allowed_sans:",
        "  - client.example",
        "  min_version: TLS13",
        "  curve_preferences: [X25519, CurveP256]",
        "http_server_config:",
        "  http2: false",
        "  headers:",
        "    X-Frame-Options: deny",
        "    Content-Security-Policy: \"default-src 'self'\"",
        "basic_auth_users:",
        "  alice: '" + HASH + "'",
        ""), "web.yml", Path.of("/etc/vigil"));
    assertThat(c.tls().certFile).isEqualTo(Path.of("/etc/vigil/server.crt"));
    assertThat(c.tls().keyFile).isEqualTo(Path.of("/etc/vigil/server.key"));
    assertThat(c.tls().clientAuth).isEqualTo(WebConfig.ClientAuth.RequireAndVerifyClientCert);
    assertThat(c.tls().clientAllowedSans).containsExactly("client.example");
    assertThat(c.tls().minVersion).isEqualTo("TLSv1.3");
    assertThat(c.tls().maxVersion).isEqualTo("TLSv1.3");
    assertThat(c.tls().curvePreferences).containsExactly("x25519", "secp256r1");
    assertThat(c.http2()).isFalse();
    assertThat(c.headers()).containsEntry("X-Frame-Options", "deny")
        .containsEntry("Content-Security-Policy", "default-src 'self'");
    assertThat(c.users()).containsEntry("alice", HASH);
  }

  @Test
  void anEmptyFileMeansNothingIsRequired() throws Exception {
    WebConfig c = WebConfig.parse("# nothing\n", "web.yml", Path.of("."));
    assertThat(c.tls()).isNull();
    assertThat(c.users()).isEmpty();
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "tls_server_config:\\n  cert_file: a\\n  key_file: b\\n  extra: 1"
          + "|web.yml:4: field extra not found in tls_server_config",
      "basic_auth_users:\\n  bob: plain"
          + "|web.yml:2: basic_auth_users: bob: not a bcrypt hash",
      "tls_server_config:\\n  cert_file: a|web.yml:2: tls_server_config: missing key_file",
      "tls_server_config:\\n  cert_file: a\\n  key_file: b\\n  client_auth_type: Always"
          + "|web.yml:4: invalid client_auth_type \"Always\"",
      "tls_server_config:\\n  cert_file: a\\n  key_file: b\\n  client_ca_file: ca"
          + "|web.yml:4: client_ca_file is set but client_auth_type NoClientCert",
      "tls_server_config:\\n  cert_file: a\\n  key_file: b\\n  min_version: SSL3"
          + "|web.yml:4: unknown TLS version: SSL3",
      "http_server_config:\\n  headers:\\n    Server: vigil"
          + "|web.yml:3: header Server can not be set here",
      "http_server_config:\\n  headers:\\n    X-Frame-Options: allow"
          + "|web.yml:3: X-Frame-Options must be deny or sameorigin",
      "basic_auth_users:\\n\\tbob: x|web.yml:2: tabs are not allowed",
      "tls:\\n  a: b|web.yml:1: field tls not found in the web configuration",
      "basic_auth_users:\\n  a: x\\n  a: y|web.yml:3: key \"a\" already set",
  })
  void errorsNameTheFileLineAndField(String yaml, String message) {
    assertThatThrownBy(() -> WebConfig.parse(yaml.replace("\\n", "\n").replace("\\t", "\t"),
        "web.yml", Path.of(".")))
        .isInstanceOf(WebConfigException.class)
        .hasMessageStartingWith(message);
  }

  /** Found by fuzzing: a NUL in a file name threw InvalidPathException out of the parser. */
  @Test
  void aFileNameNoPathCanHaveIsAConfigError() {
    assertThatThrownBy(() -> WebConfig.parse("tls_server_config:\n  cert_file: a\n"
        + "  key_file: b\u0000.key\n", "web.yml", Path.of(".")))
        .isInstanceOf(WebConfigException.class)
        .hasMessageStartingWith("web.yml:3: key_file: invalid file name");
  }
}
