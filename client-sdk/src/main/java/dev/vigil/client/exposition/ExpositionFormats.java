package dev.vigil.client.exposition;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Picks the writer for a scrape from its {@code Accept} header, following Prometheus' scrape
 * protocol negotiation: the supported media range with the highest quality wins (the earlier
 * one on a tie), ranges with {@code q=0} and unsupported ones (protobuf, text 1.0.0, ...) are
 * skipped, and when nothing is left, or the header is missing or malformed, the fallback writer
 * (the Prometheus text format 0.0.4) answers.
 *
 * <p>Immutable and thread-safe.
 */
public final class ExpositionFormats {
  private final ExpositionWriter fallback;
  private final List<ExpositionWriter> writers;

  private ExpositionFormats(ExpositionWriter fallback, List<ExpositionWriter> writers) {
    this.fallback = fallback;
    this.writers = writers;
  }

  /** Prometheus text 0.0.4 (the fallback, without {@code _created}) and OpenMetrics 1.0.0. */
  public static ExpositionFormats defaults() {
    return of(new PrometheusTextWriter(), new OpenMetricsWriter());
  }

  /**
   * The given writers. When two accept the same media range, the earlier one wins, starting with
   * {@code fallback}.
   *
   * @param fallback answers requests no writer accepts; normally a {@link PrometheusTextWriter}
   */
  public static ExpositionFormats of(ExpositionWriter fallback, ExpositionWriter... others) {
    if (fallback == null) {
      throw new IllegalArgumentException("fallback writer must not be null");
    }
    List<ExpositionWriter> all = new ArrayList<>(others.length + 1);
    all.add(fallback);
    for (ExpositionWriter w : others) {
      if (w == null) {
        throw new IllegalArgumentException("writers must not be null");
      }
      all.add(w);
    }
    return new ExpositionFormats(fallback, Collections.unmodifiableList(all));
  }

  /** The writer for a request with this {@code Accept} header (may be null). Never throws. */
  public ExpositionWriter select(String acceptHeader) {
    List<HeaderElement> ranges = HeaderElement.parse(acceptHeader);
    HeaderElement bestRange = null;
    ExpositionWriter best = null;
    for (HeaderElement range : ranges) {
      // Strictly greater: on equal quality the range listed first keeps priority.
      if (range.q <= 0 || (bestRange != null && range.q <= bestRange.q)) {
        continue;
      }
      ExpositionWriter w = writerFor(range);
      if (w != null) {
        bestRange = range;
        best = w;
      }
    }
    return best != null ? best : fallback;
  }

  private ExpositionWriter writerFor(HeaderElement range) {
    for (ExpositionWriter w : writers) {
      try {
        if (w.accepts(range.raw)) {
          return w;
        }
      } catch (RuntimeException e) {
        // A custom writer's broken accepts() must not fail the scrape; it just isn't chosen.
      }
    }
    return null;
  }

  public ExpositionWriter getFallback() {
    return fallback;
  }

  /** All writers, the fallback first. */
  public List<ExpositionWriter> getWriters() {
    return writers;
  }
}
