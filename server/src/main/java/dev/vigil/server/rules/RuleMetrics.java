package dev.vigil.server.rules;

import dev.vigil.client.core.Counter;
import dev.vigil.client.core.Gauge;
import dev.vigil.client.core.Summary;
import dev.vigil.client.model.Registry;

/**
 * The rule manager's self-metrics, with Prometheus's names. Per-group series carry
 * {@code rule_group="<file>;<group>"} and are removed when the group goes away. Thread-safe.
 */
final class RuleMetrics {
  private static final String GROUP = "rule_group";

  final Summary evalDuration;
  final Summary groupDuration;
  final Counter evaluations;
  final Counter failures;
  final Counter missed;
  final Counter iterations;
  final Gauge lastDuration;
  final Gauge lastEvaluation;
  final Gauge lastSamples;
  final Gauge rules;
  final Gauge interval;

  /** @param registry where to register; null keeps the metrics unexported (tools, tests) */
  RuleMetrics(Registry registry) {
    Registry r = registry != null ? registry : new Registry();
    evalDuration = Summary.builder().name("prometheus_rule_evaluation_duration_seconds")
        .help("The duration for a rule to execute.").quantile(0.5).quantile(0.9).quantile(0.99)
        .register(r);
    groupDuration = Summary.builder().name("prometheus_rule_group_duration_seconds")
        .help("The duration of rule group evaluations.").quantile(0.01).quantile(0.05)
        .quantile(0.5).quantile(0.9).quantile(0.99).register(r);
    evaluations = Counter.builder().name("prometheus_rule_evaluations_total")
        .help("The total number of rule evaluations.").labelNames(GROUP).register(r);
    failures = Counter.builder().name("prometheus_rule_evaluation_failures_total")
        .help("The total number of rule evaluation failures.").labelNames(GROUP).register(r);
    missed = Counter.builder().name("prometheus_rule_group_iterations_missed_total")
        .help("The total number of rule group evaluations missed due to slow rule group"
            + " evaluation.").labelNames(GROUP).register(r);
    iterations = Counter.builder().name("prometheus_rule_group_iterations_total")
        .help("The total number of scheduled rule group evaluations, whether executed or"
            + " missed.").labelNames(GROUP).register(r);
    lastDuration = Gauge.builder().name("prometheus_rule_group_last_duration_seconds")
        .help("The duration of the last rule group evaluation.").labelNames(GROUP).register(r);
    lastEvaluation = Gauge.builder()
        .name("prometheus_rule_group_last_evaluation_timestamp_seconds")
        .help("The timestamp of the last rule group evaluation in seconds.").labelNames(GROUP)
        .register(r);
    lastSamples = Gauge.builder().name("prometheus_rule_group_last_evaluation_samples")
        .help("The number of samples returned during the last rule group evaluation.")
        .labelNames(GROUP).register(r);
    rules = Gauge.builder().name("prometheus_rule_group_rules")
        .help("The number of rules.").labelNames(GROUP).register(r);
    interval = Gauge.builder().name("prometheus_rule_group_interval_seconds")
        .help("The interval of a rule group.").labelNames(GROUP).register(r);
  }

  /** Creates the group's series so they are exported before its first evaluation. */
  void addGroup(String key, int ruleCount, double intervalSeconds) {
    evaluations.labelValues(key);
    failures.labelValues(key);
    missed.labelValues(key);
    iterations.labelValues(key);
    rules.labelValues(key).set(ruleCount);
    interval.labelValues(key).set(intervalSeconds);
  }

  void removeGroup(String key) {
    for (var m : new dev.vigil.client.core.LabelledMetric<?>[] {evaluations, failures, missed,
        iterations, lastDuration, lastEvaluation, lastSamples, rules, interval}) {
      m.remove(key);
    }
  }
}
