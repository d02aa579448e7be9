package dev.vigil.server.rules;

import dev.vigil.server.config.ConfigException;
import dev.vigil.server.config.Fields;
import dev.vigil.server.config.Node;
import dev.vigil.server.config.ParseContext;
import dev.vigil.server.config.YamlTreeReader;
import dev.vigil.server.model.Labels;
import dev.vigil.server.promql.parser.ParseException;
import dev.vigil.server.promql.parser.PromQL;
import dev.vigil.server.model.LabelNames;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Parses rule files ({@code groups: [...]}) with every problem reported as
 * {@code file:line:col: groups[0].rules[2].expr: message}. Parsing goes on after a problem so a
 * user sees all of them at once. Stateless apart from its settings; thread-safe.
 */
public final class RuleFileParser {
  private final TemplateExpander templates;
  private final boolean ignoreUnknownFields;

  /**
   * @param templates checks the label and annotation templates of alerting rules
   * @param ignoreUnknownFields accept fields the format does not define (promtool's
   *     {@code --ignore-unknown-fields}); the server never sets it
   */
  public RuleFileParser(TemplateExpander templates, boolean ignoreUnknownFields) {
    this.templates = templates;
    this.ignoreUnknownFields = ignoreUnknownFields;
  }

  public RuleFileParser(TemplateExpander templates) {
    this(templates, false);
  }

  /** Reads and parses {@code file}; the file name as given prefixes every message. */
  public List<GroupDefinition> parse(Path file) throws ConfigException {
    String yaml;
    try {
      yaml = Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new ConfigException(file + ": cannot read rule file: " + e.getMessage(), e);
    }
    return parse(yaml, file.toString());
  }

  /** Parses {@code yaml}; {@code source} names the file in messages and in each group. */
  public List<GroupDefinition> parse(String yaml, String source) throws ConfigException {
    ParseContext ctx = new ParseContext(source, null, name -> null);
    Node root = YamlTreeReader.read(yaml, source);
    Fields f = new Fields(ctx, root, "", "rule file");
    List<GroupDefinition> groups = new ArrayList<>();
    Map<String, Node> names = new HashMap<>();
    List<Node> items = f.items("groups");
    for (int i = 0; i < items.size(); i++) {
      Fields gf = new Fields(ctx, items.get(i), "groups[" + i + "]", "rule_group");
      GroupDefinition g = group(gf, source);
      if (!g.name().isEmpty()) {
        Node first = names.putIfAbsent(g.name(), items.get(i));
        if (first != null) {
          gf.error("name", "groupname \"" + g.name() + "\" is repeated in the same file"
              + " (first at line " + first.line() + ")");
        }
      }
      groups.add(g);
    }
    finish(f);
    List<String> problems = ctx.sortedProblems();
    if (!problems.isEmpty()) {
      throw new ConfigException(problems);
    }
    return List.copyOf(groups);
  }

  private GroupDefinition group(Fields f, String source) {
    String name = f.string("name", "");
    if (name.isEmpty()) {
      f.ctx().error(f.self(), f.path("name"), "Groupname must not be empty");
    }
    Duration interval = f.duration("interval", null);
    if (interval != null && interval.isZero()) {
      interval = null;
    }
    int limit = f.intCount("limit", 0);
    Duration offset = f.duration("query_offset", null);
    Labels labels = labels(f, "labels");
    List<RuleDefinition> rules = new ArrayList<>();
    List<Node> items = f.items("rules");
    for (int i = 0; i < items.size(); i++) {
      RuleDefinition r = rule(new Fields(f.ctx(), items.get(i), f.path("rules") + "[" + i + "]",
          "rule"), items.get(i));
      if (r != null) {
        rules.add(r);
      }
    }
    finish(f);
    return new GroupDefinition(source, name, interval, limit, offset, labels, rules);
  }

  private RuleDefinition rule(Fields f, Node at) {
    String record = f.string("record", null);
    String alert = f.string("alert", null);
    String expr = f.string("expr", "");
    Duration forDuration = f.duration("for", Duration.ZERO);
    Duration keepFiringFor = f.duration("keep_firing_for", Duration.ZERO);
    Labels labels = labels(f, "labels");
    Labels annotations = labels(f, "annotations");
    finish(f);
    boolean ok = true;
    if (record != null && alert != null) {
      f.ctx().error(at, f.path("record"), "only one of 'record' and 'alert' must be set");
      ok = false;
    } else if (record == null && alert == null) {
      f.ctx().error(at, f.path("record"), "one of 'record' or 'alert' must be set");
      ok = false;
    }
    if (expr.isEmpty()) {
      f.error("expr", "field 'expr' must be set in rule");
      ok = false;
    } else {
      try {
        PromQL.parse(expr);
      } catch (ParseException e) {
        f.error("expr", "could not parse expression: " + e.getMessage());
        ok = false;
      } catch (IllegalArgumentException e) {
        f.error("expr", "could not parse expression: " + e.getMessage());
        ok = false;
      }
    }
    if (labels.get(Labels.METRIC_NAME) != null) {
      f.error("labels", "invalid label name: " + Labels.METRIC_NAME);
      ok = false;
    }
    if (record != null && alert == null) {
      if (!LabelNames.isValidMetricName(record)) {
        f.error("record", "invalid recording rule name: " + record);
        ok = false;
      }
      boolean[] set = {!annotations.isEmpty(), !forDuration.isZero(), !keepFiringFor.isZero()};
      String[] keys = {"annotations", "for", "keep_firing_for"};
      for (int i = 0; i < keys.length; i++) {
        if (set[i]) {
          f.error(keys[i], "invalid field '" + keys[i] + "' in recording rule");
          ok = false;
        }
      }
      return ok ? new RuleDefinition(RuleDefinition.Kind.RECORDING, record, expr, Duration.ZERO,
          Duration.ZERO, labels, Labels.EMPTY, at.line()) : null;
    }
    if (alert != null && record == null) {
      if (alert.isEmpty()) {
        f.error("alert", "alert name must not be empty");
        ok = false;
      }
      ok &= checkTemplates(f, "labels", alert, labels);
      ok &= checkTemplates(f, "annotations", alert, annotations);
      return ok ? new RuleDefinition(RuleDefinition.Kind.ALERTING, alert, expr, forDuration,
          keepFiringFor, labels, annotations, at.line()) : null;
    }
    return null;
  }

  private boolean checkTemplates(Fields f, String key, String alert, Labels values) {
    boolean ok = true;
    for (int i = 0; i < values.size(); i++) {
      try {
        templates.check("__alert_" + alert, values.value(i));
      } catch (Exception e) {
        f.error(key, values.name(i) + ": " + e.getMessage());
        ok = false;
      }
    }
    return ok;
  }

  /** A mapping of valid label names to strings. */
  private static Labels labels(Fields f, String key) {
    Node.Mapping m = f.mapping(key);
    if (m == null) {
      return Labels.EMPTY;
    }
    Labels.Builder b = new Labels.Builder();
    for (Map.Entry<String, String> e : f.stringMap(key).entrySet()) {
      if (!LabelNames.isValid(e.getKey())) {
        int[] at = m.keyLocations().get(e.getKey());
        f.ctx().errorAt(at[0], at[1], f.path(key) + ": invalid "
            + (key.equals("annotations") ? "annotation" : "label") + " name: " + e.getKey());
        continue;
      }
      b.set(e.getKey(), e.getValue());
    }
    return b.build();
  }

  private void finish(Fields f) {
    if (!ignoreUnknownFields) {
      f.finish();
    }
  }
}
