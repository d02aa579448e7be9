package dev.vigil.server.config;

import java.util.List;
import java.util.Map;

/**
 * The spec's {@code <http_config>}: authentication, TLS and proxy settings of an HTTP client.
 * Secrets are kept as written; {@code *_file} names are resolved against the config directory.
 *
 * @param basicAuth null when unset
 * @param authorization null when unset (legacy {@code bearer_token[_file]} lands here)
 * @param oauth2 null when unset
 * @param proxyUrl null when unset
 * @param noProxy null when unset
 * @param httpHeaders custom headers by name
 */
public record HttpClientConfig(
    BasicAuth basicAuth,
    Authorization authorization,
    OAuth2 oauth2,
    TlsConfig tls,
    boolean followRedirects,
    boolean enableHttp2,
    String proxyUrl,
    String noProxy,
    boolean proxyFromEnvironment,
    Map<String, List<String>> proxyConnectHeader,
    Map<String, Header> httpHeaders) {

  public static final HttpClientConfig DEFAULT = new HttpClientConfig(null, null, null,
      TlsConfig.DEFAULT, true, true, null, null, false, Map.of(), Map.of());

  public HttpClientConfig {
    proxyConnectHeader = Copies.map(proxyConnectHeader);
    httpHeaders = Copies.map(httpHeaders);
  }

  /** {@code basic_auth}; username/username_file and password/password_file are exclusive. */
  public record BasicAuth(String username, String usernameFile, String password,
      String passwordFile) {}

  /** {@code authorization}: an {@code Authorization: <type> <credentials>} header. */
  public record Authorization(String type, String credentials, String credentialsFile) {
    public static final String DEFAULT_TYPE = "Bearer";
  }

  /** {@code oauth2} with the client-credentials grant. */
  public record OAuth2(String clientId, String clientSecret, String clientSecretFile,
      List<String> scopes, String tokenUrl, Map<String, String> endpointParams) {
    public OAuth2 {
      scopes = List.copyOf(scopes);
      endpointParams = Copies.map(endpointParams);
    }
  }

  /** One {@code http_headers} entry. */
  public record Header(List<String> values, List<String> secrets, List<String> files) {
    public Header {
      values = List.copyOf(values);
      secrets = List.copyOf(secrets);
      files = List.copyOf(files);
    }
  }
}
