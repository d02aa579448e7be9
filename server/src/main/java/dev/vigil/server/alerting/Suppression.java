package dev.vigil.server.alerting;

import dev.vigil.server.model.Labels;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * Whether an alert is silenced or inhibited, for the pipeline (which drops such alerts) and the
 * API (which reports them as suppressed, with the silences and inhibiting alerts). Thread-safe.
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

  boolean inhibited(Labels alert, Collection<Labels> firing) {
    return inhibitor.inhibited(alert, firing);
  }

  /** Fingerprints of the firing alerts that inhibit {@code alert}; empty when none does. */
  List<String> inhibitedBy(Labels alert, Collection<AmAlert> firing) {
    List<Labels> labels = new ArrayList<>(firing.size());
    for (AmAlert a : firing) {
      labels.add(a.labels());
    }
    if (!inhibitor.inhibited(alert, labels)) {
      return List.of();
    }
    // The inhibitor answers yes or no; finding the sources is only worth it when it said yes.
    List<String> out = new ArrayList<>();
    for (AmAlert a : firing) {
      if (inhibitor.inhibited(alert, List.of(a.labels()))) {
        out.add(a.fingerprintHex());
      }
    }
    return out;
  }
}
