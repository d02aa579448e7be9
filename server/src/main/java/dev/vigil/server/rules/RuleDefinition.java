package dev.vigil.server.rules;

import dev.vigil.server.model.Labels;
import java.time.Duration;

/**
 * One rule as written in a rule file. Immutable. Label and annotation values of alerting rules
 * are template texts, expanded per alert at evaluation time.
 *
 * @param name the metric name a recording rule writes, or the alert name
 * @param expr the PromQL expression, as written (already parsed once, so it is valid)
 * @param forDuration how long an alert stays pending before firing; zero for recording rules
 * @param keepFiringFor how long an alert keeps firing after its condition cleared
 * @param annotations empty for recording rules
 * @param line 1-based line of the rule in its file, for messages
 */
public record RuleDefinition(Kind kind, String name, String expr, Duration forDuration,
    Duration keepFiringFor, Labels labels, Labels annotations, int line) {

  /** Recording or alerting. */
  public enum Kind { RECORDING, ALERTING }

  /**
   * Whether {@code other} is the same rule as far as alert state goes: same kind, name, expr,
   * {@code for} and labels. Annotations and keep_firing_for may change without losing state.
   */
  public boolean sameIdentity(RuleDefinition other) {
    return kind == other.kind && name.equals(other.name) && expr.equals(other.expr)
        && forDuration.equals(other.forDuration) && labels.equals(other.labels);
  }
}
