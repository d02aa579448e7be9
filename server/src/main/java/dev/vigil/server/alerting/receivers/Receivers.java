package dev.vigil.server.alerting.receivers;

import dev.vigil.server.alerting.Integration;
import dev.vigil.server.alerting.IntegrationFactory;
import dev.vigil.server.config.Fields;
import dev.vigil.server.config.HttpClientConfig;
import dev.vigil.server.config.HttpConfigParser;
import dev.vigil.server.config.Node;
import dev.vigil.server.config.ParseContext;
import dev.vigil.server.template.TemplateException;
import java.io.IOException;
import java.util.List;
import java.util.Set;

/**
 * The receiver integrations Vigil implements: {@code slack}, {@code webhook} and {@code email}.
 * Each entry is validated when the file loads, with global defaults applied; keys the spec
 * defines but Vigil cannot honour are refused ("not supported by Vigil") rather than ignored.
 *
 * <p>Thread-safe. Parsed globals and loaded templates are cached for the mapping and file list
 * of the last load, so their problems are reported once per load, not once per entry.
 */
public final class Receivers implements IntegrationFactory {
  private static final Set<String> TYPES = Set.of("slack", "webhook", "email");

  private Node.Mapping lastGlobal;
  private ParseContext lastGlobalCtx;
  private GlobalDefaults globals;
  private List<String> lastFiles;
  private ParseContext lastFilesCtx;
  private NotificationTemplates templates;

  @Override
  public Set<String> types() {
    return TYPES;
  }

  @Override
  public Integration create(String receiver, String type, int index, Node.Mapping entry,
      Node.Mapping global, List<String> templateFiles, ParseContext ctx, String path) {
    GlobalDefaults g = globals(global, ctx);
    int before = ctx.sortedProblems().size();
    Fields f = new Fields(ctx, entry, path, type + "_config");
    // Parse and check everything first; an integration is only built from a valid entry.
    Object cfg;
    NotificationTemplates t = null;
    switch (type) {
      case "webhook" -> cfg = WebhookConfig.parse(f, g);
      case "slack" -> {
        cfg = SlackConfig.parse(f, g);
        t = templates(templateFiles, ctx, entry, path);
        check(f, t, "channel", "username", "icon_emoji", "icon_url", "message_text", "color",
            "title", "title_link", "pretext", "text", "fallback", "callback_id", "footer",
            "image_url", "thumb_url");
      }
      case "email" -> {
        cfg = EmailConfig.parse(f, g);
        t = templates(templateFiles, ctx, entry, path);
        check(f, t, "to", "from", "html", "text");
        Node.Mapping headers = f.mapping("headers");
        if (headers != null) {
          check(new Fields(ctx, headers, f.path("headers"), "headers"), t,
              headers.entries().keySet().toArray(new String[0]));
        }
      }
      default -> throw new IllegalArgumentException("unknown integration type " + type);
    }
    if (ctx.sortedProblems().size() > before || (t == null && !type.equals("webhook"))) {
      return null;
    }
    // A bad global SMTP smarthost is reported once, with the global section, so an email entry
    // relying on it adds no problem of its own; the load fails anyway, build nothing for it.
    if (cfg instanceof EmailConfig e && e.smarthost() == null) {
      return null;
    }
    if (cfg instanceof WebhookConfig w) {
      return new WebhookIntegration(index, w);
    }
    if (cfg instanceof SlackConfig s) {
      return new SlackIntegration(index, s, t);
    }
    return new EmailIntegration(index, (EmailConfig) cfg, t);
  }

  /**
   * The built-in templates with {@code files} over them, loaded once per configuration load;
   * null (after reporting the problem once) when a file cannot be read or parsed.
   */
  private synchronized NotificationTemplates templates(List<String> files, ParseContext ctx,
      Node.Mapping entry, String path) {
    if (!files.equals(lastFiles) || ctx != lastFilesCtx) {
      lastFiles = List.copyOf(files);
      lastFilesCtx = ctx;
      try {
        templates = NotificationTemplates.load(files);
      } catch (IOException e) {
        ctx.error(entry, path, "cannot read template file: " + e.getMessage());
        templates = null;
      } catch (TemplateException e) {
        ctx.error(entry, path, "template file does not parse: " + e.getMessage());
        templates = null;
      }
    }
    return templates;
  }

  /** Reports template texts among {@code keys} of {@code f} that do not parse. */
  private static void check(Fields f, NotificationTemplates t, String... keys) {
    if (t == null) {
      return;
    }
    for (String k : keys) {
      Node n = f.node(k);
      if (n instanceof Node.Scalar s && s.text() != null) {
        try {
          t.check(s.text());
        } catch (TemplateException e) {
          f.error(k, e.getMessage());
        }
      }
    }
  }

  private synchronized GlobalDefaults globals(Node.Mapping global, ParseContext ctx) {
    if (global != lastGlobal || ctx != lastGlobalCtx) {
      globals = GlobalDefaults.parse(global, ctx);
      lastGlobal = global;
      lastGlobalCtx = ctx;
    }
    return globals;
  }

  /** An entry's {@code http_config}, or {@code def} (the global one) when it has none. */
  static HttpClientConfig httpConfigOr(Fields f, HttpClientConfig def) {
    if (!f.has("http_config")) {
      return def;
    }
    return httpConfig(new Fields(f.ctx(), f.node("http_config"), f.path("http_config"),
        "http_config"));
  }

  /** Parses an {@code http_config} mapping, refusing what Vigil's client cannot do. */
  static HttpClientConfig httpConfig(Fields f) {
    HttpClientConfig h = HttpConfigParser.parse(f, true);
    f.unsupported("oauth2", "no_proxy", "proxy_connect_header");
    if (h.proxyFromEnvironment()) {
      f.error("proxy_from_environment", "proxy_from_environment is not supported by Vigil");
    }
    f.finish();
    return h;
  }
}
