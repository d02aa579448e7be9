package dev.vigil.server.rules;

import dev.vigil.server.model.Labels;

/**
 * A snapshot of one alert of an alerting rule, for the API and tests. Immutable. Times are Unix
 * ms; {@link #NONE} marks one that is unset.
 *
 * @param labels the alert's labels: the sample's (without {@code __name__}), the rule's
 *     expanded labels, and {@code alertname}
 * @param keepFiringSince when the condition cleared while keep_firing_for holds the alert
 */
public record AlertView(Labels labels, Labels annotations, AlertState state, double value,
    long activeAt, long firedAt, long resolvedAt, long keepFiringSince, long lastSentAt,
    long validUntil) {
  public static final long NONE = Long.MIN_VALUE;
}
