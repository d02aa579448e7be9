package dev.vigil.client.core;

/**
 * Where the trace-based exemplar sampler finds the current trace: implement it over your tracer
 * (OpenTelemetry's {@code Span.current()}, a thread-local, an MDC entry). Thread-safe.
 */
public interface SpanContextSupplier {
  /** The active trace id, or null when no sampled span is active. */
  String getTraceId();

  /** The active span id, or null. */
  String getSpanId();
}
