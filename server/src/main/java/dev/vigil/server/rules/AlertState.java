package dev.vigil.server.rules;

/** The state of one alert of an alerting rule. */
public enum AlertState {
  INACTIVE, PENDING, FIRING;

  /** The name the API and the {@code alertstate} label use. */
  public String text() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
