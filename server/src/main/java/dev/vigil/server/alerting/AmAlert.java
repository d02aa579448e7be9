package dev.vigil.server.alerting;

import dev.vigil.server.model.Alert;
import dev.vigil.server.model.Labels;

/**
 * An alert as the alert handling keeps it: the posted alert plus when it was last updated and
 * whether its end time was set by {@code resolve_timeout} rather than by its sender. Immutable.
 *
 * @param startsAtMillis Unix milliseconds, never 0 once stored
 * @param endsAtMillis Unix milliseconds, never 0 once stored (a firing alert without an end
 *     gets now + resolve_timeout)
 * @param updatedAtMillis when the store last took a version of it
 * @param timeout whether {@code endsAtMillis} came from {@code resolve_timeout}
 * @param fingerprint {@link Fingerprints#of(Labels)} of the labels
 */
public record AmAlert(Labels labels, Labels annotations, long startsAtMillis, long endsAtMillis,
    long updatedAtMillis, String generatorUrl, boolean timeout, long fingerprint) {

  public AmAlert {
    generatorUrl = generatorUrl == null ? "" : generatorUrl;
  }

  /**
   * Completes a posted alert as Alertmanager does on receipt: a missing start is now (or the
   * end, when only that is given), a missing end is now + {@code resolveTimeoutMillis}.
   */
  public static AmAlert received(Alert a, long nowMillis, long resolveTimeoutMillis) {
    long starts = a.startsAtMillis();
    long ends = a.endsAtMillis();
    if (starts == 0) {
      starts = ends == 0 ? nowMillis : ends;
    }
    boolean timeout = false;
    if (ends == 0) {
      ends = nowMillis + resolveTimeoutMillis;
      timeout = true;
    }
    return new AmAlert(a.labels(), a.annotations(), starts, ends, nowMillis, a.generatorUrl(),
        timeout, Fingerprints.of(a.labels()));
  }

  /** Whether it has ended at {@code nowMillis}. */
  public boolean resolvedAt(long nowMillis) {
    return endsAtMillis != 0 && endsAtMillis <= nowMillis;
  }

  public String fingerprintHex() {
    return Fingerprints.hex(fingerprint);
  }

  /** The {@code alertname} label, or "" when absent. */
  public String alertname() {
    String n = labels.get("alertname");
    return n == null ? "" : n;
  }

  /**
   * Alertmanager's merge of two versions of one alert: the newer update wins, keeping the
   * earliest start; of two resolved versions the later explicit end wins; for a firing one
   * a later end that was not a timeout wins.
   */
  AmAlert merge(AmAlert o, long nowMillis) {
    if (o.updatedAtMillis < updatedAtMillis) {
      return o.merge(this, nowMillis);
    }
    long starts = Math.min(startsAtMillis, o.startsAtMillis);
    long ends = o.endsAtMillis;
    boolean to = o.timeout;
    if (o.resolvedAt(nowMillis)) {
      if (resolvedAt(nowMillis) && endsAtMillis > o.endsAtMillis) {
        ends = endsAtMillis;
        to = timeout;
      }
    } else if (endsAtMillis > o.endsAtMillis && !timeout) {
      ends = endsAtMillis;
      to = false;
    }
    return new AmAlert(o.labels, o.annotations, starts, ends, o.updatedAtMillis, o.generatorUrl,
        to, o.fingerprint);
  }
}
