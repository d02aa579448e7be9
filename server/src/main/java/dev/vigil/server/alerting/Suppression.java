package dev.vigil.server.alerting;

import dev.vigil.server.model.Labels;
import java.util.Collection;
import java.util.List;

/**
 * Whether an alert is silenced or inhibited, for the pipeline (which drops such alerts) and the
 * API (which reports them as suppressed, with the silences and the inhibiting alert).
 * Thread-safe.
 */
final class Suppression {
  private final Silences silences;
  private final Inhibitor inhibitor;

  Suppression(Silences silences, Inhibitor inhibitor) {
    this.silences = silences;
    this.inhibitor = inhibitor;
  }

  /** Ids of the active silences that match. */
  List<String> silencedBy(Labels alert) {
    return silences.mutedBy(alert);
  }

  /** The firing alerts indexed once, to check many alerts against them. */
  Inhibitor.Prepared prepare(Collection<Labels> firing) {
    return inhibitor.prepare(firing);
  }

  /** The fingerprint of a firing alert that inhibits {@code alert}; empty when none does. */
  static List<String> inhibitedBy(Labels alert, Inhibitor.Prepared firing) {
    Labels source = firing.inhibitedBy(alert);
    return source == null ? List.of() : List.of(Fingerprints.hex(source));
  }
}
