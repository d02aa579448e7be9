package dev.vigil.server.remote;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.xerial.snappy.Snappy;

class WriteHandlerLimitsTest {
  @Test
  void aSmallBodyThatDecompressesTooFarIsRefused() throws Exception {
    byte[] bomb = Snappy.compress(new byte[WriteHandler.MAX_UNCOMPRESSED + 1]);
    assertThat(bomb.length).isLessThan(WriteHandler.MAX_BODY);
    assertThat(WriteHandler.tooBigWhenUncompressed(bomb))
        .isEqualTo("request decompresses to 268435457 bytes, more than 268435456");
    assertThat(WriteHandler.tooBigWhenUncompressed(Snappy.compress(new byte[1000]))).isNull();
  }
}
