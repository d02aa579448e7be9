package dev.vigil.server.tsdb;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.server.model.Labels;
import dev.vigil.server.model.Matcher;
import dev.vigil.server.storage.Appender;
import dev.vigil.server.storage.ExemplarQueryable.SeriesExemplars;
import dev.vigil.server.tsdb.wal.Wal;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Exemplars through the WAL: logged with their commit, back after a restart, torn tails. */
class TsdbExemplarTest {
  private static final Wal.Options OPTIONS = new Wal.Options(1 << 20, null);
  private static final Labels A = Labels.of("__name__", "req_total", "code", "200");
  private static final Labels B = Labels.of("__name__", "req_total", "code", "500");
  private static final List<Matcher[]> ALL =
      List.<Matcher[]>of(new Matcher[] {Matcher.equal("__name__", "req_total")});

  @TempDir
  Path dir;

  private static List<SeriesExemplars> all(Tsdb t) {
    return t.head().exemplars().selectExemplars(Long.MIN_VALUE, Long.MAX_VALUE, ALL);
  }

  /** Commit {@code i}: a sample and an exemplar for A and B; even commits repeat A's last one. */
  private static void commit(Tsdb t, int i) {
    Appender a = t.appender();
    long ra = a.append(0, A, i * 1000L, i);
    long rb = a.append(0, B, i * 1000L, i);
    a.appendExemplar(ra, A, Labels.of("trace_id", "a" + i), i * 1000L - 1, i + 0.5, true);
    a.appendExemplar(rb, B, Labels.of("trace_id", "b" + i, "span_id", "s"), i * 1000L - 2, -i,
        true);
    if (i > 0 && i % 2 == 0) {
      // The previous scrape's exemplar again (a duplicate) and an older one (out of order).
      a.appendExemplar(ra, A, Labels.of("trace_id", "a" + i), i * 1000L - 1, i + 0.5, true);
      a.appendExemplar(ra, A, Labels.of("trace_id", "old"), 0, 1, true);
    }
    a.commit();
  }

  @Test
  void exemplarsComeBackAfterARestartWithoutDuplicatesInTheLog() throws IOException {
    List<SeriesExemplars> before;
    try (Tsdb t = Tsdb.open(dir, OPTIONS, Duration.ofDays(1), 100)) {
      assertThat(t.appender().takesExemplars()).isTrue();
      for (int i = 1; i <= 4; i++) {
        commit(t, i);
      }
      before = all(t);
      assertThat(t.head().exemplars().outOfOrder()).isEqualTo(2);
    }
    assertThat(before).hasSize(2);
    assertThat(before.get(0).exemplars()).hasSize(4);
    assertThat(before.get(1).exemplars().get(0).labels())
        .isEqualTo(Labels.of("trace_id", "b1", "span_id", "s"));
    try (Tsdb t = Tsdb.open(dir, OPTIONS, Duration.ofDays(1), 100)) {
      assertThat(all(t)).isEqualTo(before);
      // Only the 8 accepted ones were logged: duplicates and out of order ones never were.
      assertThat(t.replayStats().exemplars()).isEqualTo(8);
      commit(t, 5); // and the order carries on from the replayed ones
      assertThat(all(t).get(0).exemplars()).hasSize(5);
    }
    try (Tsdb t = Tsdb.open(dir, OPTIONS, Duration.ofDays(1), 3)) {
      assertThat(t.head().exemplars().size()).isEqualTo(3);
      assertThat(all(t).get(0).exemplars().get(0).timestampMillis()).isEqualTo(4999);
    }
    try (Tsdb t = Tsdb.open(dir, OPTIONS, Duration.ofDays(1), 0)) {
      assertThat(all(t)).isEmpty();
      assertThat(t.appender().takesExemplars()).isFalse();
    }
  }

  @Test
  void withoutExemplarStorageNothingIsLogged() throws IOException {
    try (Tsdb t = Tsdb.open(dir, OPTIONS, Duration.ofDays(1), 0)) {
      commit(t, 1);
    }
    try (Tsdb t = Tsdb.open(dir, OPTIONS, Duration.ofDays(1), 100)) {
      assertThat(t.replayStats().exemplars()).isZero();
      assertThat(t.replayStats().samples()).isEqualTo(2);
    }
  }

  @Test
  void aTornCommitReplaysItsExemplarsWholeOrNotAtAll() throws IOException {
    Path full = dir.resolve("full");
    List<SeriesExemplars> before;
    List<SeriesExemplars> after;
    Path segment;
    long start;
    long end;
    try (Tsdb t = Tsdb.open(full, OPTIONS, Duration.ofDays(1), 100)) {
      commit(t, 1);
      before = all(t);
      segment = full.resolve("wal").resolve(String.format("%08d", t.wal().currentSegment()));
      start = Files.size(segment);
      commit(t, 2);
      after = all(t);
      end = Files.size(segment);
    }
    byte[] bytes = Files.readAllBytes(segment);
    int whole = 0;
    for (long cut = start; cut <= end; cut++) {
      Path copy = dir.resolve("cut-" + cut);
      Files.createDirectories(copy.resolve("wal"));
      Files.write(copy.resolve("wal").resolve(segment.getFileName()),
          Arrays.copyOf(bytes, (int) cut));
      try (Tsdb t = Tsdb.open(copy, OPTIONS, Duration.ofDays(1), 100)) {
        List<SeriesExemplars> got = all(t);
        if (got.equals(after)) {
          whole++;
        } else {
          assertThat(got).as("cut at byte %d of [%d, %d]", cut, start, end).isEqualTo(before);
        }
        assertThat(t.replayStats().corruptions()).isLessThanOrEqualTo(1);
      }
    }
    assertThat(whole).as("only the complete EXEMPLARS record brings them back").isEqualTo(1);
  }
}
