package dev.vigil.benchmarks;

import java.io.OutputStream;

/**
 * Discards what it is given and counts the bytes, so a scrape benchmark measures rendering and
 * not a socket or a growing byte array. The count is returned to JMH, so nothing is dead code.
 */
final class CountingOutputStream extends OutputStream {
  private long count;

  @Override
  public void write(int b) {
    count++;
  }

  @Override
  public void write(byte[] b, int off, int len) {
    count += len;
  }

  long getCount() {
    return count;
  }

  void reset() {
    count = 0;
  }
}
