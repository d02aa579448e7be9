package dev.vigil.server.tsdb.wal;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** File naming of a WAL directory: segments {@code 00000001}, checkpoints {@code checkpoint.N}. */
final class Segments {
  static final String CHECKPOINT_PREFIX = "checkpoint.";
  static final String TMP_SUFFIX = ".tmp";

  private Segments() {}

  static String segmentName(int n) {
    return String.format("%08d", n);
  }

  static String checkpointName(int n) {
    return CHECKPOINT_PREFIX + segmentName(n);
  }

  /** The number of a segment file name, or -1 when the name is not a segment's. */
  static int parseSegment(String name) {
    if (name.length() != 8) {
      return -1;
    }
    for (int i = 0; i < 8; i++) {
      if (name.charAt(i) < '0' || name.charAt(i) > '9') {
        return -1;
      }
    }
    return Integer.parseInt(name);
  }

  /** The number of a finished checkpoint directory name, or -1. */
  static int parseCheckpoint(String name) {
    return name.startsWith(CHECKPOINT_PREFIX)
        ? parseSegment(name.substring(CHECKPOINT_PREFIX.length())) : -1;
  }

  /** Segment numbers in {@code dir}, ascending. */
  static List<Integer> list(Path dir) throws IOException {
    List<Integer> out = new ArrayList<>();
    try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
      for (Path p : ds) {
        int n = parseSegment(p.getFileName().toString());
        if (n >= 0 && Files.isRegularFile(p)) {
          out.add(n);
        }
      }
    }
    out.sort(Comparator.naturalOrder());
    return out;
  }

  /** Finished checkpoint numbers in {@code dir}, ascending (temporary ones are ignored). */
  static List<Integer> checkpoints(Path dir) throws IOException {
    List<Integer> out = new ArrayList<>();
    try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
      for (Path p : ds) {
        int n = parseCheckpoint(p.getFileName().toString());
        if (n >= 0 && Files.isDirectory(p)) {
          out.add(n);
        }
      }
    }
    out.sort(Comparator.naturalOrder());
    return out;
  }

  /** Makes a create, rename or delete in {@code dir} durable. Best effort where unsupported. */
  static void fsyncDir(Path dir) {
    try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
      ch.force(true);
    } catch (IOException e) {
      // Some platforms cannot open directories; the data files themselves are still fsynced.
    }
  }

  static void deleteTree(Path p) throws IOException {
    if (!Files.exists(p)) {
      return;
    }
    if (Files.isDirectory(p)) {
      try (DirectoryStream<Path> ds = Files.newDirectoryStream(p)) {
        for (Path c : ds) {
          deleteTree(c);
        }
      }
    }
    Files.deleteIfExists(p);
  }
}
