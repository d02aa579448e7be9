package dev.vigil.server.tsdb;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.server.model.Labels;
import dev.vigil.server.model.Matcher;
import dev.vigil.server.model.StaleNaN;
import dev.vigil.server.storage.Appender;
import dev.vigil.server.storage.Querier;
import dev.vigil.server.storage.SampleIterator;
import dev.vigil.server.storage.SeriesSet;
import dev.vigil.server.storage.StorageContractTest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TsdbTest extends StorageContractTest<Tsdb> {
  @TempDir
  Path dir;

  private final List<Tsdb> opened = new ArrayList<>();

  @Override
  protected Tsdb create() {
    try {
      Path d = Files.createTempDirectory(dir, "db");
      Tsdb t = Tsdb.open(d);
      opened.add(t);
      return t;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  protected long rejectedSamples(Tsdb t) {
    return t.head().outOfOrderSamples() + t.head().duplicateSamples();
  }

  @AfterEach
  void closeAll() throws IOException {
    for (Tsdb t : opened) {
      t.close();
    }
  }

  private static List<String> read(Tsdb t) {
    List<String> out = new ArrayList<>();
    try (Querier q = t.querier(Long.MIN_VALUE, Long.MAX_VALUE)) {
      SeriesSet set = q.select(true, Matcher.regex("__name__", ".+"));
      while (set.next()) {
        SampleIterator it = set.iterator();
        while (it.next()) {
          out.add(set.labels() + " " + it.atT() + " "
              + (StaleNaN.is(it.atV()) ? "stale" : Double.toString(it.atV())));
        }
      }
    }
    return out;
  }

  @Test
  void committedSamplesSurviveARestartAndRollbacksDoNot() throws IOException {
    Path d = dir.resolve("restart");
    List<String> before;
    long ref;
    try (Tsdb t = Tsdb.open(d)) {
      Appender a = t.appender();
      ref = a.append(0, Labels.of("__name__", "up", "job", "a"), 1000, 1);
      a.append(0, Labels.of("__name__", "up", "job", "b"), 1000, 0);
      a.commit();
      Appender b = t.appender();
      b.append(ref, Labels.of("__name__", "up", "job", "a"), 2000, StaleNaN.VALUE);
      b.commit();
      Appender c = t.appender();
      c.append(0, Labels.of("__name__", "lost", "job", "a"), 3000, 5);
      c.rollback();
      before = read(t);
    }
    assertThat(before).containsExactly("up{job=\"a\"} 1000 1.0", "up{job=\"a\"} 2000 stale",
        "up{job=\"b\"} 1000 0.0");
    try (Tsdb t = Tsdb.open(d)) {
      assertThat(read(t)).isEqualTo(before);
      assertThat(t.replayStats().corruptions()).isZero();
      // Ids stay stable, and new series after a restart do not collide with old ones.
      Appender a = t.appender();
      assertThat(a.append(0, Labels.of("__name__", "up", "job", "a"), 4000, 1)).isEqualTo(ref);
      long fresh = a.append(0, Labels.of("__name__", "new"), 4000, 1);
      a.commit();
      assertThat(fresh).isGreaterThan(2);
    }
    try (Tsdb t = Tsdb.open(d)) {
      assertThat(read(t)).hasSize(5);
    }
  }

  @Test
  void anUncleanStopLosesNoCommittedSample() throws IOException {
    Path d = dir.resolve("crash");
    Tsdb t = Tsdb.open(d);
    for (int i = 0; i < 300; i++) {
      Appender a = t.appender();
      a.append(0, Labels.of("__name__", "m", "i", Integer.toString(i % 7)), i * 1000L, i);
      a.commit();
    }
    // No close: the process "dies" here; a new instance replays what was written.
    try (Tsdb again = Tsdb.open(d)) {
      assertThat(read(again)).hasSize(300);
      assertThat(again.head().seriesCount()).isEqualTo(7);
    }
    t.close();
  }
}
