package dev.vigil.server.tsdb.block;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.server.model.Labels;
import dev.vigil.server.tsdb.chunkenc.Chunk;
import dev.vigil.server.tsdb.chunkenc.XorChunk;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the writer refuses, and that a refusal leaves nothing behind. */
class BlockWriterTest {
  @TempDir
  Path dir;

  private static XorChunk chunk(long... ts) {
    XorChunk c = new XorChunk();
    for (long t : ts) {
      c.append(t, t);
    }
    return c;
  }

  /** A source that yields series in the order given, unlike {@link MemBlockSource}. */
  private static BlockSource inOrder(Labels... labels) {
    return new BlockSource() {
      int i = -1;

      @Override
      public boolean next() {
        return ++i < labels.length;
      }

      @Override
      public Labels labels() {
        return labels[i];
      }

      @Override
      public List<Chunk> chunks() {
        return List.of(chunk(10, 20));
      }
    };
  }

  private void assertNothingWritten() throws Exception {
    try (var s = Files.list(dir)) {
      assertThat(s.toList()).isEmpty();
    }
  }

  @Test
  void rejectsSeriesOutOfOrderOrRepeated() throws Exception {
    assertThatThrownBy(() -> BlockWriter.write(dir, 0, 100,
        inOrder(Labels.of("a", "2"), Labels.of("a", "1"))))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("ascending order");
    assertThatThrownBy(() -> BlockWriter.write(dir, 0, 100,
        inOrder(Labels.of("a", "1"), Labels.of("a", "1"))))
        .isInstanceOf(IllegalArgumentException.class);
    assertNothingWritten();
  }

  @Test
  void rejectsOverlappingChunksAndSamplesAtMaxTime() throws Exception {
    MemBlockSource overlap = new MemBlockSource()
        .add(Labels.of("a", "1"), List.of(chunk(10, 20), chunk(20, 30)));
    assertThatThrownBy(() -> BlockWriter.write(dir, 0, 100, overlap))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("overlaps");
    // The range is half-open: a sample at maxTime belongs to the next block.
    MemBlockSource atMax = new MemBlockSource().add(Labels.of("a", "1"), List.of(chunk(100)));
    assertThatThrownBy(() -> BlockWriter.write(dir, 0, 100, atMax))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> BlockWriter.write(dir, 100, 100, new MemBlockSource()))
        .isInstanceOf(IllegalArgumentException.class);
    assertNothingWritten();
  }

  @Test
  void leavesOutEmptyChunksAndSeriesWithoutSamples() throws Exception {
    MemBlockSource src = new MemBlockSource()
        .add(Labels.of("a", "1"), List.of(new XorChunk(), chunk(10, 20), new XorChunk()))
        .add(Labels.of("a", "2"), List.of(new XorChunk()));
    BlockMeta meta = BlockWriter.write(dir, 0, 100, src);
    assertThat(meta.stats()).isEqualTo(new BlockMeta.Stats(1, 1, 2));
    try (BlockReader r = BlockReader.open(dir.resolve(meta.id()))) {
      assertThat(r.labelValues("a")).containsExactly("1");
    }
  }
}
