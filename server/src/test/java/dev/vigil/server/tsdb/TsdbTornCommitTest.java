package dev.vigil.server.tsdb;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.server.model.Labels;
import dev.vigil.server.model.Matcher;
import dev.vigil.server.storage.Appender;
import dev.vigil.server.storage.Querier;
import dev.vigil.server.storage.SampleIterator;
import dev.vigil.server.storage.SeriesSet;
import dev.vigil.server.tsdb.wal.Wal;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A commit torn at any byte, as a kill in the middle of its write leaves it, replays to all of
 * its samples or none. (A commit's samples are one WAL record unless they pass 1 MiB; the WAL
 * then splits them into several records, and a tear between those would keep a part.)
 */
class TsdbTornCommitTest {
  private static final Wal.Options OPTIONS = new Wal.Options(1 << 20, null);

  @TempDir
  Path dir;

  /** Commit {@code i}: five shared series and, from the second commit on, two new ones. */
  private static void commit(Tsdb t, int i) {
    Appender a = t.appender();
    for (int s = 0; s < 5; s++) {
      a.append(0, Labels.of("__name__", "m", "s", Integer.toString(s)), i * 1000L, i + s);
    }
    if (i > 0) {
      a.append(0, Labels.of("__name__", "m", "s", "new-" + i), i * 1000L, -i);
      a.append(0, Labels.of("__name__", "m", "s", "new-" + i + "b"), i * 1000L, -i);
    }
    a.commit();
  }

  private static List<String> read(Tsdb t) {
    List<String> out = new ArrayList<>();
    try (Querier q = t.querier(Long.MIN_VALUE, Long.MAX_VALUE)) {
      SeriesSet set = q.select(true, Matcher.equal("__name__", "m"));
      while (set.next()) {
        SampleIterator it = set.iterator();
        while (it.next()) {
          out.add(set.labels() + " " + it.atT() + " " + it.atV());
        }
      }
    }
    return out;
  }

  @Test
  void everyPrefixOfACommitReplaysToAllOrNothingOfIt() throws IOException {
    Path full = dir.resolve("full");
    List<String> before;
    List<String> after;
    Path segment;
    long start;
    long end;
    try (Tsdb t = Tsdb.open(full, OPTIONS, Duration.ofDays(1))) {
      commit(t, 0);
      before = read(t);
      segment = full.resolve("wal").resolve(String.format("%08d", t.wal().currentSegment()));
      start = Files.size(segment);
      commit(t, 1);
      after = read(t);
      end = Files.size(segment);
    }
    assertThat(after).hasSize(before.size() * 2 + 2);
    byte[] bytes = Files.readAllBytes(segment);
    int whole = 0;
    for (long cut = start; cut <= end; cut++) {
      Path copy = dir.resolve("cut-" + cut);
      Files.createDirectories(copy.resolve("wal"));
      Files.write(copy.resolve("wal").resolve(segment.getFileName()),
          Arrays.copyOf(bytes, (int) cut));
      try (Tsdb t = Tsdb.open(copy, OPTIONS, Duration.ofDays(1))) {
        List<String> got = read(t);
        if (got.equals(after)) {
          whole++;
        } else {
          assertThat(got).as("cut at byte %d of [%d, %d]", cut, start, end).isEqualTo(before);
        }
        assertThat(t.replayStats().corruptions()).isLessThanOrEqualTo(1);
      }
    }
    assertThat(whole).as("only the whole commit replays it").isEqualTo(1);
  }
}
