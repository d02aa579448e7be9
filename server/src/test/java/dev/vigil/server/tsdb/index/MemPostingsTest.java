package dev.vigil.server.tsdb.index;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.server.model.Labels;
import dev.vigil.server.model.Matcher;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class MemPostingsTest {
  private static final Labels[] SERIES = {
    Labels.of("__name__", "up", "job", "node", "instance", "a"),
    Labels.of("__name__", "up", "job", "node", "instance", "b"),
    Labels.of("__name__", "up", "job", "api"),
    Labels.of("__name__", "http_requests_total", "job", "api", "code", "500"),
  };

  private static MemPostings index() {
    MemPostings p = new MemPostings();
    for (int i = 0; i < SERIES.length; i++) {
      p.add(i, SERIES[i]);
    }
    return p;
  }

  private static int[] ids(MemPostings p, Matcher... ms) {
    return p.select(ms).toArray();
  }

  @Test
  void matchersSelectAsPromqlDoes() {
    MemPostings p = index();
    assertThat(ids(p, Matcher.equal("__name__", "up"))).containsExactly(0, 1, 2);
    assertThat(ids(p, Matcher.equal("__name__", "up"), Matcher.equal("job", "node")))
        .containsExactly(0, 1);
    assertThat(ids(p, Matcher.of(Matcher.Type.NOT_EQUAL, "job", "node"))).containsExactly(2, 3);
    assertThat(ids(p, Matcher.regex("instance", "a|b"))).containsExactly(0, 1);
    assertThat(ids(p, Matcher.of(Matcher.Type.NOT_REGEX, "instance", "a"))).containsExactly(1, 2, 3);
    // An absent label has the empty value.
    assertThat(ids(p, Matcher.equal("instance", ""))).containsExactly(2, 3);
    assertThat(ids(p, Matcher.regex("code", ".*"))).containsExactly(0, 1, 2, 3);
    assertThat(ids(p, Matcher.regex("code", ".+"))).containsExactly(3);
    assertThat(ids(p, Matcher.equal("nope", "x"))).isEmpty();
  }

  @Test
  void deleteForgetsSeriesAndEmptyValues() {
    MemPostings p = index();
    p.delete(3, SERIES[3]);
    assertThat(p.labelNames()).doesNotContain("code");
    assertThat(p.labelValues("__name__")).containsExactly("up");
    assertThat(ids(p, Matcher.equal("job", "api"))).containsExactly(2);
    List<String> pairs = new ArrayList<>();
    p.forEachPair((name, value, series) -> pairs.add(name + "=" + value + ":" + series));
    assertThat(pairs).contains("job=node:2", "job=api:1");
  }

  /** Against a plain scan of every series, for random label sets and matchers. */
  @Property(tries = 200)
  void agreesWithAScan(@ForAll @IntRange(min = 1, max = 200) int n, @ForAll long seed) {
    Random r = new Random(seed);
    List<Labels> series = new ArrayList<>();
    MemPostings p = new MemPostings();
    for (int i = 0; i < n; i++) {
      Labels.Builder b = new Labels.Builder().set("__name__", "m" + r.nextInt(3));
      if (r.nextBoolean()) {
        b.set("a", "v" + r.nextInt(4));
      }
      if (r.nextInt(3) == 0) {
        b.set("b", "w" + r.nextInt(2));
      }
      series.add(b.build());
      p.add(i, series.get(i));
    }
    Matcher[] ms = {
      Matcher.of(Matcher.Type.values()[r.nextInt(4)], "a", r.nextBoolean() ? "v1" : "v[12]|"),
      Matcher.of(Matcher.Type.values()[r.nextInt(4)], "b", r.nextBoolean() ? "" : "w0"),
    };
    List<Integer> expected = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      if (ms[0].matches(series.get(i)) && ms[1].matches(series.get(i))) {
        expected.add(i);
      }
    }
    assertThat(p.select(ms).toArray()).containsExactly(
        expected.stream().mapToInt(Integer::intValue).toArray());
  }
}
