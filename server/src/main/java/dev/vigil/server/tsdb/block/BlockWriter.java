package dev.vigil.server.tsdb.block;

import dev.vigil.server.model.Labels;
import dev.vigil.server.tsdb.chunkenc.Chunk;
import dev.vigil.server.tsdb.chunkenc.PackedChunk;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Writes an immutable block: everything goes into {@code <id>.tmp/}, each file and the directory
 * are fsynced, then the directory is renamed to {@code <id>/} and the parent fsynced. A crash at
 * any point leaves either no block or a complete one (plus a {@code .tmp} directory that
 * {@link Blocks#list} deletes).
 */
public final class BlockWriter {
  static final String CHUNKS_DIR = "chunks";
  static final String INDEX_FILE = "index";
  static final String META_FILE = "meta.json";
  static final String TMP_SUFFIX = ".tmp";

  private BlockWriter() {}

  /**
   * Writes the series of {@code source} as a level-1 block covering {@code [mint, maxt)}.
   *
   * @return the block's meta; the block is at {@code parentDir.resolve(meta.id())}
   * @throws IllegalArgumentException when series are out of order or a chunk has samples outside
   *     the range or overlaps the previous chunk of its series
   */
  public static BlockMeta write(Path parentDir, long mint, long maxt, BlockSource source)
      throws IOException {
    return write(parentDir, mint, maxt, source, ChunkSegmentWriter.MAX_SEGMENT_BYTES, null);
  }

  /**
   * Writes a block made from other blocks (a compaction or a tombstone cleanup): like
   * {@link #write(Path, long, long, BlockSource)}, with {@code lineage}'s level, sources and
   * parents recorded in meta.json.
   */
  public static BlockMeta write(Path parentDir, long mint, long maxt, BlockSource source,
      BlockMeta.Compaction lineage) throws IOException {
    return write(parentDir, mint, maxt, source, ChunkSegmentWriter.MAX_SEGMENT_BYTES, lineage);
  }

  /** With a chosen chunk segment size, so tests get several segments from little data. */
  static BlockMeta write(Path parentDir, long mint, long maxt, BlockSource source,
      long maxSegmentBytes) throws IOException {
    return write(parentDir, mint, maxt, source, maxSegmentBytes, null);
  }

  private static BlockMeta write(Path parentDir, long mint, long maxt, BlockSource source,
      long maxSegmentBytes, BlockMeta.Compaction lineage) throws IOException {
    if (mint >= maxt) {
      throw new IllegalArgumentException("empty block range [" + mint + ", " + maxt + ")");
    }
    String id = BlockId.next(System.currentTimeMillis());
    Path tmp = parentDir.resolve(id + TMP_SUFFIX);
    Path dir = parentDir.resolve(id);
    Files.createDirectories(parentDir);
    Files.createDirectory(tmp);
    boolean done = false;
    try {
      Path chunksDir = Files.createDirectory(tmp.resolve(CHUNKS_DIR));
      List<IndexWriter.Entry> entries = new ArrayList<>();
      long chunks = 0;
      long samples = 0;
      try (ChunkSegmentWriter cw = new ChunkSegmentWriter(chunksDir, maxSegmentBytes)) {
        Labels prev = null;
        while (source.next()) {
          Labels l = source.labels();
          if (prev != null && prev.compareTo(l) >= 0) {
            throw new IllegalArgumentException("series not in ascending order: " + l
                + " after " + prev);
          }
          prev = l;
          long[] meta = new long[source.chunks().size() * 3];
          int n = 0;
          long lastMax = Long.MIN_VALUE;
          for (Chunk c : source.chunks()) {
            if (c.numSamples() == 0) {
              continue;
            }
            long cmin = c.minTime();
            long cmax = c.maxTime();
            if (cmin < mint || cmax >= maxt || (n > 0 && cmin <= lastMax)) {
              throw new IllegalArgumentException("chunk [" + cmin + ", " + cmax + "] of " + l
                  + " is outside [" + mint + ", " + maxt + ") or overlaps the previous chunk");
            }
            meta[n++] = cmin;
            meta[n++] = cmax;
            // Blocks are read-only, so they can use the denser encoding the head cannot append to.
            meta[n++] = cw.write(PackedChunk.smallerOf(c));
            lastMax = cmax;
            chunks++;
            samples += c.numSamples();
          }
          // A series whose chunks are all empty has nothing to query; it is left out.
          if (n > 0) {
            entries.add(new IndexWriter.Entry(l, n == meta.length ? meta
                : Arrays.copyOf(meta, n)));
          }
        }
      }
      fsyncDir(chunksDir);
      new IndexWriter(tmp.resolve(INDEX_FILE)).write(entries);
      BlockMeta meta = new BlockMeta(id, mint, maxt,
          new BlockMeta.Stats(entries.size(), chunks, samples),
          lineage != null ? lineage : new BlockMeta.Compaction(1, List.of(id), List.of()),
          BlockMeta.VERSION);
      writeFile(tmp.resolve(META_FILE), meta.toJson());
      fsyncDir(tmp);
      Files.move(tmp, dir, StandardCopyOption.ATOMIC_MOVE);
      fsyncDir(parentDir);
      done = true;
      return meta;
    } finally {
      if (!done) {
        deleteRecursively(tmp);
      }
    }
  }

  private static void writeFile(Path file, byte[] data) throws IOException {
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE_NEW,
        StandardOpenOption.WRITE)) {
      ByteBuffer b = ByteBuffer.wrap(data);
      while (b.hasRemaining()) {
        ch.write(b);
      }
      ch.force(true);
    }
  }

  /** Makes the directory's entries (new files, renames) durable; works on Linux and macOS. */
  static void fsyncDir(Path dir) throws IOException {
    try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
      ch.force(true);
    }
  }

  static void deleteRecursively(Path p) {
    if (!Files.exists(p)) {
      return;
    }
    try (var walk = Files.walk(p)) {
      for (Path x : walk.sorted((a, b) -> b.getNameCount() - a.getNameCount()).toList()) {
        Files.deleteIfExists(x);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete " + p, e);
    }
  }
}
