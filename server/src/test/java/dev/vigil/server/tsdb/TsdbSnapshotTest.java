package dev.vigil.server.tsdb;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.server.model.Labels;
import dev.vigil.server.model.Matcher;
import dev.vigil.server.storage.Appender;
import dev.vigil.server.storage.Querier;
import dev.vigil.server.storage.SampleIterator;
import dev.vigil.server.storage.SeriesSet;
import dev.vigil.server.tsdb.wal.Wal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Snapshots: linked blocks plus the head as a block, readable as a database of their own. */
class TsdbSnapshotTest {
  private static final long HOUR = 3_600_000L;

  @TempDir
  Path dir;

  private static Tsdb open(Path d) throws Exception {
    return Tsdb.open(d, Wal.Options.defaults(), Duration.ofHours(1));
  }

  private static List<String> read(Tsdb t) {
    List<String> out = new ArrayList<>();
    try (Querier q = t.querier(Long.MIN_VALUE, Long.MAX_VALUE)) {
      SeriesSet set = q.select(true, Matcher.regex("__name__", ".+"));
      while (set.next()) {
        SampleIterator it = set.iterator();
        while (it.next()) {
          out.add(set.labels() + " " + it.atT() + " " + it.atV());
        }
      }
    }
    return out;
  }

  /** Four hours of two series, a sample a minute; blocks get cut as it goes. */
  private static void fill(Tsdb t) throws Exception {
    for (long m = 0; m < 4 * 60; m++) {
      Appender a = t.appender();
      for (int s = 0; s < 2; s++) {
        a.append(0, Labels.of("__name__", "m", "s", Integer.toString(s)), m * 60_000, m);
      }
      a.commit();
      t.cutBlockIfDue();
    }
  }

  @Test
  void snapshotWithHeadHoldsEverythingTheDatabaseShows() throws Exception {
    Path snap = dir.resolve("snap");
    List<String> expected;
    int blocks;
    try (Tsdb t = open(dir.resolve("db"))) {
      fill(t);
      // Deletions in a block (tombstones file) and in the head both stay deleted.
      t.delete(10 * 60_000, 20 * 60_000, Matcher.equal("s", "0"));
      t.delete(4 * HOUR - 5 * 60_000, 4 * HOUR, Matcher.equal("s", "1"));
      blocks = t.blocks().size();
      assertThat(blocks).isGreaterThanOrEqualTo(2);
      expected = read(t);
      t.snapshot(snap, true);
      // Blocks are linked, not copied: the same file under two names.
      Path index = t.blocks().get(0).dir().resolve("index");
      assertThat(Files.isSameFile(index,
          snap.resolve(t.blocks().get(0).dir().getFileName()).resolve("index"))).isTrue();
    }
    try (Opened s = new Opened(snap)) {
      assertThat(s.tsdb.blocks()).hasSize(blocks + 1);
      assertThat(read(s.tsdb)).isEqualTo(expected);
    }
  }

  @Test
  void snapshotWithoutHeadHasOnlyTheBlocks() throws Exception {
    Path snap = dir.resolve("snap");
    long lastBlockEnd;
    try (Tsdb t = open(dir.resolve("db"))) {
      fill(t);
      lastBlockEnd = t.blocks().get(t.blocks().size() - 1).meta().maxTime();
      t.snapshot(snap, false);
    }
    try (Opened s = new Opened(snap)) {
      List<String> got = read(s.tsdb);
      assertThat(got).isNotEmpty();
      assertThat(got).allSatisfy(line ->
          assertThat(Long.parseLong(line.split(" ")[1])).isLessThan(lastBlockEnd));
    }
  }

  /** The snapshot opened as a database (it gets a WAL directory of its own). */
  private static final class Opened implements AutoCloseable {
    final Tsdb tsdb;

    Opened(Path d) throws Exception {
      tsdb = open(d);
    }

    @Override
    public void close() throws Exception {
      tsdb.close();
    }
  }
}
