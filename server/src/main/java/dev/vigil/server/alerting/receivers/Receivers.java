package dev.vigil.server.alerting.receivers;

import dev.vigil.server.alerting.Integration;
import dev.vigil.server.alerting.IntegrationFactory;
import dev.vigil.server.config.Fields;
import dev.vigil.server.config.HttpClientConfig;
import dev.vigil.server.config.HttpConfigParser;
import dev.vigil.server.config.Node;
import dev.vigil.server.config.ParseContext;
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
    Integration out = switch (type) {
      case "webhook" -> {
        WebhookConfig c = WebhookConfig.parse(f, g);
        yield new WebhookIntegration(index, c);
      }
      default -> throw new IllegalArgumentException("unknown integration type " + type);
    };
    return ctx.sortedProblems().size() > before ? null : out;
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
