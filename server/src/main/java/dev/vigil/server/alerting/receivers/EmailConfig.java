package dev.vigil.server.alerting.receivers;

import dev.vigil.server.config.Fields;
import dev.vigil.server.config.HttpConfigParser;
import dev.vigil.server.config.Node;
import dev.vigil.server.config.TlsConfig;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An {@code email_configs} entry with the global SMTP defaults applied. Template texts: to,
 * from, html, text and header values.
 *
 * @param authUsername null: no authentication
 * @param authPasswordFile read on every notification; null when unset
 * @param forceImplicitTls null: implicit TLS on port 465, STARTTLS elsewhere
 * @param text empty: no text part
 * @param headers by canonical name ({@code Subject}, {@code To}, {@code From} always present)
 */
record EmailConfig(boolean sendResolved, String to, String from, Smarthost smarthost,
    String hello, String authUsername, String authPassword, String authPasswordFile,
    boolean requireTls, Boolean forceImplicitTls, TlsConfig tls, String html, String text,
    Map<String, String> headers) {

  static final String DEFAULT_SUBJECT = "{{ template \"email.default.subject\" . }}";
  static final String DEFAULT_HTML = "{{ template \"email.default.html\" . }}";

  static EmailConfig parse(Fields f, GlobalDefaults g) {
    String to = f.string("to", "");
    if (to.isEmpty()) {
      f.ctx().error(f.self(), f.path("to"), "missing to address in email config");
    }
    String from = f.string("from", g.smtpFrom() == null ? "" : g.smtpFrom());
    if (from.isEmpty()) {
      f.ctx().error(f.self(), f.path("from"), "no global SMTP from set");
    }
    Smarthost host = g.smtpSmarthost();
    if (f.has("smarthost")) {
      host = Smarthost.parse(f.string("smarthost", ""), f, "smarthost");
    } else if (host == null && !g.smtpSmarthostInvalid()) {
      f.ctx().error(f.self(), f.path("smarthost"), "no global SMTP smarthost set");
    }
    String user = f.string("auth_username", g.smtpAuthUsername());
    String pass = f.string("auth_password", null);
    String passFile = f.file("auth_password_file");
    if (pass != null && passFile != null) {
      f.error("auth_password_file",
          "at most one of auth_password & auth_password_file must be configured");
    }
    if (pass == null && passFile == null) {
      pass = g.smtpAuthPassword();
      passFile = g.smtpAuthPasswordFile();
    }
    Boolean implicit = f.has("force_implicit_tls")
        ? Boolean.valueOf(f.bool("force_implicit_tls", false))
        : g.smtpForceImplicitTls();
    TlsConfig tls = f.has("tls_config")
        ? HttpConfigParser.tls(f.ctx(), f.node("tls_config"), f.path("tls_config"))
        : g.smtpTls();
    if (tls.serverName() != null) {
      // Angus checks the certificate against the smarthost's name only.
      f.error("tls_config", "tls_config server_name is not supported by Vigil for email");
    }
    Map<String, String> headers = new LinkedHashMap<>();
    Node.Mapping hm = f.mapping("headers");
    if (hm != null) {
      for (Map.Entry<String, Node> e : hm.entries().entrySet()) {
        String canonical = canonical(e.getKey());
        String value = e.getValue() instanceof Node.Scalar s && s.text() != null ? s.text() : "";
        if (headers.put(canonical, value) != null) {
          int[] at = hm.keyLocations().get(e.getKey());
          f.ctx().errorAt(at[0], at[1], f.path("headers") + "." + e.getKey()
              + ": duplicate header \"" + canonical + "\" in email config");
        }
      }
    }
    headers.putIfAbsent("Subject", DEFAULT_SUBJECT);
    headers.putIfAbsent("To", to);
    headers.putIfAbsent("From", from);
    // CRAM-MD5 (auth_secret) is not in angus-mail; threading needs per-group state.
    f.unsupported("auth_secret", "auth_secret_file", "auth_identity");
    Fields th = new Fields(f.ctx(), f.node("threading"), f.path("threading"), "threading");
    if (th.bool("enabled", false)) {
      th.error("enabled", "email threading is not supported by Vigil");
    }
    th.ignore("thread_by_date");
    th.finish();
    EmailConfig c = new EmailConfig(f.bool("send_resolved", false), to, from, host,
        f.string("hello", g.smtpHello()), user == null || user.isEmpty() ? null : user, pass,
        passFile, f.bool("require_tls", g.smtpRequireTls()), implicit, tls,
        f.string("html", DEFAULT_HTML), f.string("text", ""), headers);
    f.finish();
    return c;
  }

  /** Go's textproto.CanonicalMIMEHeaderKey: {@code content-type} → {@code Content-Type}. */
  static String canonical(String key) {
    if (key.isEmpty() || key.chars().anyMatch(ch -> ch == ' ' || ch > 127)) {
      return key;
    }
    StringBuilder sb = new StringBuilder(key.length());
    boolean upper = true;
    for (char ch : key.toCharArray()) {
      sb.append(upper ? Character.toUpperCase(ch) : Character.toLowerCase(ch));
      upper = ch == '-';
    }
    return sb.toString();
  }

  /** Whether the connection starts with TLS (SMTPS) rather than upgrading with STARTTLS. */
  boolean implicitTls() {
    return forceImplicitTls != null ? forceImplicitTls : smarthost.port() == 465;
  }
}
