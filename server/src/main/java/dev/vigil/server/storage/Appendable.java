package dev.vigil.server.storage;

/** Where samples are written. Thread-safe: each thread takes its own {@link Appender}. */
@FunctionalInterface
public interface Appendable {
  /** A new batch. Nothing it appends is visible before {@link Appender#commit()}. */
  Appender appender();
}
