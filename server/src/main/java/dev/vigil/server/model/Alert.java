package dev.vigil.server.model;

/**
 * An alert as rule evaluation sends it and alert handling receives it: Alertmanager API v2's
 * postable alert. Immutable.
 *
 * @param labels identify the alert (its fingerprint is computed from them)
 * @param annotations informational labels: summary, description, runbook links
 * @param startsAtMillis when the alert began firing, Unix milliseconds; 0 when unknown (the
 *     receiver uses the time it first saw the alert)
 * @param endsAtMillis when the alert resolved or, for a firing alert, when it should be taken as
 *     resolved if no update arrives; 0 when unset
 * @param generatorUrl a link back to what produced the alert; empty when none
 */
public record Alert(Labels labels, Labels annotations, long startsAtMillis, long endsAtMillis,
    String generatorUrl) {
  public Alert {
    if (labels == null || annotations == null) {
      throw new IllegalArgumentException("labels and annotations must not be null");
    }
    generatorUrl = generatorUrl == null ? "" : generatorUrl;
  }

  /** Whether the alert has ended at {@code nowMillis}. */
  public boolean resolvedAt(long nowMillis) {
    return endsAtMillis != 0 && endsAtMillis <= nowMillis;
  }
}
