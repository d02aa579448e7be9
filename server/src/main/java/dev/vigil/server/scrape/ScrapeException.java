package dev.vigil.server.scrape;

/** A failed scrape; the message becomes the target's last error, as Prometheus words them. */
final class ScrapeException extends Exception {
  ScrapeException(String message) {
    super(message);
  }

  ScrapeException(String message, Throwable cause) {
    super(message, cause);
  }
}
