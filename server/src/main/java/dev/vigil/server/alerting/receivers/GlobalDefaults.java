package dev.vigil.server.alerting.receivers;

import dev.vigil.server.config.Fields;
import dev.vigil.server.config.HttpClientConfig;
import dev.vigil.server.config.HttpConfigParser;
import dev.vigil.server.config.Node;
import dev.vigil.server.config.ParseContext;
import dev.vigil.server.config.TlsConfig;

/**
 * The keys of {@code alertmanager.yml}'s {@code global} section that receivers default to.
 * Unset strings are null.
 *
 * @param smtpSmarthost null when unset or invalid
 * @param smtpSmarthostInvalid set but not host:port (already reported)
 * @param smtpForceImplicitTls null: decided by the port (465 means implicit TLS)
 */
record GlobalDefaults(String slackApiUrl, String slackApiUrlFile, String smtpFrom,
    Smarthost smtpSmarthost, boolean smtpSmarthostInvalid, String smtpHello, String smtpAuthUsername, String smtpAuthPassword,
    String smtpAuthPasswordFile, boolean smtpRequireTls, TlsConfig smtpTls,
    Boolean smtpForceImplicitTls, HttpClientConfig http) {

  static final String DEFAULT_HELLO = "localhost";

  /**
   * Reads the receiver defaults of {@code global}. Only the keys receivers own are looked at
   * (the rest of the section belongs to the file's loader), so nothing is reported as unknown.
   */
  static GlobalDefaults parse(Node.Mapping global, ParseContext ctx) {
    Fields f = new Fields(ctx, global, "global", "global");
    String slack = f.string("slack_api_url", null);
    String slackFile = f.file("slack_api_url_file");
    if (slack != null && slackFile != null) {
      f.error("slack_api_url_file",
          "at most one of slack_api_url & slack_api_url_file must be configured");
    }
    if (slack != null) {
      HttpConfigParser.checkUrl(f, "slack_api_url", slack, true);
    }
    String pass = f.string("smtp_auth_password", null);
    String passFile = f.file("smtp_auth_password_file");
    if (pass != null && passFile != null) {
      f.error("smtp_auth_password_file",
          "at most one of smtp_auth_password & smtp_auth_password_file must be configured");
    }
    String smarthostText = f.string("smtp_smarthost", "");
    Smarthost smarthost = smarthostText.isEmpty() ? null
        : Smarthost.parse(smarthostText, f, "smtp_smarthost");
    Boolean implicit = f.has("smtp_force_implicit_tls")
        ? f.bool("smtp_force_implicit_tls", false) : null;
    TlsConfig tls = f.has("smtp_tls_config")
        ? HttpConfigParser.tls(ctx, f.node("smtp_tls_config"), f.path("smtp_tls_config"))
        : TlsConfig.DEFAULT;
    HttpClientConfig http = HttpClientConfig.DEFAULT;
    if (f.has("http_config")) {
      http = Receivers.httpConfig(new Fields(ctx, f.node("http_config"), f.path("http_config"),
          "http_config"));
    }
    // CRAM-MD5 and PLAIN's separate identity: angus-mail has no CRAM-MD5, and an identity
    // differing from the user name is rare enough not to fake.
    f.unsupported("smtp_auth_secret", "smtp_auth_secret_file", "smtp_auth_identity",
        "slack_app_token", "slack_app_token_file", "slack_app_url");
    return new GlobalDefaults(slack, slackFile, f.string("smtp_from", null), smarthost,
        smarthost == null && !smarthostText.isEmpty(),
        f.string("smtp_hello", DEFAULT_HELLO), f.string("smtp_auth_username", null), pass,
        passFile, f.bool("smtp_require_tls", true), tls, implicit, http);
  }
}
