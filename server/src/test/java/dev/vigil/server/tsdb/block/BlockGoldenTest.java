package dev.vigil.server.tsdb.block;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.server.model.Labels;
import dev.vigil.server.tsdb.chunkenc.XorChunk;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The bytes of a tiny block, as shown in the worked example of docs/storage-format.md. */
class BlockGoldenTest {
  @TempDir
  Path dir;

  @Test
  void tinyBlockHasTheDocumentedBytes() throws Exception {
    XorChunk c = new XorChunk();
    c.append(1000, 1.0);
    c.append(16000, 1.0);
    MemBlockSource src = new MemBlockSource()
        .add(Labels.of("__name__", "up", "job", "a"), List.of(c))
        .add(Labels.of("__name__", "up", "job", "b"), List.of(c));
    BlockMeta meta = BlockWriter.write(dir, 0, 7200_000, src);
    Path block = dir.resolve(meta.id());
    HexFormat hex = HexFormat.of();
    String index = hex.formatHex(Files.readAllBytes(block.resolve("index")));
    String chunks = hex.formatHex(Files.readAllBytes(block.resolve("chunks/000001")));
    assertThat(chunks).isEqualTo(GOLDEN_CHUNKS);
    assertThat(index).isEqualTo(GOLDEN_INDEX);
  }

  // The writer stores the chunk PACKED: 12 bytes instead of XOR's 16.
  static final String GOLDEN_CHUNKS = "5643484b01000000"
      + "0c" + "020002d00f9875" + "0000000040" + "c754439e"
      + "0c" + "020002d00f9875" + "0000000040" + "c754439e";
  static final String GOLDEN_INDEX = "5649445801"
      // symbols
      + "00000015" + "05" + "085f5f6e616d655f5f" + "0161" + "0162" + "036a6f62" + "027570"
      + "ba129998"
      // series
      + "0000001e" + "020004030101d00f98758880808010" + "020004030201d00f98759980808010"
      + "6e82d80e"
      // series table
      + "0000000c" + "00000002" + "00000000" + "0000000f" + "98e25318"
      // postings: {0,1}, {0}, {1}
      + "00000038" + "3a30000001000000000001001000000000000100"
      + "3a300000010000000000000010000000" + "0000"
      + "3a300000010000000000000010000000" + "0100" + "7542f6e1"
      // postings table
      + "0000000d" + "03" + "00040014" + "03011412" + "03022612" + "e42442be"
      // table of contents
      + "0000000000000005" + "0000000000000022" + "0000000000000048" + "000000000000005c"
      + "000000000000009c" + "b1d6913c";
}
