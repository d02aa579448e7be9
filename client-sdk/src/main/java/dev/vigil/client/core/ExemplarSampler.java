package dev.vigil.client.core;

import dev.vigil.client.model.Exemplar;
import dev.vigil.client.model.Labels;

/**
 * Decides, on each observation of a metric that has one, whether the observation becomes the
 * exemplar. Called on the hot path: must be thread-safe and cheap, and should return
 * {@code previous} without allocating in the common case.
 */
@FunctionalInterface
public interface ExemplarSampler {
  /**
   * @param value the observed value (the increment, for a counter)
   * @param previous the exemplar currently kept (per bucket, for histograms), or null
   * @return the exemplar to keep: {@code previous}, a new one, or null
   */
  Exemplar sample(double value, Exemplar previous);

  /**
   * Samples from the active trace: keeps a new exemplar with {@code trace_id} and
   * {@code span_id} labels when a span is active and the kept one is older than
   * {@code minIntervalMillis} (exemplars are meant to be a handful of links, not a log).
   */
  static ExemplarSampler traceBased(SpanContextSupplier spans, long minIntervalMillis) {
    return (value, previous) -> {
      long now = System.currentTimeMillis();
      if (previous != null && now - previous.getTimestampMillis() < minIntervalMillis) {
        return previous;
      }
      String traceId = spans.getTraceId();
      if (traceId == null) {
        return previous;
      }
      String spanId = spans.getSpanId();
      Labels labels = spanId == null ? Labels.of("trace_id", traceId)
          : Labels.of("span_id", spanId, "trace_id", traceId);
      return new Exemplar(labels, value, now);
    };
  }
}
