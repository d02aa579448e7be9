package dev.vigil.server.alerting;

/**
 * A notification that was not delivered. {@link #retryable()} tells the pipeline whether trying
 * again can help: a 5xx or 429 answer or a network error can, a 4xx or a bad payload cannot.
 */
public final class NotifyException extends Exception {
  private final boolean retryable;

  public NotifyException(String message, boolean retryable) {
    super(message);
    this.retryable = retryable;
  }

  public NotifyException(String message, boolean retryable, Throwable cause) {
    super(message, cause);
    this.retryable = retryable;
  }

  public boolean retryable() {
    return retryable;
  }
}
