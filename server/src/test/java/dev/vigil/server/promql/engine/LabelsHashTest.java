package dev.vigil.server.promql.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.server.model.Labels;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class LabelsHashTest {
  @Test
  void xxh64MatchesTheReferenceVectors() {
    assertThat(LabelsHash.xxh64(new byte[0])).isEqualTo(0xEF46DB3751D8E999L);
    assertThat(LabelsHash.xxh64("a".getBytes(StandardCharsets.UTF_8)))
        .isEqualTo(0xD24EC4F1A98C6E5BL);
    assertThat(LabelsHash.xxh64("abc".getBytes(StandardCharsets.UTF_8)))
        .isEqualTo(0x44BC2CF5AD770999L);
  }

  @Test
  void fractionCoversTheUnsignedRange() {
    assertThat(LabelsHash.fraction(0)).isEqualTo(0.0);
    assertThat(LabelsHash.fraction(-1L)).isEqualTo(1.0);
    assertThat(LabelsHash.fraction(Long.MIN_VALUE)).isEqualTo(0.5);
  }

  @Test
  void limitRatioPicksComplementarySeriesForRAndRMinusOne() {
    Fixture f = new Fixture();
    for (int i = 0; i < 20; i++) {
      f.series("x{i=\"" + i + "\"}", 60_000, i);
    }
    assertThat(f.instant("count(limit_ratio(0.3, x)) + count(limit_ratio(-0.7, x))", 0))
        .isEqualTo("{} 20");
    assertThat(f.instant("count(limit_ratio(0.3, x) and limit_ratio(-0.7, x))", 0)).isEmpty();
    assertThat(LabelsHash.of(Labels.of("a", "b"))).isEqualTo(
        LabelsHash.xxh64("a\u00ffb\u00ff".getBytes(StandardCharsets.ISO_8859_1)));
  }
}
