package dev.vigil.client.core;

import java.util.function.DoubleConsumer;

/**
 * Measures the time from its creation to {@link #close()} in seconds and hands it to a histogram,
 * summary or gauge. Use with try-with-resources. Not thread-safe; close once.
 */
public final class Timer implements AutoCloseable {
  private final DoubleConsumer sink;
  private final long start = System.nanoTime();

  Timer(DoubleConsumer sink) {
    this.sink = sink;
  }

  /** Records the elapsed seconds and returns them. */
  public double observeDuration() {
    double seconds = (System.nanoTime() - start) / 1e9;
    sink.accept(seconds);
    return seconds;
  }

  @Override
  public void close() {
    observeDuration();
  }
}
