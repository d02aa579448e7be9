package dev.vigil.server.tsdb.block;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The blocks of a data directory. */
public final class Blocks {
  private static final Logger LOG = LoggerFactory.getLogger(Blocks.class);

  private Blocks() {}

  /** A block directory and its meta. */
  public record Listed(Path dir, BlockMeta meta) {}

  /**
   * The complete blocks in {@code parentDir}, sorted by minTime (then id). Deletes
   * {@code <id>.tmp} directories, which only a writer that crashed before its rename leaves;
   * must therefore not run while a {@link BlockWriter} writes into the same directory. Other
   * entries (the WAL, directories without a readable meta.json) are skipped, and unreadable
   * block candidates logged, but never deleted.
   */
  public static List<Listed> list(Path parentDir) throws IOException {
    List<Listed> out = new ArrayList<>();
    if (!Files.isDirectory(parentDir)) {
      return out;
    }
    List<Path> entries;
    try (Stream<Path> s = Files.list(parentDir)) {
      entries = s.sorted().toList();
    }
    for (Path p : entries) {
      String name = p.getFileName().toString();
      if (!Files.isDirectory(p)) {
        continue;
      }
      if (name.endsWith(BlockWriter.TMP_SUFFIX)
          && BlockId.isValid(name.substring(0, name.length() - BlockWriter.TMP_SUFFIX.length()))) {
        LOG.info("deleting unfinished block {}", p);
        BlockWriter.deleteRecursively(p);
        continue;
      }
      if (!BlockId.isValid(name) || !Files.exists(p.resolve(BlockWriter.META_FILE))) {
        continue;
      }
      try {
        BlockMeta meta = BlockMeta.read(p.resolve(BlockWriter.META_FILE));
        if (!meta.id().equals(name)) {
          throw new CorruptBlockException(p.resolve(BlockWriter.META_FILE), 0,
              "id " + meta.id() + " does not match the directory name");
        }
        out.add(new Listed(p, meta));
      } catch (CorruptBlockException e) {
        LOG.warn("skipping block: {}", e.getMessage());
      }
    }
    out.sort(Comparator.comparingLong((Listed l) -> l.meta().minTime())
        .thenComparing(l -> l.meta().id()));
    return out;
  }

  /**
   * Ids of the listed blocks that another listed block names as its parent. Both are on disk
   * only when a compaction (or tombstone cleanup) wrote its result and the process stopped
   * before the parents were deleted; the result is complete (it was renamed into place whole)
   * and holds their data, so it wins and the parents are to be deleted.
   */
  public static Set<String> replaced(List<Listed> listed) {
    Set<String> parents = new HashSet<>();
    for (Listed l : listed) {
      parents.addAll(l.meta().compaction().parents());
    }
    Set<String> out = new HashSet<>();
    for (Listed l : listed) {
      if (parents.contains(l.meta().id())) {
        out.add(l.meta().id());
      }
    }
    return out;
  }

  /**
   * Deletes a block directory: renamed to {@code <id>.tmp} first, so a crash half-way leaves a
   * directory that {@link #list} removes instead of a block with missing files. Open mappings of
   * its files stay readable (the files are unlinked, not overwritten).
   */
  public static void delete(Path blockDir) throws IOException {
    Path tmp = blockDir.resolveSibling(blockDir.getFileName() + BlockWriter.TMP_SUFFIX);
    Files.move(blockDir, tmp, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    BlockWriter.fsyncDir(blockDir.getParent());
    BlockWriter.deleteRecursively(tmp);
  }
}
