package dev.vigil.server.config;

import dev.vigil.server.config.HttpClientConfig.Authorization;
import dev.vigil.server.config.HttpClientConfig.BasicAuth;
import dev.vigil.server.config.HttpClientConfig.Header;
import dev.vigil.server.config.HttpClientConfig.OAuth2;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** Parses the spec's {@code <http_config>} keys, which sit inline in their parent section. */
public final class HttpConfigParser {
  private static final Set<String> TLS_VERSIONS = Set.of("TLS10", "TLS11", "TLS12", "TLS13");

  private HttpConfigParser() {}

  /**
   * Reads the http_config keys of {@code f}.
   *
   * @param http2Default the default of enable_http2 (false for remote write, true elsewhere)
   */
  public static HttpClientConfig parse(Fields f, boolean http2Default) {
    BasicAuth basic = basicAuth(new Fields(f.ctx(), f.node("basic_auth"),
        f.path("basic_auth"), "basic_auth"));
    Authorization authz = authorization(f);
    OAuth2 oauth2 = oauth2(new Fields(f.ctx(), f.node("oauth2"), f.path("oauth2"), "oauth2"));
    int auths = (basic != null ? 1 : 0) + (authz != null ? 1 : 0) + (oauth2 != null ? 1 : 0);
    if (auths > 1) {
      f.error(basic != null ? "basic_auth" : "authorization",
          "at most one of basic_auth, authorization (or bearer_token) and oauth2 may be set");
    }
    TlsConfig tls = tls(f.ctx(), f.node("tls_config"), f.path("tls_config"));
    String proxyUrl = f.string("proxy_url", null);
    if (proxyUrl != null) {
      checkUrl(f, "proxy_url", proxyUrl, false);
    }
    String noProxy = f.string("no_proxy", null);
    boolean proxyFromEnv = f.bool("proxy_from_environment", false);
    if (noProxy != null && proxyUrl == null) {
      f.error("no_proxy", "if no_proxy is set, proxy_url must also be set");
    }
    if (proxyFromEnv && proxyUrl != null) {
      f.error("proxy_from_environment", "if proxy_from_environment is set, proxy_url must not be set");
    }
    Map<String, List<String>> proxyConnect = new LinkedHashMap<>();
    Node.Mapping pch = f.mapping("proxy_connect_header");
    if (pch != null) {
      Fields pf = new Fields(f.ctx(), pch, f.path("proxy_connect_header"), "proxy_connect_header");
      for (String k : pch.entries().keySet()) {
        proxyConnect.put(k, pf.strings(k));
      }
    }
    Map<String, Header> headers = new LinkedHashMap<>();
    Node.Mapping hh = f.mapping("http_headers");
    if (hh != null) {
      for (Map.Entry<String, Node> e : hh.entries().entrySet()) {
        String p = f.path("http_headers") + "." + e.getKey();
        Fields hf = new Fields(f.ctx(), e.getValue(), p, "http_headers entry");
        headers.put(e.getKey(), new Header(hf.strings("values"), hf.strings("secrets"),
            filesOf(hf)));
        hf.finish();
      }
    }
    return new HttpClientConfig(basic, authz, oauth2, tls, f.bool("follow_redirects", true),
        f.bool("enable_http2", http2Default), proxyUrl, noProxy, proxyFromEnv, proxyConnect,
        headers);
  }

  private static List<String> filesOf(Fields hf) {
    return hf.strings("files").stream().map(hf.ctx()::file).toList();
  }

  private static BasicAuth basicAuth(Fields f) {
    if (f.self().entries().isEmpty()) {
      f.finish();
      return null;
    }
    String user = f.string("username", null);
    String userFile = f.file("username_file");
    String pass = f.string("password", null);
    String passFile = f.file("password_file");
    if (user != null && userFile != null) {
      f.error("username_file", "at most one of basic_auth username and username_file may be set");
    }
    if (pass != null && passFile != null) {
      f.error("password_file", "at most one of basic_auth password and password_file may be set");
    }
    f.finish();
    return new BasicAuth(user, userFile, pass, passFile);
  }

