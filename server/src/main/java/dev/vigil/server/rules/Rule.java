package dev.vigil.server.rules;

import dev.vigil.server.model.Labels;
import dev.vigil.server.promql.value.Sample;
import java.util.List;

/**
 * A loaded rule with its evaluation health. The health fields are written by the group's
 * evaluation thread and read by the API: each is volatile, and a reader may see the fields of
 * two consecutive evaluations mixed, which the API tolerates (Prometheus's does too).
 */
public abstract sealed class Rule permits RecordingRule, AlertingRule {
  /** {@code health} values, as the API reports them. */
  public static final String UNKNOWN = "unknown";
  public static final String OK = "ok";
  public static final String ERR = "err";

  private final RuleDefinition definition;
  private final Labels labels;
  private volatile String health = UNKNOWN;
  private volatile String lastError = "";
  private volatile long lastEvaluationMillis;
  private volatile boolean evaluated;
  private volatile double evaluationSeconds;

  /** @param labels the rule's labels with the group's merged in (the rule's win) */
  Rule(RuleDefinition definition, Labels labels) {
    this.definition = definition;
    this.labels = labels;
  }

  public RuleDefinition definition() {
    return definition;
  }

  public String name() {
    return definition.name();
  }

  public String query() {
    return definition.expr();
  }

  /** The rule's labels, the group's labels merged in. */
  public Labels labels() {
    return labels;
  }

  /** {@link #OK}, {@link #ERR}, or {@link #UNKNOWN} before the first evaluation. */
  public String health() {
    return health;
  }

  /** The last evaluation's error; empty when it succeeded. */
  public String lastError() {
    return lastError;
  }

  /** When the rule was last evaluated (Unix ms); meaningless while {@link #evaluated()} is false. */
  public long lastEvaluationMillis() {
    return lastEvaluationMillis;
  }

  public boolean evaluated() {
    return evaluated;
  }

  /** How long the last evaluation took. */
  public double evaluationSeconds() {
    return evaluationSeconds;
  }

  /**
   * Evaluates the rule at {@code ts}; the samples it returns are to be written at
   * {@code ctx.queryTime()}. Called by one thread at a time (the group's).
   *
   * @throws RuleEvaluationException when the rule fails as a whole (query error, limit)
   */
  abstract List<Sample> eval(long ts, EvalContext ctx) throws RuleEvaluationException;

  void recordResult(long ts, double seconds, String error) {
    lastEvaluationMillis = ts;
    evaluationSeconds = seconds;
    lastError = error == null ? "" : error;
    health = error == null ? OK : ERR;
    evaluated = true;
  }

  /** Copies health from the same rule of the previous configuration. */
  void copyHealth(Rule old) {
    health = old.health;
    lastError = old.lastError;
    lastEvaluationMillis = old.lastEvaluationMillis;
    evaluated = old.evaluated;
    evaluationSeconds = old.evaluationSeconds;
  }
}
