package dev.vigil.server.alerting.config;

import dev.vigil.server.alerting.Integration;
import dev.vigil.server.alerting.IntegrationFactory;
import dev.vigil.server.alerting.Route;
import dev.vigil.server.config.ConfigException;
import dev.vigil.server.config.Fields;
import dev.vigil.server.config.Node;
import dev.vigil.server.config.ParseContext;
import dev.vigil.server.config.YamlTreeReader;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Loads {@code alertmanager.yml} into an {@link AmConfig}. Every problem in the file is collected
 * (parsing goes on after an error) and thrown together, each as {@code file:line:col: path:
 * message}. Stateless and thread-safe.
 */
public final class AmConfigLoader {
  /** Receiver integration types Alertmanager has; those the factory lacks are refused by name. */
  static final List<String> ALERTMANAGER_TYPES = List.of("discord", "email", "mattermost",
      "msteams", "msteamsv2", "jira", "opsgenie", "pagerduty", "incidentio", "pushover",
      "rocketchat", "slack", "sns", "telegram", "victorops", "webex", "webhook", "wechat");

  /** The {@code global} keys of the specification; the integration factory reads their values. */
  private static final String[] GLOBAL_KEYS = {"smtp_from", "smtp_smarthost", "smtp_hello",
    "smtp_auth_username", "smtp_auth_password", "smtp_auth_password_file", "smtp_auth_identity",
    "smtp_auth_secret", "smtp_auth_secret_file", "smtp_require_tls", "smtp_tls_config",
    "smtp_force_implicit_tls", "jira_api_url", "slack_api_url", "slack_api_url_file",
    "slack_app_token", "slack_app_token_file", "slack_app_url", "victorops_api_key",
    "victorops_api_key_file", "victorops_api_url", "pagerduty_url", "opsgenie_api_key",
    "opsgenie_api_key_file", "opsgenie_api_url", "rocketchat_api_url", "rocketchat_token",
    "rocketchat_token_file", "rocketchat_token_id", "rocketchat_token_id_file", "wechat_api_url",
    "wechat_api_secret", "wechat_api_secret_file", "wechat_api_corp_id", "telegram_api_url",
    "telegram_bot_token", "telegram_bot_token_file", "webex_api_url", "mattermost_webhook_url",
    "mattermost_webhook_url_file", "http_config"};

  private AmConfigLoader() {}

  /** Reads and parses {@code file}; relative names in it resolve against its directory. */
  public static AmConfig load(Path file, IntegrationFactory factory) throws ConfigException {
    String yaml;
    try {
      yaml = Files.readString(file);
    } catch (IOException e) {
      throw new ConfigException(file + ": cannot read: " + e.getMessage(), e);
    }
    Path dir = file.toAbsolutePath().getParent();
    return parse(yaml, file.toString(), dir, factory);
  }

  /**
   * Parses {@code yaml}.
   *
   * @param source the name used in messages
   * @param baseDir the directory template globs resolve against; null for the working directory
   */
  public static AmConfig parse(String yaml, String source, Path baseDir,
      IntegrationFactory factory) throws ConfigException {
    Node root = YamlTreeReader.read(yaml, source);
    ParseContext ctx = new ParseContext(source, baseDir, name -> null);
    Fields f = new Fields(ctx, root, "", "config");

    Node.Mapping globalRaw = f.node("global") instanceof Node.Mapping m ? m
        : new Node.Mapping(new LinkedHashMap<>(), new LinkedHashMap<>(), 0, 0);
    AmGlobal global = global(new Fields(ctx, f.node("global"), "global", "global"), globalRaw);
    List<String> templates = templates(f, ctx, baseDir);

    Map<String, TimeInterval> intervals = new LinkedHashMap<>();
    timeIntervals(f, "time_intervals", intervals);
    timeIntervals(f, "mute_time_intervals", intervals);

    Map<String, Receiver> receivers = new LinkedHashMap<>();
    List<Node> items = f.items("receivers");
    for (int i = 0; i < items.size(); i++) {
      Fields rf = new Fields(ctx, items.get(i), "receivers[" + i + "]", "receiver");
      Receiver r = receiver(rf, factory, globalRaw, templates);
      if (r.name().isEmpty()) {
        continue;
      }
      if (receivers.putIfAbsent(r.name(), r) != null) {
        rf.error("name", "notification config name \"" + r.name() + "\" is not unique");
      }
    }

    Route.Spec routeSpec = new RouteParser(ctx, receivers.keySet(), intervals.keySet()).root(f);

    List<InhibitRule> inhibit = new ArrayList<>();
    List<Node> rules = f.items("inhibit_rules");
    for (int i = 0; i < rules.size(); i++) {
      inhibit.add(inhibitRule(new Fields(ctx, rules.get(i), "inhibit_rules[" + i + "]",
          "inhibit_rule")));
    }
    // Tracing and the event recorder are optional extras Vigil does not provide; accepted so
    // that an Alertmanager file loads unchanged.
    f.ignore("tracing", "event_recorder");
    f.finish();
    if (!ctx.sortedProblems().isEmpty()) {
      throw new ConfigException(ctx.sortedProblems());
    }
    return new AmConfig(global, Route.tree(routeSpec), inhibit, intervals, receivers, templates,
        source, yaml);
  }

