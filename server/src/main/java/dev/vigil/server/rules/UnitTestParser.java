package dev.vigil.server.rules;

import dev.vigil.server.config.ConfigException;
import dev.vigil.server.config.Fields;
import dev.vigil.server.config.Node;
import dev.vigil.server.config.ParseContext;
import dev.vigil.server.config.YamlTreeReader;
import dev.vigil.server.model.Labels;
import dev.vigil.server.model.Matcher;
import dev.vigil.server.promql.parser.ParseException;
import dev.vigil.server.promql.parser.PromQL;
import dev.vigil.server.promql.script.Points;
import dev.vigil.server.promql.script.ScriptSyntaxException;
import dev.vigil.server.promql.script.ValueSequence;
import dev.vigil.server.rules.UnitTestFile.AlertTest;
import dev.vigil.server.rules.UnitTestFile.ExpAlert;
import dev.vigil.server.rules.UnitTestFile.ExpSample;
import dev.vigil.server.rules.UnitTestFile.InputSeries;
import dev.vigil.server.rules.UnitTestFile.PromqlTest;
import dev.vigil.server.rules.UnitTestFile.TestGroup;
import java.nio.file.Path;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Parses rule unit-test files, every problem as {@code file:line:col: path: message}. */
final class UnitTestParser {
  private final boolean ignoreUnknownFields;
  private ParseContext ctx;

  UnitTestParser(boolean ignoreUnknownFields) {
    this.ignoreUnknownFields = ignoreUnknownFields;
  }

  UnitTestFile parse(String yaml, String source, Path dir) throws ConfigException {
    ctx = new ParseContext(source, null, name -> null);
    Node root = YamlTreeReader.read(yaml, source);
    Fields f = new Fields(ctx, root, "", "unit test file");
    List<String> ruleFiles = f.strings("rule_files");
    Duration eval = f.duration("evaluation_interval", Duration.ofMinutes(1));
    if (eval.isZero()) {
      f.error("evaluation_interval", "evaluation_interval must be positive");
      eval = Duration.ofMinutes(1);
    }
    boolean fuzzy = f.bool("fuzzy_compare", false);
    List<String> order = f.strings("group_eval_order");
    List<TestGroup> tests = new ArrayList<>();
    List<Node> items = f.items("tests");
    for (int i = 0; i < items.size(); i++) {
      tests.add(group(new Fields(ctx, items.get(i), "tests[" + i + "]", "test_group"), eval));
    }
    finish(f);
    List<String> problems = ctx.sortedProblems();
    if (!problems.isEmpty()) {
      throw new ConfigException(problems);
    }
    return new UnitTestFile(source, dir, ruleFiles, eval, fuzzy, order, tests);
  }

