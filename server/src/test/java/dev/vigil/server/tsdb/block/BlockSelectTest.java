package dev.vigil.server.tsdb.block;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.server.model.Labels;
import dev.vigil.server.model.Matcher;
import dev.vigil.server.storage.SeriesSet;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BlockSelectTest {
  @TempDir
  Path dir;
  BlockTestData data;
  BlockReader reader;

  @BeforeEach
  void write() throws Exception {
    data = new BlockTestData(5, 400);
    BlockMeta meta = BlockWriter.write(dir, BlockTestData.MINT, BlockTestData.MAXT, data.source);
    reader = BlockReader.open(dir.resolve(meta.id()));
  }

  private List<Labels> select(Matcher... ms) {
    List<Labels> out = new ArrayList<>();
    SeriesSet set = reader.querier(BlockTestData.MINT, BlockTestData.MAXT).select(true, ms);
    while (set.next()) {
      out.add(set.labels());
    }
    return out;
  }

  private List<Labels> scan(Matcher... ms) {
    List<Labels> out = new ArrayList<>();
    for (Labels l : data.expected.keySet()) {
      boolean all = true;
      for (Matcher m : ms) {
        all &= m.matches(l);
      }
      if (all) {
        out.add(l);
      }
    }
    return out;
  }

  @Test
  void tableOfMatchersAgreesWithAScan() {
    Matcher[][] cases = {
        {},
        {Matcher.equal("__name__", "m1")},
        {Matcher.equal("__name__", "m1"), Matcher.equal("job", "job2")},
        {Matcher.equal("zone", "")},                               // series without zone
        {Matcher.of(Matcher.Type.NOT_EQUAL, "zone", "")},          // series with any zone
        {Matcher.regex("zone", "us-.*")},
        {Matcher.regex("zone", "eu|")},                            // eu, or no zone
        {Matcher.of(Matcher.Type.NOT_REGEX, "zone", "us-.*")},     // includes series without zone
        {Matcher.regex("absent", ".*")},                           // every series
        {Matcher.regex("absent", ".+")},                           // none
        {Matcher.equal("absent", "x")},
        {Matcher.of(Matcher.Type.NOT_EQUAL, "job", "job0"), Matcher.regex("instance", "i1.*")},
        {Matcher.equal("__name__", "nope")},
    };
    for (Matcher[] ms : cases) {
      assertThat(select(ms)).as(List.of(ms).toString()).isEqualTo(scan(ms));
    }
  }

  @Test
  void randomMatchersAgreeWithAScan() {
    Random r = new Random(9);
    String[] names = {"__name__", "job", "instance", "zone", "absent"};
    String[] values = {"", "m2", "job1", "i7", "eu", "us-1", "x", ".*", "m.", "i1.*|i2", ".+"};
    for (int i = 0; i < 300; i++) {
      Matcher[] ms = new Matcher[1 + r.nextInt(3)];
      for (int j = 0; j < ms.length; j++) {
        Matcher.Type type = Matcher.Type.values()[r.nextInt(4)];
        ms[j] = Matcher.of(type, names[r.nextInt(names.length)], values[r.nextInt(values.length)]);
      }
      assertThat(select(ms)).as(List.of(ms).toString()).isEqualTo(scan(ms));
    }
  }

  @Test
  void labelNamesAndValuesComeFromTheIndex() {
    TreeSet<String> names = new TreeSet<>();
    TreeSet<String> zones = new TreeSet<>();
    for (Labels l : data.expected.keySet()) {
      for (int i = 0; i < l.size(); i++) {
        names.add(l.name(i));
      }
      if (l.get("zone") != null) {
        zones.add(l.get("zone"));
      }
    }
    assertThat(reader.labelNames()).containsExactlyElementsOf(names);
    assertThat(reader.labelValues("zone")).containsExactlyElementsOf(zones);
    assertThat(reader.labelValues("absent")).isEmpty();
  }

  @Test
  void closedReaderRefusesQueries() {
    reader.close();
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> reader.querier(0, 1))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
  }
}
