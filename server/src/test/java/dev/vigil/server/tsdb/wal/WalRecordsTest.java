package dev.vigil.server.tsdb.wal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.server.model.Labels;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class WalRecordsTest {

  @Test
  void seriesRoundTrip() {
    Labels a = Labels.of("__name__", "http_requests_total", "job", "api", "path", "/ü/日本/😀");
    Labels b = Labels.EMPTY;
    Labels c = Labels.of("x", "y".repeat(300));
    WalBatch batch = new WalBatch(16)
        .series(1, a).series(Long.MAX_VALUE, b).series(0x8000_0000_0000_0001L, c);

    Recorded r = Recorded.decode(batch);

    assertThat(r.events).containsExactly(
        "S 1 " + a, "S " + Long.MAX_VALUE + " " + b, "S " + 0x8000_0000_0000_0001L + " " + c);
    assertThat(r.series.get(1L)).isEqualTo(a);
    assertThat(r.series.get(0x8000_0000_0000_0001L)).isEqualTo(c);
  }

  @Test
  void samplesRoundTripIncludingSpecialValuesAndNegativeDeltas() {
    double staleNaN = Double.longBitsToDouble(0x7ff0000000000002L);
    WalBatch batch = new WalBatch()
        .sample(100, 5_000, 1.5)
        .sample(3, 4_000, -0.0) // ref and time below the record's base
        .sample(100, Long.MAX_VALUE, Double.POSITIVE_INFINITY)
        .sample(Long.MIN_VALUE, Long.MIN_VALUE, staleNaN);

    Recorded r = Recorded.decode(batch);

    assertThat(r.events).containsExactly("s 100 5000 1.5", "s 3 4000 -0.0",
        "s 100 " + Long.MAX_VALUE + " Infinity", "s " + Long.MIN_VALUE + " " + Long.MIN_VALUE
            + " NaN");
    // Raw bits survive, so stale markers stay distinguishable from ordinary NaN.
    double back = r.samples.get(Long.MIN_VALUE).get(Long.MIN_VALUE);
    assertThat(Double.doubleToRawLongBits(back)).isEqualTo(0x7ff0000000000002L);
  }

  @Test
  void samplesPayloadLayoutIsPinned() {
    WalBatch batch = new WalBatch().sample(1, 1000, 1.0).sample(3, 990, 2.0);
    int n = batch.finish();

    String hex = HexFormat.of().formatHex(batch.buf, 0, n);
    // header: len=36, type=2, crc; payload: baseRef, baseT, (0,0,1.0), (+2→04, -10→13, 2.0)
    assertThat(hex.substring(0, 10)).isEqualTo("0000002402");
    assertThat(hex.substring(18)).isEqualTo("0000000000000001" + "00000000000003e8"
        + "0000" + "3ff0000000000000" + "0413" + "4000000000000000");
  }

  @Test
  void exemplarsRoundTripWithTheirLabelsAfterTheSamplesOfTheirCommit() {
    Labels trace = Labels.of("trace_id", "4bf92f3577b34da6", "span", "ü😀");
    WalBatch batch = new WalBatch()
        .sample(9, 5_000, 1).exemplar(9, 4_999, 0.5, trace).exemplar(2, 3_000, -1, Labels.EMPTY)
        .exemplar(Long.MAX_VALUE, Long.MIN_VALUE, Double.NaN, trace);

    assertThat(Recorded.decode(batch).events).containsExactly("s 9 5000 1.0",
        "E 9 4999 0.5 " + trace, "E 2 3000 -1.0 {}",
        "E " + Long.MAX_VALUE + " " + Long.MIN_VALUE + " NaN " + trace);
  }

  @Test
  void exemplarsPayloadLayoutIsPinned() {
    WalBatch batch = new WalBatch().exemplar(1, 1000, 1.0, Labels.of("a", "b"));
    int n = batch.finish();

    String hex = HexFormat.of().formatHex(batch.buf, 0, n);
    // header: len=31, type=4, crc; payload: baseRef, baseT, (0, 0, 1.0, 1 label: "a"="b")
    assertThat(hex.substring(0, 10)).isEqualTo("0000001f04");
    assertThat(hex.substring(18)).isEqualTo("0000000000000001" + "00000000000003e8"
        + "0000" + "3ff0000000000000" + "01" + "0161" + "0162");
  }

  @Test
  void tombstonesRoundTrip() {
    WalBatch batch = new WalBatch()
        .tombstone(7, -100, 100).tombstone(7, 200, 200).tombstone(1L << 40, 0, Long.MAX_VALUE);

    assertThat(Recorded.decode(batch).events).containsExactly(
        "T 7 -100 100", "T 7 200 200", "T " + (1L << 40) + " 0 " + Long.MAX_VALUE);
    assertThatThrownBy(() -> new WalBatch().tombstone(1, 10, 9))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void mixedBatchKeepsOrderAndStartsARecordPerTypeChange() {
    Labels l = Labels.of("__name__", "up");
    WalBatch batch = new WalBatch()
        .series(1, l).sample(1, 10, 1).sample(1, 20, 0).tombstone(1, 0, 5)
        .raw((byte) 42, new byte[] {1, 2, 3}).sample(1, 30, 1);

    Recorded r = Recorded.decode(batch);

    assertThat(r.events).containsExactly("S 1 " + l, "s 1 10 1.0", "s 1 20 0.0", "T 1 0 5",
        "R 42 3", "s 1 30 1.0");
    assertThatThrownBy(() -> new WalBatch().raw(WalRecords.SAMPLES, new byte[0]))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void batchIsReusableAfterReset() {
    WalBatch batch = new WalBatch().sample(1, 1, 1);
    batch.finish();
    batch.reset();
    batch.sample(2, 2, 2);

    assertThat(Recorded.decode(batch).events).containsExactly("s 2 2 2.0");
  }

  @Test
  void bigBatchesAreCutIntoBoundedRecords() {
    WalBatch batch = new WalBatch();
    for (int i = 0; i < 200_000; i++) {
      batch.sample(i % 10, i, i);
    }
    int n = batch.finish();
    assertThat(n).isGreaterThan(WalBatch.MAX_PAYLOAD);
    assertThat(WalBatch.readInt(batch.buf, 0)).isLessThanOrEqualTo(WalBatch.MAX_PAYLOAD + 32);
    assertThat(Recorded.decode(batch).events).hasSize(200_000);
  }

  @Test
  void randomSamplesRoundTrip() {
    // Seeded, so a failure reproduces; edge values are mixed in on purpose.
    java.util.Random rnd = new java.util.Random(42);
    long[] edges = {0, 1, -1, Long.MIN_VALUE, Long.MAX_VALUE, 1L << 35, -(1L << 35)};
    for (int round = 0; round < 200; round++) {
      int n = rnd.nextInt(50);
      WalBatch batch = new WalBatch(16);
      StringBuilder expected = new StringBuilder();
      for (int i = 0; i < n; i++) {
        long ref = rnd.nextInt(4) == 0 ? edges[rnd.nextInt(edges.length)] : rnd.nextLong();
        long t = rnd.nextInt(4) == 0 ? edges[rnd.nextInt(edges.length)] : rnd.nextInt();
        double v = rnd.nextInt(8) == 0 ? Double.NaN : rnd.nextGaussian() * 1e6;
        batch.sample(ref, t, v);
        expected.append("s ").append(ref).append(' ').append(t).append(' ').append(v)
            .append('\n');
      }
      StringBuilder actual = new StringBuilder();
      Recorded.decode(batch).events.forEach(e -> actual.append(e).append('\n'));
      assertThat(actual.toString()).as("round %d", round).isEqualTo(expected.toString());
    }
  }
}
