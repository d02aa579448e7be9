package dev.vigil.server.tsdb.wal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.server.model.Labels;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.LongPredicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WalCheckpointTest {
  @TempDir Path dir;

  private static final LongPredicate EVEN_SERIES_LIVE = ref -> ref % 2 == 0;

  /** Ten series, samples t = 0..99 spread over segments cut every 20 steps, three tombstones. */
  private int fill(Wal wal, int fromT, int toT) throws IOException {
    WalBatch b = new WalBatch();
    int lastCut = -1;
    for (int t = fromT; t < toT; t++) {
      b.reset();
      for (long ref = 1; ref <= 10; ref++) {
        if (t == 0) {
          b.series(ref, Labels.of("__name__", "m", "i", Long.toString(ref)));
        }
        b.sample(ref, t, t * 0.5);
      }
      if (t == 30) {
        b.tombstone(2, 0, 10).tombstone(3, 0, 10).tombstone(4, 45, 55);
      }
      wal.log(b);
      if (t % 20 == 19) {
        lastCut = wal.cutSegment();
      }
    }
    return lastCut;
  }

  /** The state a head would hold for live series: labels, samples at or after mint, tombstones. */
  private static String liveState(Recorded r, long mint) {
    Map<Long, String> out = new TreeMap<>();
    r.series.forEach((ref, l) -> {
      if (EVEN_SERIES_LIVE.test(ref)) {
        StringBuilder sb = new StringBuilder(l.toString());
        r.samples.getOrDefault(ref, new TreeMap<>()).forEach((t, v) -> {
          if (t >= mint) {
            sb.append(' ').append(t).append('=').append(v);
          }
        });
        for (long[] tomb : r.tombstones) {
          if (tomb[0] == ref && tomb[2] >= mint) {
            sb.append(" del[").append(tomb[1]).append(',').append(tomb[2]).append(']');
          }
        }
        out.put(ref, sb.toString());
      }
    });
    return out.toString();
  }

  @Test
  void replayAfterCheckpointEqualsStateBeforeForLiveSeries() throws IOException {
    Recorded before = new Recorded();
    ReplayStats cpStats;
    try (Wal wal = Wal.open(dir, new Wal.Options(4 << 10, Duration.ZERO))) {
      int upTo = fill(wal, 0, 100); // segments through t=99 are closed
      WalReader.replay(dir, before);
      cpStats = wal.checkpoint(upTo, EVEN_SERIES_LIVE, (ref, t) -> t >= 50);
      assertThat(Segments.list(dir)).allMatch(n -> n > upTo);
      assertThat(Segments.checkpoints(dir)).containsExactly(upTo);
    }
    assertThat(cpStats.samples()).isEqualTo(1000);

    Recorded after = new Recorded();
    ReplayStats stats = WalReader.replay(dir, after);

    assertThat(stats.checkpoint()).isGreaterThan(0);
    assertThat(liveState(after, 50)).isEqualTo(liveState(before, 50));
    assertThat(after.series.keySet()).containsExactly(2L, 4L, 6L, 8L, 10L);
    assertThat(after.samples.get(4L).firstKey()).isEqualTo(50L);
    // Series 2's range [0, 10] lies wholly before the samples kept, so it went with them.
    assertThat(after.tombstones).containsExactly(new long[] {4, 45, 55});
    assertThat(stats.samples()).isEqualTo(5 * 50);
  }

  @Test
  void laterCheckpointFoldsInTheEarlierOneAndLaterSegmentsStillReplay() throws IOException {
    Recorded before = new Recorded();
    try (Wal wal = Wal.open(dir, new Wal.Options(4 << 10, Duration.ofMillis(50)))) {
      int first = fill(wal, 0, 40);
      wal.checkpoint(first, EVEN_SERIES_LIVE, (ref, t) -> true);
      int second = fill(wal, 40, 80);
      wal.checkpoint(second, EVEN_SERIES_LIVE, (ref, t) -> true);
      assertThat(Segments.checkpoints(dir)).containsExactly(second);
      assertThatThrownBy(() -> wal.checkpoint(second, r -> true, (r, t) -> true))
          .isInstanceOf(IllegalArgumentException.class);
      fill(wal, 80, 85); // not checkpointed: replayed from segments
      WalReader.replay(dir, before);
    }
    Recorded after = new Recorded();
    ReplayStats stats = WalReader.replay(dir, after);

    assertThat(liveState(after, 0)).isEqualTo(liveState(before, 0));
    assertThat(after.samples.get(2L)).hasSize(85);
    assertThat(stats.corruptions()).isZero();
  }

  @Test
  void leftoversOfInterruptedCheckpointsAreHarmless() throws IOException {
    int upTo;
    try (Wal wal = Wal.open(dir)) {
      upTo = fill(wal, 0, 40);
      wal.checkpoint(upTo, ref -> true, (ref, t) -> true);
    }
    Recorded expected = new Recorded();
    WalReader.replay(dir, expected);
    // A crash before the rename leaves a temp dir; one after it leaves the old segments.
    Path tmp = dir.resolve(Segments.checkpointName(upTo + 5) + Segments.TMP_SUFFIX);
    Files.createDirectories(tmp);
    Files.write(tmp.resolve(Segments.segmentName(1)), new byte[] {1, 2, 3});
    Files.write(dir.resolve(Segments.segmentName(1)), new byte[] {9, 9, 9});

    Recorded r = new Recorded();
    ReplayStats stats = WalReader.replay(dir, r);
    assertThat(r.events).isEqualTo(expected.events);
    assertThat(stats.corruptions()).isZero();

    try (Wal wal = Wal.open(dir)) {
      assertThat(Files.exists(tmp)).isFalse();
      assertThat(wal.currentSegment()).isGreaterThan(upTo);
    }
  }

  @Test
  void theSegmentBeingWrittenCannotBeCheckpointed() throws IOException {
    try (Wal wal = Wal.open(dir)) {
      assertThatThrownBy(() -> wal.checkpoint(wal.currentSegment(), r -> true, (r, t) -> true))
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("cutSegment");
    }
  }

  @Test
  void interruptedCommitterDoesNotBreakTheLog() throws IOException {
    try (Wal wal = Wal.open(dir)) {
      List<String> expected = new ArrayList<>();
      WalBatch b = new WalBatch();
      Thread.currentThread().interrupt();
      try {
        wal.log(b.sample(1, 1, 1));
        wal.sync();
      } finally {
        assertThat(Thread.interrupted()).isTrue();
      }
      b.reset();
      wal.log(b.sample(1, 2, 2));
      expected.add("s 1 1 1.0");
      expected.add("s 1 2 2.0");
      wal.close();
      Recorded r = new Recorded();
      WalReader.replay(dir, r);
      assertThat(r.events).isEqualTo(expected);
    }
  }
}
