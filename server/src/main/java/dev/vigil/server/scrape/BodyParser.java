package dev.vigil.server.scrape;

import dev.vigil.server.model.Labels;

/** Turns a scraped body into samples; picks the format from the response's content type. */
@FunctionalInterface
interface BodyParser {
  void parse(ScrapeResponse response, SampleSink sink) throws ScrapeException;

  /** Receives each sample; the builder is reused for the next one, so copy what you keep. */
  @FunctionalInterface
  interface SampleSink {
    /** @param timestampMillis the sample's own timestamp, or {@link Long#MIN_VALUE} for none */
    void sample(Labels.Builder labels, double value, long timestampMillis) throws ScrapeException;
  }
}
