package dev.vigil.server.tsdb;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.server.model.Labels;
import dev.vigil.server.model.Matcher;
import dev.vigil.server.storage.Appender;
import dev.vigil.server.storage.Querier;
import dev.vigil.server.storage.SeriesSet;
import dev.vigil.server.tsdb.wal.Wal;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Label names and values from the head, blocks and both merged, with and without matchers. */
class TsdbLabelsTest {
  private static final long HOUR = 3_600_000L;

  @TempDir
  Path dir;

  /**
   * 200 series of "wide" {i, mod} (so wide selections read postings, narrow ones series), an
   * "old" series only in the first hours (so only in blocks) and a "late" one only in the head.
   */
  private Tsdb fill() throws Exception {
    Tsdb t = Tsdb.open(dir, Wal.Options.defaults(), Duration.ofHours(1));
    for (long m = 0; m < 4 * 60; m += 5) {
      Appender a = t.appender();
      for (int i = 0; i < 200; i++) {
        a.append(0, Labels.of("__name__", "wide", "i", Integer.toString(i),
            "mod", Integer.toString(i % 7)), m * 60_000, i);
      }
      if (m < 60) {
        a.append(0, Labels.of("__name__", "old", "era", "early"), m * 60_000, 1);
      }
      if (m > 200) {
        a.append(0, Labels.of("__name__", "late", "zone", "z1"), m * 60_000, 1);
      }
      a.commit();
      t.cutBlockIfDue();
    }
    assertThat(t.blocks()).isNotEmpty();
    return t;
  }

  @Test
  void namesAndValuesWithoutMatchersSpanBlocksAndHead() throws Exception {
    try (Tsdb t = fill(); Querier q = t.querier(0, 4 * HOUR)) {
      assertThat(q.labelNames()).containsExactly("__name__", "era", "i", "mod", "zone");
      assertThat(q.labelValues("__name__")).containsExactly("late", "old", "wide");
      assertThat(q.labelValues("mod")).containsExactly("0", "1", "2", "3", "4", "5", "6");
      assertThat(q.labelValues("missing")).isEmpty();
    }
  }

  @Test
  void partsOutsideTheRangeAreNotAsked() throws Exception {
    try (Tsdb t = fill()) {
      try (Querier q = t.querier(0, HOUR / 2)) {
        assertThat(q.labelValues("__name__")).containsExactly("old", "wide");
      }
      try (Querier q = t.querier(4 * HOUR + 1, 5 * HOUR)) {
        assertThat(q.labelNames()).isEmpty();
      }
    }
  }

  @Test
  void matchersAgreeWithTheSeriesTheySelect() throws Exception {
    List<Matcher[]> cases = List.of(
        new Matcher[] {Matcher.equal("__name__", "old")},
        new Matcher[] {Matcher.equal("__name__", "late")},
        new Matcher[] {Matcher.equal("i", "17")},
        new Matcher[] {Matcher.regex("i", "1.")},
        new Matcher[] {Matcher.equal("__name__", "wide"), Matcher.equal("mod", "3")},
        new Matcher[] {Matcher.regex("__name__", ".+")},
        new Matcher[] {Matcher.of(Matcher.Type.NOT_EQUAL, "__name__", "wide")},
        new Matcher[] {Matcher.equal("i", "")},
        new Matcher[] {Matcher.equal("__name__", "nothing")});
    try (Tsdb t = fill(); Querier q = t.querier(0, 4 * HOUR)) {
      for (Matcher[] ms : cases) {
        TreeSet<String> names = new TreeSet<>();
        TreeSet<String> mods = new TreeSet<>();
        TreeSet<String> metrics = new TreeSet<>();
        SeriesSet set = q.select(false, ms);
        while (set.next()) {
          Labels l = set.labels();
          for (int i = 0; i < l.size(); i++) {
            names.add(l.name(i));
          }
          if (l.get("mod") != null) {
            mods.add(l.get("mod"));
          }
          metrics.add(l.get("__name__"));
        }
        String what = List.of(ms).toString();
        assertThat(q.labelNames(ms)).as(what).containsExactlyElementsOf(names);
        assertThat(q.labelValues("mod", ms)).as(what).containsExactlyElementsOf(mods);
        assertThat(q.labelValues("__name__", ms)).as(what).containsExactlyElementsOf(metrics);
      }
    }
  }

  @Test
  void headAloneAnswersAfterDeletion() throws Exception {
    try (Tsdb t = Tsdb.open(dir)) {
      Appender a = t.appender();
      a.append(0, Labels.of("__name__", "a", "job", "x"), 1000, 1);
      a.append(0, Labels.of("__name__", "b", "job", "y"), 1000, 1);
      a.commit();
      t.delete(0, 2000, Matcher.equal("job", "y"));
      try (Querier q = t.querier(0, 2000)) {
        // As Prometheus: deletions hide samples, not the index entries.
        assertThat(q.labelValues("job")).containsExactly("x", "y");
        assertThat(q.labelValues("job", Matcher.equal("__name__", "a"))).containsExactly("x");
        assertThat(q.labelNames(Matcher.equal("job", "y"))).containsExactly("__name__", "job");
      }
    }
  }

  @Test
  void unionOfSortedLists() {
    assertThat(MergedQuerier.union(new ArrayList<>(List.of("a", "c", "e")), List.of("b", "c", "f")))
        .containsExactly("a", "b", "c", "e", "f");
    assertThat(MergedQuerier.union(List.of(), List.of("x"))).containsExactly("x");
  }
}
