package dev.vigil.server.rules;

import dev.vigil.server.config.ConfigException;
import dev.vigil.server.model.Alert;
import dev.vigil.server.model.Labels;
import dev.vigil.server.model.Matcher;
import dev.vigil.server.model.StaleNaN;
import dev.vigil.server.promql.value.Sample;
import dev.vigil.server.storage.Querier;
import dev.vigil.server.storage.Queryable;
import dev.vigil.server.storage.SampleIterator;
import dev.vigil.server.storage.SeriesSet;
import dev.vigil.server.tsdb.Head;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;

/** Builds groups from rule YAML over a real in-memory head and a table of query answers. */
final class Fixtures {
  /** Answers by time: the vector a query returns at each evaluation time (empty otherwise). */
  final TreeMap<Long, List<Sample>> answers = new TreeMap<>();
  final Head head = new Head();
  final List<Alert> sent = new CopyOnWriteArrayList<>();
  RuleOptions options = RuleOptions.DEFAULTS;
  Labels externalLabels = Labels.EMPTY;
  TemplateExpander templates = TemplateExpander.VERBATIM;

  QueryFunction query() {
    return (expr, t) -> answers.getOrDefault(t, List.of());
  }

  RuleGroup group(String yaml) throws ConfigException {
    List<GroupDefinition> defs = new RuleFileParser(templates).parse(yaml, "test.yml");
    GroupDeps deps = new GroupDeps(query(), head, sent::addAll, templates, options,
        externalLabels, new RuleMetrics(null));
    return new RuleGroup(defs.get(0), Duration.ofMinutes(1), Duration.ZERO, deps);
  }

  static Sample sample(double v, String... labels) {
    return new Sample(Labels.of(labels), 0, v);
  }

  void answer(long t, Sample... samples) {
    answers.put(t, List.of(samples));
  }

  /** Every sample of the series selected by {@code matchers}, as "t=v" per series. */
  static Map<Labels, List<String>> read(Queryable q, Matcher... matchers) {
    Map<Labels, List<String>> out = new TreeMap<>();
    try (Querier querier = q.querier(Long.MIN_VALUE / 2, Long.MAX_VALUE / 2)) {
      SeriesSet set = querier.select(true, matchers);
      while (set.next()) {
        List<String> points = new ArrayList<>();
        SampleIterator it = set.iterator();
        while (it.next()) {
          points.add(it.atT() + "=" + (StaleNaN.is(it.atV()) ? "stale" : fmt(it.atV())));
        }
        out.put(set.labels(), points);
      }
    }
    return out;
  }

  private static String fmt(double v) {
    return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
  }
}
