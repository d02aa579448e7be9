package dev.vigil.server.tsdb.tools;

import java.nio.file.Path;

/** Input the backfill cannot accept; the message names the file and line. */
final class BackfillException extends Exception {
  private final long line;

  BackfillException(Path file, long line, String reason) {
    super(file + ":" + line + ": " + reason);
    this.line = line;
  }

  long line() {
    return line;
  }
}
