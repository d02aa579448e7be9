package dev.vigil.server.scrape;

/** A scraped body, whole and decompressed, with its content type. */
record ScrapeResponse(byte[] body, int length, String contentType) {
  boolean isOpenMetrics() {
    return contentType != null && contentType.startsWith("application/openmetrics-text");
  }
}
