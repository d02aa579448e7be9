package dev.vigil.server.model;

import java.util.List;

/**
 * Where rule evaluation hands its alerts: the embedded alert handling, or a sender to external
 * Alertmanagers. Implementations must not block the caller for long (they queue, bounded, and
 * drop the oldest with a count when full) and must be safe for concurrent callers.
 */
@FunctionalInterface
public interface AlertSink {
  void send(List<Alert> alerts);
}
