package dev.vigil.server.scrape;

import dev.vigil.server.scrape.parse.ExpositionParser;

/** Turns a scraped body into samples; picks the format from the response's content type. */
@FunctionalInterface
interface BodyParser {
  void parse(ScrapeResponse response, SampleSink sink) throws ScrapeException;

  /** Receives each sample. */
  @FunctionalInterface
  interface SampleSink {
    /**
     * @param series the parser, positioned on the sample: its raw series text
     *     ({@code buffer()[seriesStart(), seriesEnd())}) identifies the series, and
     *     {@code labels(builder)} builds its labels; both are valid during this call only
     * @param timestampMillis the sample's own timestamp, or {@link Long#MIN_VALUE} for none
     */
    void sample(ExpositionParser series, double value, long timestampMillis)
        throws ScrapeException;

    /** A TYPE, HELP or UNIT entry; {@code entry} is valid during this call only. */
    default void metadata(ExpositionParser entry, ExpositionParser.Entry kind) {}
  }
}
