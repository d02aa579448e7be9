package dev.vigil.server.tsdb.tools;

import dev.vigil.server.tsdb.block.BlockReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * Finds the blocks of a data directory for the read-only tools. Unlike {@code Blocks.list} it
 * never deletes anything: the tools may run beside a live server that is writing a block.
 */
final class BlockDirs {
  private BlockDirs() {}

  /** Open readers for every directory holding a meta.json, oldest minTime first. */
  static List<BlockReader> open(Path dataDir) throws IOException {
    if (!Files.isDirectory(dataDir)) {
      throw new IOException(dataDir + " is not a directory");
    }
    List<BlockReader> out = new ArrayList<>();
    try (Stream<Path> s = Files.list(dataDir)) {
      for (Path p : s.sorted().toList()) {
        if (Files.isDirectory(p) && Files.exists(p.resolve("meta.json"))
            && !p.getFileName().toString().endsWith(".tmp")) {
          out.add(BlockReader.open(p));
        }
      }
    }
    out.sort(Comparator.comparingLong((BlockReader b) -> b.meta().minTime())
        .thenComparing(b -> b.meta().id()));
    return out;
  }

  /** Bytes of all regular files under {@code p}. */
  static long size(Path p) {
    try (Stream<Path> s = Files.walk(p)) {
      return s.filter(Files::isRegularFile).mapToLong(f -> {
        try {
          return Files.size(f);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }).sum();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
