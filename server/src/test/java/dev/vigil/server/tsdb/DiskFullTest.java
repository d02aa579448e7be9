package dev.vigil.server.tsdb;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.server.model.Labels;
import dev.vigil.server.model.Matcher;
import dev.vigil.server.storage.Appender;
import dev.vigil.server.storage.Querier;
import dev.vigil.server.storage.SampleIterator;
import dev.vigil.server.storage.SeriesSet;
import dev.vigil.server.testing.Tmpfs;
import dev.vigil.server.tsdb.wal.Wal;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A disk that really fills up (a 2 MiB tmpfs): commits fail with a clear error and are counted,
 * queries keep answering with everything acknowledged, and appends succeed again, without a
 * restart, once space returns; after a restart the WAL holds exactly the acknowledged samples.
 */
@Timeout(60)
class DiskFullTest {
  private static final int SERIES = 50;
  @TempDir Path tmp;

  @Test
  void ingestionStopsCleanlyAndResumesWhenSpaceReturns() throws Exception {
    try (Tmpfs fs = Tmpfs.mount(tmp, "2m")) {
      Path data = fs.dir().resolve("data");
      Wal.Options small = new Wal.Options(64 * 1024, Duration.ofSeconds(1));
      TreeSet<Long> acked = new TreeSet<>();
      Path ballast = fs.dir().resolve("ballast");
      try (Tsdb db = Tsdb.open(data, small, Duration.ofHours(2))) {
        fill(ballast, 1024 * 1024 + 512 * 1024);
        long t = 1_000;
        int failures = 0;
        String error = null;
        while (failures < 20) {
          try {
            commit(db, t);
            acked.add(t);
          } catch (UncheckedIOException e) {
            failures++;
            error = e.getMessage() + ": " + e.getCause().getMessage();
          }
          t += 1_000;
        }
        assertThat(acked).as("some commits fit before the disk filled").isNotEmpty();
        assertThat(error).contains("write-ahead log failed").contains("No space left");
        assertThat(db.wal().metrics().writesFailed()).isGreaterThanOrEqualTo(20);
        assertThat(read(db)).as("queries answer from what is stored").isEqualTo(expected(acked));

        Files.delete(ballast);
        for (int i = 0; i < 50; i++, t += 1_000) {
          commit(db, t);
          acked.add(t);
        }
        assertThat(read(db)).isEqualTo(expected(acked));
      }
      try (Tsdb reopened = Tsdb.open(data, small, Duration.ofHours(2))) {
        assertThat(reopened.replayStats().corruptions()).isZero();
        assertThat(read(reopened)).as("after a restart: every acknowledged sample, once")
            .isEqualTo(expected(acked));
      }
    }
  }

  private static void commit(Tsdb db, long t) {
    Appender a = db.appender();
    for (int s = 0; s < SERIES; s++) {
      a.append(0, Labels.of("__name__", "m", "series", "s" + s, "pad", "x".repeat(40)), t, t / 7.0);
    }
    a.commit();
  }

  private static void fill(Path ballast, int bytes) throws IOException {
    try (OutputStream out = Files.newOutputStream(ballast)) {
      out.write(new byte[bytes]);
    }
  }

  private static List<String> expected(TreeSet<Long> acked) {
    List<String> out = new ArrayList<>();
    for (int s = 0; s < SERIES; s++) {
      for (long t : acked) {
        out.add("s" + s + "@" + t + "=" + (t / 7.0));
      }
    }
    out.sort(null);
    return out;
  }

  private static List<String> read(Tsdb db) {
    List<String> out = new ArrayList<>();
    try (Querier q = db.querier(Long.MIN_VALUE, Long.MAX_VALUE)) {
      SeriesSet set = q.select(true, Matcher.equal("__name__", "m"));
      while (set.next()) {
        String name = set.labels().get("series");
        SampleIterator it = set.iterator();
        while (it.next()) {
          out.add(name + "@" + it.atT() + "=" + it.atV());
        }
      }
    }
    out.sort(null);
    return out;
  }
}
