package dev.vigil.client.httpserver;

/** A web configuration that cannot be used; the message names the file, line and field. */
public final class WebConfigException extends Exception {
  private static final long serialVersionUID = 1L;

  public WebConfigException(String message) {
    super(message);
  }

  public WebConfigException(String message, Throwable cause) {
    super(message, cause);
  }
}
