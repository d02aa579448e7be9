package dev.vigil.server.tsdb.block;

import java.nio.file.Path;

/** A block file whose bytes fail validation; the message names the file and byte offset. */
public final class CorruptBlockException extends RuntimeException {
  public CorruptBlockException(Path file, long offset, String what) {
    super(file + " at offset " + offset + ": " + what);
  }

  public CorruptBlockException(Path file, String what, Throwable cause) {
    super(file + ": " + what, cause);
  }
}
