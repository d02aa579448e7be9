package dev.vigil.server.tsdb.tools;

import java.io.PrintStream;

/**
 * Progress lines for long runs, at most one every few seconds, on stderr. Silent when asked to
 * be or when there is no terminal to watch them (logs of scripted runs stay clean).
 */
final class Progress {
  static final long INTERVAL_NANOS = 3_000_000_000L;

  private final PrintStream out;
  private final boolean enabled;
  private final long start = System.nanoTime();
  private long last = start;
  private String phase = "";
  private int blocks;

  Progress(PrintStream out, boolean enabled) {
    this.out = out;
    this.enabled = enabled;
  }

  /** Enabled when stdin/stdout is a terminal (what {@link System#console} tells) and not quiet. */
  static Progress forTerminal(boolean quiet) {
    return new Progress(System.err, !quiet && System.console() != null);
  }

  static Progress silent() {
    return new Progress(System.err, false);
  }

  void phase(String p) {
    phase = p;
  }

  void blockWritten() {
    blocks++;
  }

  void bytes(long done, long total) {
    tick(String.format("%s: %d / %d MiB read (%.0f%%), %d blocks written", phase, done >> 20,
        total >> 20, total == 0 ? 100.0 : 100.0 * done / total, blocks));
  }

  void items(String what, long done, long total) {
    tick(String.format("%s: %d / %d %s", phase, done, total, what));
  }

  private void tick(String line) {
    if (!enabled) {
      return;
    }
    long now = System.nanoTime();
    if (now - last >= INTERVAL_NANOS) {
      last = now;
      out.printf("[%4ds] %s%n", (now - start) / 1_000_000_000L, line);
    }
  }
}
