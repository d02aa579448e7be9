package dev.vigil.server.rules;

import dev.vigil.server.config.ConfigException;
import dev.vigil.server.config.Durations;
import dev.vigil.server.model.Labels;
import dev.vigil.server.promql.engine.Engine;
import dev.vigil.server.promql.script.Points;
import dev.vigil.server.promql.value.Sample;
import dev.vigil.server.rules.UnitTestFile.AlertTest;
import dev.vigil.server.rules.UnitTestFile.ExpAlert;
import dev.vigil.server.rules.UnitTestFile.ExpSample;
import dev.vigil.server.rules.UnitTestFile.InputSeries;
import dev.vigil.server.rules.UnitTestFile.PromqlTest;
import dev.vigil.server.rules.UnitTestFile.TestGroup;
import dev.vigil.server.storage.Appender;
import dev.vigil.server.tsdb.Head;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * {@code test rules FILE...}: runs rule unit tests as {@code promtool test rules} does. Each test
 * group loads its input series into a fresh in-memory head, evaluates every rule group at each
 * evaluation_interval step from the start up to the last eval_time (groups named in
 * group_eval_order first), checks firing alerts at each alert eval_time against the evaluation at
 * or just before it, then runs the PromQL checks over the head, recorded series included.
 * Output: {@code Unit Testing:  FILE} then {@code SUCCESS} (stdout) or {@code FAILED:} and the
 * differences (stderr). Not thread-safe; one instance per run.
 */
public final class RuleUnitTests {
  private final TemplateFactory templates;
  private final boolean ignoreUnknownFields;
  private final List<Pattern> run;

  /**
   * @param run only test groups whose name matches one of these run (all when empty)
   */
  public RuleUnitTests(TemplateFactory templates, boolean ignoreUnknownFields, List<String> run) {
    this.templates = templates;
    this.ignoreUnknownFields = ignoreUnknownFields;
    this.run = run.stream().map(Pattern::compile).toList();
  }

  /** Runs every file; 0 when all pass, 1 otherwise. */
  public int run(List<Path> files, PrintStream out, PrintStream err) {
    boolean ok = true;
    for (Path f : files) {
      out.println("Unit Testing:  " + f);
      List<String> errors = runFile(f);
      if (errors.isEmpty()) {
        out.println("  SUCCESS");
      } else {
        ok = false;
        err.println("  FAILED:");
        for (String e : errors) {
          // promtool's layout: the blank line after each failure goes to stdout, so on a
          // terminal they read apart while stderr alone stays compact.
          err.println(e);
          err.flush();
          out.println();
          out.flush();
        }
      }
      out.println();
    }
    out.flush();
    err.flush();
    return ok ? 0 : 1;
  }

  /** The failures of one file; empty when it passes. */
  List<String> runFile(Path file) {
    UnitTestFile tf;
    try {
      String yaml = Files.readString(file, StandardCharsets.UTF_8);
      Path dir = file.toAbsolutePath().getParent();
      tf = new UnitTestParser(ignoreUnknownFields).parse(yaml, file.toString(), dir);
    } catch (IOException e) {
      return List.of(file + ": cannot read test file: " + e.getMessage());
    } catch (ConfigException e) {
      return e.problems();
    }
    List<GroupDefinition> defs;
    try {
      List<String> globs = new ArrayList<>();
      for (String g : tf.ruleFiles()) {
        globs.add(Path.of(g).isAbsolute() ? g : relative(file, g));
      }
      defs = RuleManager.load(globs, templates.create((e, t) -> List.of(), ""));
    } catch (ConfigException e) {
      return e.problems();
    }
    List<GroupDefinition> ordered = new ArrayList<>();
    Map<String, GroupDefinition> byName = new LinkedHashMap<>();
    for (GroupDefinition d : defs) {
      byName.putIfAbsent(d.name(), d);
    }
    List<String> errors = new ArrayList<>();
    for (String name : tf.groupEvalOrder()) {
      GroupDefinition d = byName.remove(name);
      if (d == null) {
        errors.add("group_eval_order: group \"" + name + "\" is not in the rule files"
            + (ordered.stream().anyMatch(o -> o.name().equals(name)) ? " more than once" : ""));
      } else {
        ordered.add(d);
      }
    }
    if (!errors.isEmpty()) {
      return errors;
    }
    for (GroupDefinition d : defs) {
      if (!ordered.contains(d)) {
        ordered.add(d);
      }
    }
    for (TestGroup tg : tf.tests()) {
      if (!run.isEmpty() && run.stream().noneMatch(p -> p.matcher(tg.name()).find())) {
        continue;
      }
      errors.addAll(runGroup(tf, tg, ordered));
    }
    return errors;
  }

