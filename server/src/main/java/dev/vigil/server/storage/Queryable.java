package dev.vigil.server.storage;

/** Where samples are read. Thread-safe. */
@FunctionalInterface
public interface Queryable {
  /** A reader over samples with timestamps in [mint, maxt] (ms). Close it when done. */
  Querier querier(long mint, long maxt);
}
