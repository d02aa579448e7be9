package dev.vigil.server;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** SIGHUP reloads, as in Prometheus; quietly unavailable on JVMs without sun.misc.Signal. */
final class Signals {
  private static final Logger LOG = LoggerFactory.getLogger(Signals.class);

  private Signals() {}

  static void onHangup(Runnable action) {
    try {
      sun.misc.Signal.handle(new sun.misc.Signal("HUP"), sig -> action.run());
    } catch (IllegalArgumentException | UnsupportedOperationException | LinkageError e) {
      LOG.warn("SIGHUP reload unavailable: {}", e.getMessage());
    }
  }
}