  private static String relative(Path file, String glob) {
    Path dir = file.getParent();
    return dir == null ? glob : dir.resolve(glob).toString();
  }

  private List<String> runGroup(UnitTestFile tf, TestGroup tg, List<GroupDefinition> defs) {
    Head head = new Head();
    long start = tg.startMillis();
    long step = tg.interval().toMillis();
    Appender app = head.appender();
    for (InputSeries s : tg.inputSeries()) {
      for (int i = 0; i < s.points().size(); i++) {
        if (s.points().kind(i) == Points.VALUE) {
          app.append(0, s.labels(), start + i * step, s.points().value(i));
        }
      }
    }
    app.commit();
    QueryFunction query = QueryFunction.of(new Engine(head));
    String url = tg.externalUrl();
    TemplateExpander expander = templates.create(query, url);
    GroupDeps deps = new GroupDeps(query, head, alerts -> { }, expander,
        RuleOptions.DEFAULTS.withExternalUrl(url), tg.externalLabels(), new RuleMetrics(null));
    List<RuleGroup> groups = new ArrayList<>();
    for (GroupDefinition d : defs) {
      groups.add(new RuleGroup(d, tf.evaluationInterval(), Duration.ZERO, deps));
    }
    List<AlertTest> alertTests = new ArrayList<>(tg.alertTests());
    alertTests.sort(Comparator.comparing(AlertTest::evalTime));
    long max = 0;
    for (AlertTest a : alertTests) {
      max = Math.max(max, a.evalTime().toMillis());
    }
    for (PromqlTest p : tg.promqlTests()) {
      max = Math.max(max, p.evalTime().toMillis());
    }
    String testName = tg.name().isEmpty() ? "" : "    name: " + tg.name() + ",\n";
    List<String> errors = new ArrayList<>();
    long eval = tf.evaluationInterval().toMillis();
    int next = 0;
    for (long ts = start; ts <= start + max; ts += eval) {
      List<String> evalErrors = new ArrayList<>();
      for (RuleGroup g : groups) {
        g.evaluate(ts);
        for (Rule r : g.rules()) {
          if (r.health().equals(Rule.ERR)) {
            evalErrors.add("    rule: " + r.name() + ", time: "
                + Durations.format(Duration.ofMillis(ts - start)) + ", err: " + r.lastError());
          }
        }
      }
      if (!evalErrors.isEmpty()) {
        return evalErrors;
      }
      while (next < alertTests.size()
          && alertTests.get(next).evalTime().toMillis() >= ts - start
          && alertTests.get(next).evalTime().toMillis() < ts - start + eval) {
        AlertTest t = alertTests.get(next++);
        String diff = compareAlerts(t, groups);
        if (diff != null) {
          errors.add(testName + diff);
        }
      }
    }
    for (PromqlTest p : tg.promqlTests()) {
      String diff = comparePromql(p, query, start, tf.fuzzyCompare());
      if (diff != null) {
        errors.add(diff);
      }
    }
    return errors;
  }

  private record LabelsAndAnnotations(Labels labels, Labels annotations) {}

  private static String compareAlerts(AlertTest t, List<RuleGroup> groups) {
    List<LabelsAndAnnotations> got = new ArrayList<>();
    for (RuleGroup g : groups) {
      for (Rule r : g.rules()) {
        if (r instanceof AlertingRule ar && ar.name().equals(t.alertname())) {
          for (AlertView a : ar.alerts()) {
            if (a.state() == AlertState.FIRING) {
              got.add(new LabelsAndAnnotations(a.labels(), a.annotations()));
            }
          }
        }
      }
    }
    List<LabelsAndAnnotations> exp = new ArrayList<>();
    for (ExpAlert a : t.expAlerts()) {
      exp.add(new LabelsAndAnnotations(a.labels(), a.annotations()));
    }
    Comparator<LabelsAndAnnotations> order = Comparator.comparing(LabelsAndAnnotations::labels)
        .thenComparing(LabelsAndAnnotations::annotations);
    got.sort(order);
    exp.sort(order);
    if (got.equals(exp)) {
      return null;
    }
    return "    alertname: " + t.alertname() + ", time: " + Durations.format(t.evalTime())
        + ", \n        exp:" + indent(alerts(exp), "            ") + ", \n        got:"
        + indent(alerts(got), "            ");
  }