  private static Authorization authorization(Fields parent) {
    Fields f = new Fields(parent.ctx(), parent.node("authorization"),
        parent.path("authorization"), "authorization");
    String bearer = parent.string("bearer_token", null);
    String bearerFile = parent.ctx().file(parent.string("bearer_token_file", null));
    if (bearer != null && bearerFile != null) {
      parent.error("bearer_token_file",
          "at most one of bearer_token and bearer_token_file may be set");
    }
    boolean legacy = bearer != null || bearerFile != null;
    if (f.self().entries().isEmpty()) {
      f.finish();
      // The deprecated bearer_token fields mean "authorization with type Bearer".
      return legacy ? new Authorization(Authorization.DEFAULT_TYPE, bearer, bearerFile) : null;
    }
    if (legacy) {
      parent.error("authorization", "authorization cannot be set together with bearer_token or"
          + " bearer_token_file");
    }
    String type = f.string("type", Authorization.DEFAULT_TYPE);
    if (type.isEmpty()) {
      type = Authorization.DEFAULT_TYPE;
    }
    if (type.toLowerCase(Locale.ROOT).equals("basic")) {
      f.error("type", "authorization type cannot be \"Basic\"; use basic_auth instead");
    }
    String cred = f.string("credentials", null);
    String credFile = f.file("credentials_file");
    if (cred != null && credFile != null) {
      f.error("credentials_file", "at most one of credentials and credentials_file may be set");
    }
    f.finish();
    return new Authorization(type, cred, credFile);
  }

  private static OAuth2 oauth2(Fields f) {
    if (f.self().entries().isEmpty()) {
      f.finish();
      return null;
    }
    String secret = f.string("client_secret", null);
    String secretFile = f.file("client_secret_file");
    if (secret != null && secretFile != null) {
      f.error("client_secret_file",
          "at most one of client_secret and client_secret_file may be set");
    }
    String tokenUrl = f.string("token_url", "");
    if (tokenUrl.isEmpty()) {
      f.ctx().error(f.self(), f.path("token_url"), "oauth2 token_url must be set");
    }
    OAuth2 o = new OAuth2(f.string("client_id", ""), secret, secretFile, f.strings("scopes"),
        tokenUrl, f.stringMap("endpoint_params"));
    // Accepted so that files written for Prometheus load; Vigil's client does not use them yet.
    f.ignore("tls_config", "proxy_url", "no_proxy", "proxy_from_environment",
        "proxy_connect_header", "grant_type", "client_certificate_key",
        "client_certificate_key_file", "client_certificate_key_id", "signature_algorithm", "iss",
        "audience", "claims");
    f.finish();
    return o;
  }

  public static TlsConfig tls(ParseContext ctx, Node node, String path) {
    Fields f = new Fields(ctx, node, path, "tls_config");
    TlsConfig t = new TlsConfig(f.string("ca", null), f.file("ca_file"), f.string("cert", null),
        f.file("cert_file"), f.string("key", null), f.file("key_file"),
        f.string("server_name", null), f.bool("insecure_skip_verify", false),
        f.string("min_version", null), f.string("max_version", null));
    if (t.ca() != null && t.caFile() != null) {
      f.error("ca_file", "at most one of ca and ca_file may be set");
    }
    if (t.cert() != null && t.certFile() != null) {
      f.error("cert_file", "at most one of cert and cert_file may be set");
    }
    if (t.key() != null && t.keyFile() != null) {
      f.error("key_file", "at most one of key and key_file may be set");
    }
    boolean hasCert = t.cert() != null || t.certFile() != null;
    boolean hasKey = t.key() != null || t.keyFile() != null;
    if (hasCert != hasKey) {
      f.error(hasCert ? (t.cert() != null ? "cert" : "cert_file")
              : (t.key() != null ? "key" : "key_file"),
          "a client certificate and a client key must be set together");
    }
    for (String k : new String[] {"min_version", "max_version"}) {
      String v = f.string(k, null);
      if (v != null && !TLS_VERSIONS.contains(v)) {
        f.error(k, "unknown TLS version \"" + v + "\" (use TLS10, TLS11, TLS12 or TLS13)");
      }
    }
    f.finish();
    return t;
  }

  /** Checks that {@code url} parses and, when {@code httpOnly}, uses http or https. */
  public static boolean checkUrl(Fields f, String key, String url, boolean httpOnly) {
    try {
      URI u = new URI(url);
      if (httpOnly && !"http".equals(u.getScheme()) && !"https".equals(u.getScheme())) {
        f.error(key, "URL scheme must be 'http' or 'https', got \"" + url + "\"");
        return false;
      }
      if (httpOnly && (u.getHost() == null || u.getHost().isEmpty())) {
        f.error(key, "URL \"" + url + "\" has no host");
        return false;
      }
      return true;
    } catch (URISyntaxException e) {
      f.error(key, "invalid URL \"" + url + "\": " + e.getReason());
      return false;
    }
  }
}
