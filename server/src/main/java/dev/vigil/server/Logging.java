package dev.vigil.server;

import java.util.Locale;

/** Sets slf4j-simple's level from {@code --log.level}; must run before the first logger. */
final class Logging {
  // Undertow and XNIO log through java.util.logging; their start banners are noise. The fields
  // keep the loggers alive: java.util.logging forgets a level set on a collected logger.
  private static final java.util.logging.Logger UNDERTOW =
      java.util.logging.Logger.getLogger("io.undertow");
  private static final java.util.logging.Logger XNIO =
      java.util.logging.Logger.getLogger("org.xnio");

  private Logging() {}

  static void setLevel(String level) {
    String l = level.toLowerCase(Locale.ROOT);
    if (!l.equals("debug") && !l.equals("info") && !l.equals("warn") && !l.equals("error")) {
      throw new IllegalArgumentException("--log.level: unknown level \"" + level
          + "\" (expected debug, info, warn or error)");
    }
    System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", l);
    System.setProperty("org.slf4j.simpleLogger.showDateTime", "true");
    System.setProperty("org.slf4j.simpleLogger.dateTimeFormat", "yyyy-MM-dd'T'HH:mm:ss.SSSXXX");
    System.setProperty("org.slf4j.simpleLogger.showShortLogName", "true");
    UNDERTOW.setLevel(java.util.logging.Level.WARNING);
    XNIO.setLevel(java.util.logging.Level.WARNING);
  }
}
