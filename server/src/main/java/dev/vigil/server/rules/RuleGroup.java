package dev.vigil.server.rules;

import dev.vigil.server.model.Labels;
import dev.vigil.server.model.StaleNaN;
import dev.vigil.server.promql.value.Sample;
import dev.vigil.server.storage.Appender;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A loaded rule group: its rules evaluated in order, all at the same time, and the series each
 * produced last time so vanished ones get stale markers. {@link #evaluate} is called by one
 * thread at a time (the scheduler's, or a test's); the read methods are safe from any thread.
 */
public final class RuleGroup {
  private final GroupDefinition definition;
  private final Duration interval;
  private final Duration queryOffset;
  private final List<Rule> rules;
  private final GroupDeps deps;
  /** Per rule, the series written by its last successful evaluation. Evaluation thread only. */
  private final List<Set<Labels>> previous;
  private volatile long lastEvaluationMillis;
  private volatile boolean evaluated;
  private volatile double evaluationSeconds;

  RuleGroup(GroupDefinition definition, Duration globalInterval, Duration globalOffset,
      GroupDeps deps) {
    this.definition = definition;
    this.interval = definition.interval() != null ? definition.interval() : globalInterval;
    this.queryOffset = definition.queryOffset() != null ? definition.queryOffset()
        : globalOffset;
    this.deps = deps;
    List<Rule> rs = new ArrayList<>();
    List<Set<Labels>> prev = new ArrayList<>();
    for (RuleDefinition r : definition.rules()) {
      Labels.Builder b = definition.labels().toBuilder();
      for (int i = 0; i < r.labels().size(); i++) {
        b.set(r.labels().name(i), r.labels().value(i));
      }
      rs.add(r.kind() == RuleDefinition.Kind.RECORDING ? new RecordingRule(r, b.build())
          : new AlertingRule(r, b.build()));
      prev.add(new HashSet<>());
    }
    this.rules = List.copyOf(rs);
    this.previous = prev;
  }

  public String name() {
    return definition.name();
  }

  public String file() {
    return definition.file();
  }

  /** {@code file;name}: the identity across reloads and the metrics' rule_group label. */
  public String key() {
    return definition.key();
  }

  public GroupDefinition definition() {
    return definition;
  }

  public Duration interval() {
    return interval;
  }

  public Duration queryOffset() {
    return queryOffset;
  }

  public int limit() {
    return definition.limit();
  }

  public List<Rule> rules() {
    return rules;
  }

  public long lastEvaluationMillis() {
    return lastEvaluationMillis;
  }

  public boolean evaluated() {
    return evaluated;
  }

  public double evaluationSeconds() {
    return evaluationSeconds;
  }

  /**
   * The evaluation time of the iteration due at or before {@code nowMillis}: a multiple of the
   * interval plus an offset that is fixed per group (a hash of its key), so groups with the same
   * interval spread over it instead of all starting together, and a restart keeps the phase.
   */
  public long evalTimestamp(long nowMillis) {
    long iv = interval.toMillis();
    long offset = Math.floorMod(hash64(key()), iv);
    long adj = nowMillis - offset;
    return adj - Math.floorMod(adj, iv) + offset;
  }

  private static long hash64(String s) {
    // FNV-1a: stable across runs and JVMs, unlike String.hashCode's spread over small inputs.
    long h = 0xcbf29ce484222325L;
    for (int i = 0; i < s.length(); i++) {
      h ^= s.charAt(i);
      h *= 0x100000001b3L;
    }
    return h;
  }

  /**
   * Evaluates every rule at {@code ts} (Unix ms): queries at {@code ts - query_offset}, writes
   * the results and stale markers, sends due alerts. Never throws for a rule's failure: that
   * becomes the rule's health and lastError.
   */
  public void evaluate(long ts) {
    long start = System.nanoTime();
    long queryTime = ts - queryOffset.toMillis();
    String key = key();
    long samples = 0;
    for (int i = 0; i < rules.size(); i++) {
      Rule rule = rules.get(i);
      long ruleStart = System.nanoTime();
      deps.metrics().evaluations.labelValues(key).inc();
      List<String> templateErrors = new ArrayList<>();
      EvalContext ctx = new EvalContext(deps.query(), deps.templates(), deps.externalLabels(),
          queryTime, definition.limit(), templateErrors);
      List<Sample> out;
      String error = null;
      try {
        out = rule.eval(ts, ctx);
      } catch (RuleEvaluationException | RuntimeException e) {
        out = null;
        error = RecordingRule.message(e);
      }
      if (out == null) {
        deps.metrics().failures.labelValues(key).inc();
      } else {
        if (!templateErrors.isEmpty()) {
          error = templateErrors.get(0);
        }
        if (rule instanceof AlertingRule ar) {
          try {
            ar.sendAlerts(ts, deps.options().resendDelay().toMillis(), interval.toMillis(),
                deps.sink(), deps.externalLabels(), deps.options().externalUrl());
          } catch (RuntimeException e) {
            // The sink's fault, not the rule's: the alerts go again at the next resend.
            org.slf4j.LoggerFactory.getLogger(RuleGroup.class)
                .warn("sending alerts of rule {} failed", rule.name(), e);
          }
        }
        String writeError = write(i, out, queryTime);
        if (writeError != null && error == null) {
          error = writeError;
        }
        samples += out.size();
      }
      double seconds = (System.nanoTime() - ruleStart) / 1e9;
      rule.recordResult(ts, seconds, error);
      deps.metrics().evalDuration.observe(seconds);
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    evaluationSeconds = seconds;
    lastEvaluationMillis = ts;
    evaluated = true;
    deps.metrics().groupDuration.observe(seconds);
    deps.metrics().lastDuration.labelValues(key).set(seconds);
    deps.metrics().lastEvaluation.labelValues(key).set(ts / 1000.0);
    deps.metrics().lastSamples.labelValues(key).set(samples);
  }

  /** Appends a rule's output and stale markers for its series that vanished; an error or null. */
  private String write(int rule, List<Sample> out, long t) {
    Set<Labels> now = new HashSet<>(out.size() * 2);
    Appender app = deps.storage().appender(out.size());
    try {
      for (Sample s : out) {
        if (s.h() != null) {
          // Refused with an exception (an unhealthy rule) by storage that cannot keep them.
          app.appendHistogram(0, s.labels(), t, s.h());
        } else {
          app.append(0, s.labels(), t, s.v());
        }
        now.add(s.labels());
      }
      for (Labels gone : previous.get(rule)) {
        if (!now.contains(gone)) {
          app.append(0, gone, t, StaleNaN.VALUE);
        }
      }
      int rejected = app.rejected();
      app.commit();
      previous.set(rule, now);
      return rejected == 0 ? null
          : rejected + " samples were rejected by the storage (out of order or duplicate)";
    } catch (RuntimeException e) {
      app.rollback();
      return "writing the rule's samples failed: " + RecordingRule.message(e);
    }
  }

  /** Writes stale markers for every series the group wrote last, at {@code ts}. */
  void markStale(long ts) {
    Appender app = deps.storage().appender();
    try {
      for (Set<Labels> set : previous) {
        for (Labels l : set) {
          app.append(0, l, ts, StaleNaN.VALUE);
        }
        set.clear();
      }
      app.commit();
    } catch (RuntimeException e) {
      app.rollback();
    }
  }

  /**
   * Takes over state from the previous configuration's group with the same key: per rule with
   * the same identity (see {@link RuleDefinition#sameIdentity}), its alerts, health and written
   * series. Series of old rules with no successor are returned, to be marked stale.
   */
  Set<Labels> copyState(RuleGroup old) {
    boolean[] taken = new boolean[old.rules.size()];
    for (int i = 0; i < rules.size(); i++) {
      Rule r = rules.get(i);
      for (int j = 0; j < old.rules.size(); j++) {
        Rule o = old.rules.get(j);
        if (taken[j] || !r.definition().sameIdentity(o.definition())) {
          continue;
        }
        taken[j] = true;
        if (r instanceof AlertingRule ar && o instanceof AlertingRule oa) {
          ar.copyState(oa);
        } else {
          r.copyHealth(o);
        }
        previous.set(i, new HashSet<>(old.previous.get(j)));
        break;
      }
    }
    Set<Labels> orphans = new HashSet<>();
    for (int j = 0; j < old.rules.size(); j++) {
      if (!taken[j]) {
        orphans.addAll(old.previous.get(j));
      }
    }
    lastEvaluationMillis = old.lastEvaluationMillis;
    evaluated = old.evaluated;
    evaluationSeconds = old.evaluationSeconds;
    return orphans;
  }

  /** Marks every alerting rule restored or not (restoring happens after the first evaluation). */
  void setRestored(boolean restored) {
    for (Rule r : rules) {
      if (r instanceof AlertingRule ar) {
        ar.setRestored(restored);
      }
    }
  }

  GroupDeps deps() {
    return deps;
  }
}
