package dev.vigil.server.tsdb.chunkenc;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/** The worked example of the PACKED encoding in docs/storage-format.md. */
class PackedChunkGoldenTest {
  static final String GOLDEN = "020003d00f9875082001d5804cab20";

  @Test
  void documentedExample() {
    XorChunk x = new XorChunk();
    x.append(1000, 1.5);
    x.append(16000, 1.75);
    x.append(31005, 2.25);
    PackedChunk p = PackedChunk.encode(x);
    assertThat(HexFormat.of().formatHex(Arrays.copyOf(p.bytes(), p.length())))
        .isEqualTo(GOLDEN);
  }
}