  private TestGroup group(Fields f, Duration eval) {
    Duration interval = f.duration("interval", null);
    if (interval == null || interval.isZero()) {
      interval = eval;
    }
    String name = f.string("name", "");
    long start = startTimestamp(f);
    List<InputSeries> series = new ArrayList<>();
    List<Node> items = f.items("input_series");
    for (int i = 0; i < items.size(); i++) {
      Fields sf = new Fields(ctx, items.get(i), f.path("input_series") + "[" + i + "]",
          "series");
      Labels labels = labels(sf, "series", sf.string("series", ""));
      Points points = null;
      try {
        points = ValueSequence.parse(sf.string("values", ""), 0, 0);
        if (points.hasHistogram()) {
          sf.error("values", "native histograms are not supported");
          points = null;
        }
      } catch (ScriptSyntaxException e) {
        sf.error("values", e.detail());
      }
      finish(sf);
      if (labels != null && points != null) {
        series.add(new InputSeries(labels, points));
      }
    }
    List<AlertTest> alerts = new ArrayList<>();
    items = f.items("alert_rule_test");
    for (int i = 0; i < items.size(); i++) {
      Fields af = new Fields(ctx, items.get(i), f.path("alert_rule_test") + "[" + i + "]",
          "alert_test_case");
      Duration at = af.duration("eval_time", Duration.ZERO);
      String alertname = af.string("alertname", "");
      List<ExpAlert> exp = new ArrayList<>();
      List<Node> ea = af.items("exp_alerts");
      for (int j = 0; j < ea.size(); j++) {
        Fields ef = new Fields(ctx, ea.get(j), af.path("exp_alerts") + "[" + j + "]", "alert");
        Labels l = map(ef, "exp_labels").toBuilder().set("alertname", alertname).build();
        exp.add(new ExpAlert(l, map(ef, "exp_annotations")));
        finish(ef);
      }
      finish(af);
      alerts.add(new AlertTest(at, alertname, exp));
    }
    List<PromqlTest> promql = new ArrayList<>();
    items = f.items("promql_expr_test");
    for (int i = 0; i < items.size(); i++) {
      Fields pf = new Fields(ctx, items.get(i), f.path("promql_expr_test") + "[" + i + "]",
          "promql_test_case");
      String expr = pf.string("expr", "");
      Duration at = pf.duration("eval_time", Duration.ZERO);
      List<ExpSample> exp = new ArrayList<>();
      List<Node> es = pf.items("exp_samples");
      for (int j = 0; j < es.size(); j++) {
        Fields sf = new Fields(ctx, es.get(j), pf.path("exp_samples") + "[" + j + "]", "sample");
        String text = sf.string("labels", "");
        double value = sf.number("value", 0);
        String error = null;
        Labels l = null;
        try {
          l = parseLabels(text);
        } catch (IllegalArgumentException e) {
          // promtool reports it as the test case's failure, not as a file error.
          error = e.getMessage();
        }
        exp.add(new ExpSample(l, value, text, error));
        finish(sf);
      }
      finish(pf);
      promql.add(new PromqlTest(expr, at, exp));
    }
    Labels external = map(f, "external_labels");
    String url = f.string("external_url", "");
    finish(f);
    return new TestGroup(name, interval, series, start, alerts, promql, external, url);
  }

  private long startTimestamp(Fields f) {
    Node n = f.node("start_timestamp");
    if (n == null) {
      return 0;
    }
    if (n instanceof Node.Scalar s && s.text() != null) {
      try {
        return Math.multiplyExact(Long.parseLong(s.text()), 1000L);
      } catch (NumberFormatException | ArithmeticException e) {
        try {
          return OffsetDateTime.parse(s.text()).toInstant().toEpochMilli();
        } catch (DateTimeParseException e2) {
          // fall through to the error
        }
      }
    }
    f.error("start_timestamp", "expected a Unix timestamp or an RFC 3339 time, got "
        + Fields.describe(n));
    return 0;
  }

  private Labels labels(Fields f, String key, String text) {
    try {
      return parseLabels(text);
    } catch (IllegalArgumentException e) {
      f.error(key, e.getMessage());
      return null;
    }
  }

  /** A series in selector notation with only {@code =} matchers: {@code up{job="a"}}, {@code {}}. */
  static Labels parseLabels(String text) {
    if (text.isBlank()) {
      throw new IllegalArgumentException("series must not be empty");
    }
    if (text.replace(" ", "").equals("{}")) {
      return Labels.EMPTY;
    }
    List<Matcher> ms;
    try {
      ms = PromQL.parseSeriesSelector(text);
    } catch (ParseException e) {
      throw new IllegalArgumentException(e.getMessage(), e);
    }
    Labels.Builder b = new Labels.Builder();
    for (Matcher m : ms) {
      if (m.type() != Matcher.Type.EQUAL) {
        throw new IllegalArgumentException("only '=' is allowed in a series, not '"
            + m.type().op() + "'");
      }
      b.set(m.name(), m.value());
    }
    return b.build();
  }

  private static Labels map(Fields f, String key) {
    Labels.Builder b = new Labels.Builder();
    for (Map.Entry<String, String> e : f.stringMap(key).entrySet()) {
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
