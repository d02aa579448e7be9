package dev.vigil.server.tsdb.block;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.server.model.Labels;
import dev.vigil.server.storage.SampleIterator;
import dev.vigil.server.storage.SeriesSet;
import dev.vigil.server.tsdb.chunkenc.XorChunk;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** meta.json content, and damage to each file being reported with its name and offset. */
class BlockFormatTest {
  @TempDir
  Path dir;
  BlockMeta meta;
  Path block;

  @BeforeEach
  void write() throws Exception {
    BlockTestData data = new BlockTestData(1, 50);
    meta = BlockWriter.write(dir, BlockTestData.MINT, BlockTestData.MAXT, data.source);
    block = dir.resolve(meta.id());
  }

  @Test
  void metaJsonHoldsIdRangeStatsCompactionAndVersion() throws Exception {
    XorChunk a = new XorChunk();
    a.append(100, 1);
    a.append(200, 2);
    XorChunk b = new XorChunk();
    b.append(300, 3);
    MemBlockSource src = new MemBlockSource()
        .add(Labels.of("__name__", "up", "job", "a"), List.of(a, b))
        .add(Labels.of("__name__", "up", "job", "b"), List.of(b));
    BlockMeta m = BlockWriter.write(dir, 0, 7200_000, src);
    JsonNode json = BlockMeta.JSON.readTree(dir.resolve(m.id()).resolve("meta.json").toFile());
    assertThat(json.get("id").asText()).isEqualTo(m.id());
    assertThat(json.get("minTime").asLong()).isZero();
    assertThat(json.get("maxTime").asLong()).isEqualTo(7200_000);
    assertThat(json.get("stats").get("numSeries").asLong()).isEqualTo(2);
    assertThat(json.get("stats").get("numChunks").asLong()).isEqualTo(3);
    assertThat(json.get("stats").get("numSamples").asLong()).isEqualTo(4);
    assertThat(json.get("compaction").get("level").asInt()).isEqualTo(1);
    assertThat(json.get("compaction").get("sources").get(0).asText()).isEqualTo(m.id());
    assertThat(json.get("version").asInt()).isEqualTo(1);
    assertThat(BlockMeta.read(dir.resolve(m.id()).resolve("meta.json"))).isEqualTo(m);
  }

  private void flip(Path file, long offset) throws Exception {
    byte[] b = Files.readAllBytes(file);
    b[(int) offset] ^= 0x40;
    Files.write(file, b);
  }

  @Test
  void everyByteOfTheIndexIsCoveredByAChecksumOrCheck() throws Exception {
    Path index = block.resolve("index");
    long size = Files.size(index);
    byte[] original = Files.readAllBytes(index);
    // Flipping any single byte must be caught at open, naming the index file.
    for (long off = 0; off < size; off += Math.max(1, size / 97)) {
      flip(index, off);
      assertThatThrownBy(() -> BlockReader.open(block)).as("offset %d", off)
          .isInstanceOf(CorruptBlockException.class)
          .hasMessageContaining(index.toString());
      Files.write(index, original);
    }
    flip(index, size - 1);
    assertThatThrownBy(() -> BlockReader.open(block))
        .hasMessageContaining("table of contents checksum mismatch");
  }

  @Test
  void everySingleByteChangeOfASmallIndexIsDetected() throws Exception {
    XorChunk c = new XorChunk();
    c.append(1000, 1);
    c.append(16000, 2);
    MemBlockSource src = new MemBlockSource()
        .add(Labels.of("__name__", "up", "job", "a"), List.of(c))
        .add(Labels.of("__name__", "up", "job", "b", "zone", "eu"), List.of(c));
    Path small = dir.resolve(BlockWriter.write(dir, 0, 7200_000, src).id());
    Path index = small.resolve("index");
    byte[] original = Files.readAllBytes(index);
    for (int off = 0; off < original.length; off++) {
      for (int bit : new int[] {0x01, 0x80}) {
        byte[] b = original.clone();
        b[off] ^= (byte) bit;
        Files.write(index, b);
        assertThatThrownBy(() -> BlockReader.open(small)).as("offset %d", off)
            .isInstanceOf(CorruptBlockException.class).hasMessageContaining(index.toString());
      }
    }
    Files.write(index, original);
    BlockReader.open(small).close();
  }

  @Test
  void unknownIndexVersionIsRejectedByName() throws Exception {
    Path index = block.resolve("index");
    byte[] b = Files.readAllBytes(index);
    b[4] = 9;
    Files.write(index, b);
    assertThatThrownBy(() -> BlockReader.open(block)).isInstanceOf(CorruptBlockException.class)
        .hasMessageContaining("index at offset 4: unsupported index version 9");
  }

  @Test
  void damagedChunkIsReportedWhenRead() throws Exception {
    Path seg = block.resolve("chunks").resolve("000001");
    flip(seg, 20);
    try (BlockReader r = BlockReader.open(block)) {
      assertThatThrownBy(() -> {
        SeriesSet set = r.querier(Long.MIN_VALUE, Long.MAX_VALUE).select(false);
        while (set.next()) {
          SampleIterator it = set.iterator();
          while (it.next()) {
            it.atV();
          }
        }
      }).isInstanceOf(CorruptBlockException.class)
          .hasMessageContaining(seg.toString()).hasMessageContaining("checksum mismatch");
    }
  }

  @Test
  void damagedChunkSegmentHeaderIsRejectedAtOpen() throws Exception {
    Path seg = block.resolve("chunks").resolve("000001");
    flip(seg, 1);
    assertThatThrownBy(() -> BlockReader.open(block)).isInstanceOf(CorruptBlockException.class)
        .hasMessageContaining(seg + " at offset 0: not a Vigil chunk segment");
  }

  @Test
  void unsupportedMetaVersionIsRejected() throws Exception {
    Path m = block.resolve("meta.json");
    Files.writeString(m, Files.readString(m).replace("\"version\" : 1", "\"version\" : 2"));
    assertThatThrownBy(() -> BlockReader.open(block)).isInstanceOf(CorruptBlockException.class)
        .hasMessageContaining("unsupported meta.json version 2");
  }
}
