package dev.vigil.server.scrape;

import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logs storage failures seen by scrapes without flooding: the first one, then at most one a
 * minute with how many were skipped, and one line when writes work again.
 */
final class StorageErrors {
  private static final Logger LOG = LoggerFactory.getLogger(StorageErrors.class);
  private static final long EVERY_NANOS = 60_000_000_000L;
  private static final AtomicLong failing = new AtomicLong();
  private static volatile long lastLogged;

  private StorageErrors() {}

  static void failed(String why) {
    long n = failing.incrementAndGet();
    long now = System.nanoTime();
    if (n == 1 || now - lastLogged > EVERY_NANOS) {
      lastLogged = now;
      LOG.error("Scraped samples are not being stored ({} failed commit(s) so far): {}", n, why);
    }
  }

  static void succeeded() {
    if (failing.get() == 0) {
      return;
    }
    long n = failing.getAndSet(0);
    if (n > 0) {
      LOG.info("Storing scraped samples works again after {} failed commit(s)", n);
    }
  }
}
