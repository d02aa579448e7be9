package dev.vigil.server.tsdb;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.server.model.Labels;
import dev.vigil.server.model.Matcher;
import dev.vigil.server.storage.Appender;
import dev.vigil.server.storage.Querier;
import dev.vigil.server.storage.Queryable;
import dev.vigil.server.storage.SampleIterator;
import dev.vigil.server.storage.SeriesSet;
import dev.vigil.server.tsdb.block.BlockMeta;
import dev.vigil.server.tsdb.block.BlockReader;
import dev.vigil.server.tsdb.block.BlockWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The head written as a block reads back exactly the head's samples in the block's range. */
class HeadToBlockTest {
  @TempDir
  Path dir;

  private static List<String> read(Queryable q, long mint, long maxt) {
    List<String> out = new ArrayList<>();
    try (Querier querier = q.querier(mint, maxt)) {
      SeriesSet set = querier.select(true, Matcher.regex("__name__", ".+"));
      while (set.next()) {
        SampleIterator it = set.iterator();
        while (it.next()) {
          out.add(set.labels() + " " + it.atT() + " " + Double.doubleToRawLongBits(it.atV()));
        }
      }
    }
    return out;
  }

  @Test
  void blockHoldsTheHeadsSamplesInItsRangeIncludingSplitChunks() throws Exception {
    Head head = new Head();
    for (int batch = 0; batch < 50; batch++) {
      Appender a = head.appender();
      for (int s = 0; s < 5; s++) {
        for (int k = 0; k < 10; k++) {
          long t = (batch * 10L + k) * 15_000L;
          if (s == 4 && t > 3_000_000) {
            continue; // a series that stops early
          }
          a.append(0, Labels.of("__name__", "m", "s", Integer.toString(s)), t, t * 0.5 + s);
        }
      }
      a.commit();
    }
    // A range that starts and ends inside chunks, so edge chunks are re-encoded.
    long mint = 1_000_000;
    long maxt = 6_000_000;
    BlockMeta meta = BlockWriter.write(dir, mint, maxt, head.blockSource(mint, maxt));
    assertThat(meta.stats().numSeries()).isEqualTo(5);
    try (BlockReader block = BlockReader.open(dir.resolve(meta.id()))) {
      List<String> fromBlock = read(block, mint, maxt - 1);
      assertThat(fromBlock).isEqualTo(read(head, mint, maxt - 1)).isNotEmpty();
      assertThat(meta.stats().numSamples()).isEqualTo(fromBlock.size());
    }
  }
}