  private static AmGlobal global(Fields f, Node.Mapping raw) {
    Duration resolve = f.duration("resolve_timeout", AmGlobal.DEFAULT_RESOLVE_TIMEOUT);
    if (resolve.isZero()) {
      f.error("resolve_timeout", "resolve_timeout cannot be zero");
    }
    f.bool("smtp_require_tls", true);
    f.bool("smtp_force_implicit_tls", false);
    f.ignore(GLOBAL_KEYS);
    f.finish();
    return new AmGlobal(resolve, raw);
  }

  private static void timeIntervals(Fields f, String key, Map<String, TimeInterval> into) {
    List<Node> items = f.items(key);
    for (int i = 0; i < items.size(); i++) {
      Fields tf = new Fields(f.ctx(), items.get(i), key + "[" + i + "]", "time_interval");
      TimeInterval ti = TimeIntervalParser.interval(tf);
      if (!ti.name().isEmpty() && into.putIfAbsent(ti.name(), ti) != null) {
        tf.error("name", "time interval \"" + ti.name() + "\" is not unique");
      }
    }
  }

  private static Receiver receiver(Fields f, IntegrationFactory factory, Node.Mapping global,
      List<String> templates) {
    String name = f.string("name", "");
    if (name.isEmpty()) {
      f.ctx().error(f.self(), f.path("name"), "missing name in receiver");
    }
    List<Integration> integrations = new ArrayList<>();
    Set<String> types = factory.types();
    for (String key : f.self().entries().keySet()) {
      if (!key.endsWith("_configs")) {
        continue;
      }
      String type = key.substring(0, key.length() - "_configs".length());
      if (types.contains(type)) {
        List<Node> entries = f.items(key);
        for (int i = 0; i < entries.size(); i++) {
          String path = f.path(key) + "[" + i + "]";
          if (!(entries.get(i) instanceof Node.Mapping entry)) {
            f.ctx().error(entries.get(i), path, "expected a mapping (" + type + "_config), got "
                + Fields.describe(entries.get(i)));
            continue;
          }
          Integration in = factory.create(name, type, i, entry, global, templates, f.ctx(), path);
          if (in != null) {
            integrations.add(in);
          }
        }
      } else if (ALERTMANAGER_TYPES.contains(type)) {
        f.unsupported(key);
      }
    }
    // Receiver labels only label the receiver for queries; accepted and checked as strings.
    f.stringMap("labels");
    f.finish();
    return new Receiver(name, integrations);
  }

  private static InhibitRule inhibitRule(Fields f) {
    List<dev.vigil.server.model.Matcher> source =
        MatcherFields.read(f, "source_match", "source_match_re", "source_matchers");
    List<dev.vigil.server.model.Matcher> target =
        MatcherFields.read(f, "target_match", "target_match_re", "target_matchers");
    List<String> equal = MatcherFields.labelNames(f, "equal");
    f.string("name", "");
    f.finish();
    return new InhibitRule(source, target, equal);
  }

  /** Expands the {@code templates} globs (a '*' only in the last element), sorted per glob. */
  private static List<String> templates(Fields f, ParseContext ctx, Path baseDir) {
    List<String> out = new ArrayList<>();
    List<String> globs = f.strings("templates");
    for (int i = 0; i < globs.size(); i++) {
      String g = globs.get(i);
      Node at = ((Node.Sequence) f.node("templates")).items().get(i);
      String path = "templates[" + i + "]";
      Path p = baseDir == null ? Path.of(g) : baseDir.resolve(g);
      p = p.toAbsolutePath().normalize();
      Path dir = p.getParent();
      String last = p.getFileName() == null ? "" : p.getFileName().toString();
      if (dir != null && hasGlob(dir.toString())) {
        ctx.error(at, path, "invalid file glob \"" + g
            + "\" (wildcards are only allowed in the last path element)");
        continue;
      }
      if (!hasGlob(last)) {
        if (Files.isRegularFile(p)) {
          out.add(p.toString());
        }
        continue;
      }
      if (dir == null || !Files.isDirectory(dir)) {
        continue;
      }
      List<String> matched = new ArrayList<>();
      try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, last)) {
        for (Path m : ds) {
          matched.add(m.toString());
        }
      } catch (IOException | IllegalArgumentException e) {
        ctx.error(at, path, "invalid file glob \"" + g + "\": " + e.getMessage());
        continue;
      }
      matched.sort(null);
      out.addAll(matched);
    }
    return out;
  }

  private static boolean hasGlob(String s) {
    return s.indexOf('*') >= 0 || s.indexOf('?') >= 0 || s.indexOf('[') >= 0;
  }
}
