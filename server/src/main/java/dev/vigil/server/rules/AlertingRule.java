package dev.vigil.server.rules;

import dev.vigil.server.model.Alert;
import dev.vigil.server.model.AlertSink;
import dev.vigil.server.model.Labels;
import dev.vigil.server.promql.value.Sample;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An alerting rule and its alerts: inactive → pending → firing, held by {@code for}, kept firing
 * by {@code keep_firing_for}, and reported as resolved for {@link #RESOLVED_RETENTION_MS} after
 * it clears. Evaluated by one thread at a time; the alert map is guarded by {@code this} so the
 * API can read it meanwhile.
 */
public final class AlertingRule extends Rule {
  /** How long a resolved alert is still sent (as resolved) to the alert sink. */
  static final long RESOLVED_RETENTION_MS = 15 * 60_000L;
  static final String ALERTS = "ALERTS";
  static final String ALERTS_FOR_STATE = "ALERTS_FOR_STATE";
  static final String ALERT_NAME = "alertname";
  static final String ALERT_STATE = "alertstate";
  private static final long NONE = AlertView.NONE;

  /** One alert; fields guarded by the rule's lock. */
  static final class Active {
    final Labels labels;
    Labels annotations;
    AlertState state = AlertState.PENDING;
    double value;
    long activeAt;
    long firedAt = NONE;
    long resolvedAt = NONE;
    long keepFiringSince = NONE;
    long lastSentAt = NONE;
    long validUntil = NONE;

    Active(Labels labels, Labels annotations, double value, long activeAt) {
      this.labels = labels;
      this.annotations = annotations;
      this.value = value;
      this.activeAt = activeAt;
    }

    AlertView view() {
      return new AlertView(labels, annotations, state, value, activeAt, firedAt, resolvedAt,
          keepFiringSince, lastSentAt, validUntil);
    }
  }

  private final Map<Labels, Active> active = new LinkedHashMap<>();
  /** False until the {@code for} state was restored (or needs no restoring). */
  private volatile boolean restored = true;

  AlertingRule(RuleDefinition definition, Labels labels) {
    super(definition, labels);
  }

  public long holdMillis() {
    return definition().forDuration().toMillis();
  }

  public long keepFiringForMillis() {
    return definition().keepFiringFor().toMillis();
  }

  public Labels annotations() {
    return definition().annotations();
  }

  @Override
  List<Sample> eval(long ts, EvalContext ctx) throws RuleEvaluationException {
    List<Sample> result;
    try {
      result = ctx.query().query(query(), ctx.queryTime());
    } catch (Exception e) {
      throw new RuleEvaluationException(RecordingRule.message(e));
    }
    Map<Labels, Active> current = new LinkedHashMap<>();
    for (Sample s : result) {
      // Templates see the sample's labels as they are, __name__ included, as in Prometheus.
      Labels metric = s.labels();
      Labels.Builder b = metric.toBuilder().delete(Labels.METRIC_NAME);
      Labels ruleLabels = labels();
      for (int i = 0; i < ruleLabels.size(); i++) {
        b.set(ruleLabels.name(i), expand(ctx, ruleLabels.value(i), metric, s.v(), ts));
      }
      b.set(ALERT_NAME, name());
      Labels l = b.build();
      Labels.Builder ab = new Labels.Builder();
      Labels ann = annotations();
      for (int i = 0; i < ann.size(); i++) {
        ab.set(ann.name(i), expand(ctx, ann.value(i), metric, s.v(), ts));
      }
      if (current.containsKey(l)) {
        throw new RuleEvaluationException(
            "vector contains metrics with the same labelset after applying alert labels");
      }
      current.put(l, new Active(l, ab.build(), s.v(), ts));
    }
    List<Sample> out = new ArrayList<>();
    synchronized (this) {
      for (Active a : current.values()) {
        Active old = active.get(a.labels);
        if (old != null && old.state != AlertState.INACTIVE) {
          old.value = a.value;
          old.annotations = a.annotations;
        } else {
          active.put(a.labels, a);
        }
      }
      int count = 0;
      for (Iterator<Active> it = active.values().iterator(); it.hasNext(); ) {
        Active a = it.next();
        if (!current.containsKey(a.labels)) {
          boolean keepFiring = false;
          if (a.state == AlertState.FIRING && keepFiringForMillis() > 0) {
            if (a.keepFiringSince == NONE) {
              a.keepFiringSince = ts;
            }
            keepFiring = ts - a.keepFiringSince < keepFiringForMillis();
          }
          if (a.state == AlertState.PENDING
              || (a.resolvedAt != NONE && ts - a.resolvedAt > RESOLVED_RETENTION_MS)) {
            it.remove();
          }
          if (a.state != AlertState.INACTIVE && !keepFiring) {
            a.state = AlertState.INACTIVE;
            a.resolvedAt = ts;
          }
          if (!keepFiring) {
            continue;
          }
        } else {
          a.keepFiringSince = NONE;
        }
        count++;
        if (a.state == AlertState.PENDING && ts - a.activeAt >= holdMillis()) {
          a.state = AlertState.FIRING;
          a.firedAt = ts;
        }
        if (restored) {
          out.add(new Sample(a.labels.toBuilder().set(Labels.METRIC_NAME, ALERTS)
              .set(ALERT_STATE, a.state.text()).build(), ctx.queryTime(), 1));
          out.add(new Sample(a.labels.toBuilder().set(Labels.METRIC_NAME, ALERTS_FOR_STATE)
              .build(), ctx.queryTime(), Math.floorDiv(a.activeAt, 1000L)));
        }
      }
      if (ctx.limit() > 0 && count > ctx.limit()) {
        active.clear();
        throw new RuleEvaluationException("exceeded limit of " + ctx.limit() + " with " + count
            + " alerts");
      }
    }
    return out;
  }

  private String expand(EvalContext ctx, String text, Labels metric, double value, long ts) {
    if (!text.contains("{{")) {
      return text; // the common case: no template, nothing to run
    }
    try {
      return ctx.templates().expand("__alert_" + name(), text, metric, ctx.externalLabels(),
          value, ts);
    } catch (Exception e) {
      String msg = "error expanding template: " + RecordingRule.message(e);
      ctx.templateErrors().add(msg);
      return "<" + msg + ">";
    }
  }

  /**
   * Sends the alerts that are due: firing ones at least every {@code resendDelayMs}, resolved
   * ones once they resolve and then with the same period while retained. Pending alerts are
   * never sent.
   */
  void sendAlerts(long ts, long resendDelayMs, long intervalMs, AlertSink sink,
      Labels externalLabels, String externalUrl) {
    List<Alert> due = new ArrayList<>();
    synchronized (this) {
      for (Active a : active.values()) {
        if (!needsSending(a, ts, resendDelayMs)) {
          continue;
        }
        a.lastSentAt = ts;
        a.validUntil = ts + 4 * Math.max(resendDelayMs, intervalMs);
        due.add(toAlert(a, externalLabels, externalUrl));
      }
    }
    if (!due.isEmpty()) {
      sink.send(due);
    }
  }

  private static boolean needsSending(Active a, long ts, long resendDelayMs) {
    if (a.state == AlertState.PENDING) {
      return false;
    }
    if (a.resolvedAt != NONE && (a.lastSentAt == NONE || a.resolvedAt > a.lastSentAt)) {
      return true;
    }
    return a.lastSentAt == NONE || a.lastSentAt + resendDelayMs < ts;
  }

  private Alert toAlert(Active a, Labels externalLabels, String externalUrl) {
    Labels.Builder b = a.labels.toBuilder();
    for (int i = 0; i < externalLabels.size(); i++) {
      if (a.labels.get(externalLabels.name(i)) == null) {
        b.set(externalLabels.name(i), externalLabels.value(i));
      }
    }
    long starts = a.firedAt != NONE ? a.firedAt : a.activeAt;
    long ends = a.resolvedAt != NONE ? a.resolvedAt : a.validUntil;
    return new Alert(b.build(), a.annotations, starts, ends, generatorUrl(externalUrl, query()));
  }

  /** {@code <externalURL>/graph?g0.expr=...&g0.tab=1}: the table view of the expression. */
  static String generatorUrl(String externalUrl, String expr) {
    String base = externalUrl.endsWith("/") ? externalUrl.substring(0, externalUrl.length() - 1)
        : externalUrl;
    return base + "/graph?g0.expr=" + URLEncoder.encode(expr, StandardCharsets.UTF_8)
        + "&g0.tab=1";
  }

  /** Every alert the rule holds, resolved ones included, in first-seen order. */
  public synchronized List<AlertView> alerts() {
    List<AlertView> out = new ArrayList<>(active.size());
    for (Active a : active.values()) {
      out.add(a.view());
    }
    return out;
  }

  /** Pending and firing alerts only, as the API lists them. */
  public synchronized List<AlertView> activeAlerts() {
    List<AlertView> out = new ArrayList<>();
    for (Active a : active.values()) {
      if (a.state != AlertState.INACTIVE) {
        out.add(a.view());
      }
    }
    return out;
  }

  /** The rule's state: firing if any alert fires, else pending if any is pending. */
  public synchronized AlertState state() {
    AlertState s = AlertState.INACTIVE;
    for (Active a : active.values()) {
      if (a.state.ordinal() > s.ordinal()) {
        s = a.state;
      }
    }
    return s;
  }

  boolean restored() {
    return restored;
  }

  void setRestored(boolean restored) {
    this.restored = restored;
  }

  /** Takes over the alerts of the same rule in the previous configuration. */
  void copyState(AlertingRule old) {
    copyHealth(old);
    synchronized (old) {
      synchronized (this) {
        active.clear();
        active.putAll(old.active);
      }
    }
    restored = old.restored;
  }

  /** Runs {@code body} on each active (pending or firing) alert under the lock. */
  synchronized void forEachActive(java.util.function.Consumer<Active> body) {
    for (Active a : active.values()) {
      if (a.state != AlertState.INACTIVE) {
        body.accept(a);
      }
    }
  }
}
