package dev.vigil.server.scrape;

import dev.vigil.server.model.Labels;

/**
 * One endpoint to scrape: its labels after relabelling (what every sample gets), the labels
 * discovery gave it, its URL, and how its last scrape went. Health fields are written by its
 * loop and read by the API.
 */
public final class Target {
  public enum Health { UNKNOWN, UP, DOWN }

  private final String pool;
  private final Labels labels;
  private final Labels discoveredLabels;
  private final String url;
  private volatile Health health = Health.UNKNOWN;
  private volatile String lastError = "";
  private volatile long lastScrapeMillis;
  private volatile double lastScrapeDurationSeconds;
  private final TargetMetadata metadata = new TargetMetadata();

  public Target(String pool, Labels labels, Labels discoveredLabels, String url) {
    this.pool = pool;
    this.labels = labels;
    this.discoveredLabels = discoveredLabels;
    this.url = url;
  }

  public String pool() {
    return pool;
  }

  /** The labels every scraped sample gets: no {@code __}-prefixed ones remain. */
  public Labels labels() {
    return labels;
  }

  /** The metric metadata the target exposed in its recent scrapes. */
  public TargetMetadata metadata() {
    return metadata;
  }

  public Labels discoveredLabels() {
    return discoveredLabels;
  }

  public String url() {
    return url;
  }

  public Health health() {
    return health;
  }

  public String lastError() {
    return lastError;
  }

  public long lastScrapeMillis() {
    return lastScrapeMillis;
  }

  public double lastScrapeDurationSeconds() {
    return lastScrapeDurationSeconds;
  }

  void recordScrape(long startMillis, double durationSeconds, String error) {
    lastScrapeMillis = startMillis;
    lastScrapeDurationSeconds = durationSeconds;
    lastError = error == null ? "" : error;
    health = error == null ? Health.UP : Health.DOWN;
  }

  /** Spreads targets over the interval, the same way for the same target on every start. */
  long offsetSeed() {
    long h = 1125899906842597L;
    String key = labels + url;
    for (int i = 0; i < key.length(); i++) {
      h = 31 * h + key.charAt(i);
    }
    return h ^ (h >>> 29);
  }

  /** Same endpoint and labels: a reload keeps its loop running. */
  boolean sameAs(Target o) {
    return labels.equals(o.labels) && url.equals(o.url);
  }
}
