package dev.vigil.server.scrape.parse;

import dev.vigil.server.model.Labels;

/**
 * A pull parser over one complete scrape body. Call {@link #next()} until it returns null; the
 * accessors describe the entry {@code next()} returned last and are invalid after the following
 * call.
 *
 * <p>Not thread-safe: one parser per scrape, used by one thread. The parser keeps a reference to
 * the caller's buffer and never copies it, so the buffer must not change while parsing.
 *
 * <p>Allocation: on the sample path nothing is allocated once the parser's string cache has
 * seen the metric and label names and values (strings are interned per parser, keyed by bytes).
 * Callers that cache series by their raw text (as Prometheus's scrape cache does) can use
 * {@link #buffer()}, {@link #seriesStart()} and {@link #seriesEnd()} and skip
 * {@link #labels(Labels.Builder)} entirely on a hit.
 */
public interface ExpositionParser {

  /** Kinds of entries. */
  enum Entry { SERIES, TYPE, HELP, UNIT, COMMENT }

  /**
   * Advances to the next entry and returns its kind, or null at the end of the input (for
   * OpenMetrics: after {@code # EOF}, which is required).
   *
   * @throws ParseException on malformed input; the parser must not be used afterwards
   */
  Entry next() throws ParseException;

  /** 1-based line number of the current entry. */
  int lineNumber();

  // ---- SERIES ----

  /** The sample's metric name (interned per parser). */
  String metricName();

  /** Resets {@code into}, then sets {@code __name__} and every label of the sample. */
  void labels(Labels.Builder into);

  /** The buffer being parsed, for {@link #seriesStart()}/{@link #seriesEnd()}. */
  byte[] buffer();

  /**
   * Offset of the series text ({@code name{labels}}, as written, escapes included) in
   * {@link #buffer()}: identical text means an identical series, so the bytes are a cache key.
   */
  int seriesStart();

  /** End offset (exclusive) of the series text. */
  int seriesEnd();

  double value();

  boolean hasTimestamp();

  /** The sample's timestamp in milliseconds since the epoch; only valid if hasTimestamp(). */
  long timestampMillis();

  /** Whether the sample carries an exemplar (OpenMetrics only). */
  boolean hasExemplar();

  /** Resets {@code into} and sets the exemplar's labels (no {@code __name__}). */
  void exemplarLabels(Labels.Builder into);

  double exemplarValue();

  boolean exemplarHasTimestamp();

  long exemplarTimestampMillis();

  // ---- TYPE / HELP / UNIT / COMMENT ----

  /** The metric family name of a TYPE, HELP or UNIT entry. */
  String metadataName();

  /** The type of a TYPE entry. */
  MetricType type();

  /** The unescaped text of a HELP entry. */
  String help();

  /** The unit of a UNIT entry (may be empty). */
  String unit();

  /**
   * Whether the text of this HELP or UNIT entry, as written (escapes included), equals
   * {@code raw}: lets a caller that keeps metadata see it unchanged without making a string.
   */
  boolean textEquals(byte[] raw);

  /** A copy of the text of this HELP or UNIT entry, as written (escapes included). */
  byte[] rawText();

  /** The text of a COMMENT entry after the {@code #} (text format only). */
  String comment();

  /**
   * A parser for the body of a scrape with the given Content-Type: OpenMetrics for
   * {@code application/openmetrics-text}, otherwise the Prometheus text format 0.0.4.
   */
  static ExpositionParser forContentType(String contentType, byte[] buf, int len) {
    if (contentType != null
        && contentType.trim().toLowerCase(java.util.Locale.ROOT)
            .startsWith("application/openmetrics-text")) {
      return new OpenMetricsParser(buf, len);
    }
    return new TextParser(buf, len);
  }
}