  private static String alerts(List<LabelsAndAnnotations> list) {
    if (list.isEmpty()) {
      return "[]";
    }
    StringBuilder sb = new StringBuilder("[");
    for (int i = 0; i < list.size(); i++) {
      sb.append(i == 0 ? "\n" : ",\n").append(i).append(':').append(indent("\nLabels:"
          + goLabels(list.get(i).labels()) + "\nAnnotations:"
          + goLabels(list.get(i).annotations()), "  "));
    }
    return sb.append("\n]").toString();
  }

  private static String indent(String s, String indent) {
    return s.replace("\n", "\n" + indent);
  }

  private static String comparePromql(PromqlTest p, QueryFunction query, long start,
      boolean fuzzy) {
    String where = "    expr: " + goQuote(p.expr()) + ", time: " + Durations.format(p.evalTime());
    List<Sample> got;
    try {
      got = new ArrayList<>(query.query(p.expr(), start + p.evalTime().toMillis()));
    } catch (Exception e) {
      return where + ", err: " + RecordingRule.message(e);
    }
    List<Sample> exp = new ArrayList<>();
    for (ExpSample s : p.expSamples()) {
      if (s.labels() == null) {
        return where + ", err: labels " + goQuote(s.text()) + ": " + s.error();
      }
      exp.add(new Sample(s.labels(), 0, s.value()));
    }
    got.sort(Comparator.comparing(Sample::labels));
    exp.sort(Comparator.comparing(Sample::labels));
    boolean same = got.size() == exp.size();
    for (int i = 0; same && i < got.size(); i++) {
      same = got.get(i).labels().equals(exp.get(i).labels())
          && sameValue(got.get(i).v(), exp.get(i).v(), fuzzy);
    }
    if (same) {
      return null;
    }
    return where + ",\n        exp: " + samples(exp) + "\n        got: " + samples(got);
  }

  /** Equal, or both the same NaN, or (fuzzy) one unit in the last place apart. */
  static boolean sameValue(double a, double b, boolean fuzzy) {
    if (a == b || Double.doubleToRawLongBits(a) == Double.doubleToRawLongBits(b)
        || (Double.isNaN(a) && Double.isNaN(b))) {
      return true;
    }
    return fuzzy && Math.abs(Double.doubleToLongBits(a) - Double.doubleToLongBits(b)) <= 1;
  }

  private static String samples(List<Sample> list) {
    if (list.isEmpty()) {
      return "nil";
    }
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < list.size(); i++) {
      if (i > 0) {
        sb.append(", "); // promtool 2.42's separator; later versions break the line here
      }
      sb.append(goLabels(list.get(i).labels())).append(' ')
          .append(GoFloats.exponent(list.get(i).v()).toUpperCase(java.util.Locale.ROOT)
              .replace("INF", "Inf").replace("NAN", "NaN"));
    }
    return sb.toString();
  }

  /** Labels as Prometheus's {@code labels.String()} writes them: {@code {a="b", c="d"}}. */
  static String goLabels(Labels l) {
    StringBuilder sb = new StringBuilder("{");
    for (int i = 0; i < l.size(); i++) {
      if (i > 0) {
        sb.append(", ");
      }
      sb.append(l.name(i)).append('=').append(goQuote(l.value(i)));
    }
    return sb.append('}').toString();
  }

  static String goQuote(String s) {
    StringBuilder sb = new StringBuilder("\"");
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> sb.append("\\\"");
        case '\\' -> sb.append("\\\\");
        case '\n' -> sb.append("\\n");
        case '\t' -> sb.append("\\t");
        default -> sb.append(c);
      }
    }
    return sb.append('"').toString();
  }
}
