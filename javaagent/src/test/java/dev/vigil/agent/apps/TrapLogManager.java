package dev.vigil.agent.apps;

import java.util.logging.LogManager;

/**
 * Installed with {@code -Djava.util.logging.manager}: records whether anything initialised
 * java.util.logging, which the agent must never do behind the application's back.
 */
public final class TrapLogManager extends LogManager {
  /**
   * Where the record goes: a system property, because reading a static field of this class
   * would itself initialise LogManager (its superclass).
   */
  static final String PROPERTY = "trap.logmanager.created.by";

  public TrapLogManager() {
    StringBuilder b = new StringBuilder();
    for (StackTraceElement e : new Throwable().getStackTrace()) {
      b.append(e).append(" <- ");
    }
    System.setProperty(PROPERTY, b.toString());
  }
}
