package dev.vigil.server.web;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** SIGHUP reloads, as in Prometheus and Alertmanager; quietly unavailable on JVMs without sun.misc.Signal. */
public final class Signals {
  private static final Logger LOG = LoggerFactory.getLogger(Signals.class);

  private Signals() {}

  public static void onHangup(Runnable action) {
    try {
      sun.misc.Signal.handle(new sun.misc.Signal("HUP"), sig -> action.run());
    } catch (IllegalArgumentException | UnsupportedOperationException | LinkageError e) {
      LOG.warn("SIGHUP reload unavailable: {}", e.getMessage());
    }
  }
}
