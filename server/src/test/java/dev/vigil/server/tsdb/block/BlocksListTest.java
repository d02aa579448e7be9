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

class BlocksListTest {
  @TempDir
  Path dir;

  private static MemBlockSource oneSeries(long t) {
    XorChunk c = new XorChunk();
    c.append(t, 1);
    c.append(t + 1000, 2);
    return new MemBlockSource().add(Labels.of("__name__", "up"), List.of(c));
  }

  @Test
  void listsCompleteBlocksByMinTimeAndDeletesLeftoverTmpDirs() throws Exception {
    BlockMeta late = BlockWriter.write(dir, 10_000, 20_000, oneSeries(10_000));
    BlockMeta early = BlockWriter.write(dir, 0, 10_000, oneSeries(0));
    // What a writer that crashed just before its rename leaves behind: a complete block.
    BlockMeta crashed = BlockWriter.write(dir, 0, 10_000, oneSeries(0));
    Path tmp = dir.resolve(crashed.id() + ".tmp");
    Files.move(dir.resolve(crashed.id()), tmp);
    // A block whose meta.json is damaged: skipped (and logged), but kept for inspection.
    BlockMeta damaged = BlockWriter.write(dir, 0, 10_000, oneSeries(0));
    Files.writeString(dir.resolve(damaged.id()).resolve("meta.json"), "{\"id\": ");
    // Not ours: kept, and not listed.
    Files.createDirectories(dir.resolve("wal"));
    Files.createDirectories(dir.resolve(BlockId.next(0)));

    List<Blocks.Listed> blocks = Blocks.list(dir);

    assertThat(blocks).extracting(b -> b.meta().id()).containsExactly(early.id(), late.id());
    assertThat(blocks.get(0).dir()).isEqualTo(dir.resolve(early.id()));
    assertThat(tmp).doesNotExist();
    assertThat(dir.resolve("wal")).exists();
    assertThat(dir.resolve(damaged.id())).exists();
  }

  @Test
  void writerLeavesNoTmpDirAndNoBlockWhenItFails() throws Exception {
    XorChunk c = new XorChunk();
    c.append(5000, 1);
    MemBlockSource outside = new MemBlockSource().add(Labels.of("a", "b"), List.<Chunk>of(c));
    assertThatThrownBy(() -> BlockWriter.write(dir, 0, 5000, outside))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("outside");
    try (var s = Files.list(dir)) {
      assertThat(s.toList()).isEmpty();
    }
    assertThat(Blocks.list(dir)).isEmpty();
  }

  @Test
  void idsAreSortableUlidShapedStrings() {
    String a = BlockId.next(1_700_000_000_000L);
    String b = BlockId.next(1_700_000_000_001L);
    assertThat(a).hasSize(26).matches("[0-9A-HJKMNP-TV-Z]+");
    assertThat(a.compareTo(b)).isNegative();
    assertThat(BlockId.isValid(a)).isTrue();
    assertThat(BlockId.isValid("wal")).isFalse();
  }
}
