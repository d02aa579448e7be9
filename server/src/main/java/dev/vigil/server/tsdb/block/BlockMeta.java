package dev.vigil.server.tsdb.block;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * The contents of a block's {@code meta.json}. Times are milliseconds; the block holds samples
 * with {@code minTime <= t < maxTime} (half-open, so adjacent blocks share no timestamp).
 *
 * @param version the meta.json layout version; readers reject versions they do not know
 */
public record BlockMeta(
    String id, long minTime, long maxTime, Stats stats, Compaction compaction, int version) {
  public static final int VERSION = 1;

  /** Counts, so tools and retention can size a block without opening its index. */
  public record Stats(long numSeries, long numChunks, long numSamples) {}

  /**
   * @param level 1 for a block cut from the head, +1 for each compaction that made it
   * @param sources ids of the level-1 blocks whose data it holds (itself at level 1)
   * @param parents ids of the blocks this one was written from and replaces (empty for a block
   *     cut from the head); on open, a listed parent still on disk is a leftover of a crash
   *     between writing this block and deleting its parents, and is removed
   */
  public record Compaction(int level, List<String> sources, List<String> parents) {
    public Compaction {
      sources = sources == null ? List.of() : List.copyOf(sources);
      // Blocks written before compaction existed have no parents field.
      parents = parents == null ? List.of() : List.copyOf(parents);
    }
  }

  // Unknown fields are tolerated so a newer writer can add optional fields without a new version.
  static final ObjectMapper JSON = new ObjectMapper()
      .enable(SerializationFeature.INDENT_OUTPUT)
      .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  static BlockMeta read(Path file) {
    BlockMeta m;
    try {
      m = JSON.readValue(file.toFile(), BlockMeta.class);
    } catch (IOException e) {
      throw new CorruptBlockException(file, "unreadable meta.json", e);
    }
    if (m.version != VERSION) {
      throw new CorruptBlockException(file, 0, "unsupported meta.json version " + m.version
          + " (this Vigil reads " + VERSION + ")");
    }
    if (m.id == null || m.stats == null || m.compaction == null) {
      throw new CorruptBlockException(file, 0, "meta.json lacks id, stats or compaction");
    }
    return m;
  }

  byte[] toJson() throws IOException {
    return JSON.writeValueAsBytes(this);
  }
}
