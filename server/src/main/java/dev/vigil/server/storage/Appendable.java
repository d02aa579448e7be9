package dev.vigil.server.storage;

/** Where samples are written. Thread-safe: each thread takes its own {@link Appender}. */
@FunctionalInterface
public interface Appendable {
  /** A new batch. Nothing it appends is visible before {@link Appender#commit()}. */
  Appender appender();

  /**
   * A new batch sized for about {@code expectedSamples} samples, so a big scrape does not grow
   * its buffers sample by sample. Only a hint: more or fewer samples are fine.
   */
  default Appender appender(int expectedSamples) {
    return appender();
  }
}
