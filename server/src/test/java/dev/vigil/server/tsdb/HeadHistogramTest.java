package dev.vigil.server.tsdb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.server.model.FloatHistogram;
import dev.vigil.server.model.Labels;
import dev.vigil.server.model.Matcher;
import dev.vigil.server.storage.Appender;
import dev.vigil.server.storage.Querier;
import dev.vigil.server.storage.SampleIterator;
import dev.vigil.server.storage.SeriesSet;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Native histogram samples in the head: stored in order with floats, and never lost silently. */
class HeadHistogramTest {
  private static final Labels H = Labels.of("__name__", "h");

  private static FloatHistogram hist(double count) {
    return new FloatHistogram(FloatHistogram.UNKNOWN, 0, 0, 0, count, count, new int[] {0},
        new double[] {count}, null, null, null);
  }

  @Test
  void floatsAndHistogramsOfOneSeriesReadBackInOrder() {
    Head head = new Head();
    Appender a = head.appender();
    long ref = a.append(0, H, 0, 1);
    a.append(ref, H, 1000, 2);
    a.appendHistogram(ref, H, 2000, hist(1));
    a.append(ref, H, 3000, 3);
    a.appendHistogram(ref, H, 4000, hist(3));
    a.appendHistogram(ref, H, 5000, hist(2));
    a.append(0, Labels.of("__name__", "f"), 0, 7);
    a.commit();
    assertThat(read(head, "h", Long.MIN_VALUE)).containsExactly("0=1.0", "1000=2.0",
        "2000=" + hist(1).withHint(FloatHistogram.UNKNOWN), "3000=3.0",
        "4000=" + hist(3).withHint(FloatHistogram.UNKNOWN),
        // Stored with the hint a chunk reader would give: a drop in count is a reset.
        "5000=" + hist(2).withHint(FloatHistogram.COUNTER_RESET));
    assertThat(read(head, "h", 2500)).startsWith("3000=3.0");
    assertThat(read(head, "f", Long.MIN_VALUE)).containsExactly("0=7.0");
  }

  @Test
  void aLaterHistogramAfterAnotherIsNotAReset() {
    Head head = new Head();
    Appender a = head.appender();
    a.appendHistogram(0, H, 0, hist(1));
    a.appendHistogram(0, H, 1000, hist(2));
    a.appendHistogram(0, H, 1000, hist(2)); // the same sample again is fine
    a.appendHistogram(0, H, 500, hist(2)); // out of order
    a.commit();
    assertThat(head.outOfOrderSamples()).isEqualTo(1);
    assertThat(head.duplicateSamples()).isZero();
    assertThat(read(head, "h", Long.MIN_VALUE)).containsExactly("0=" + hist(1),
        "1000=" + hist(2).withHint(FloatHistogram.NOT_COUNTER_RESET));
  }

  @Test
  void aDurableHeadRefusesHistogramsInsteadOfLosingThem(@TempDir Path dir) throws Exception {
    try (Tsdb db = Tsdb.open(dir)) {
      Appender a = db.appender();
      assertThatThrownBy(() -> a.appendHistogram(0, H, 0, hist(1)))
          .isInstanceOf(UnsupportedOperationException.class)
          .hasMessageContaining("write-ahead log");
      a.rollback();
    }
  }

  private static List<String> read(Head head, String name, long from) {
    List<String> out = new ArrayList<>();
    try (Querier q = head.querier(Long.MIN_VALUE, Long.MAX_VALUE)) {
      SeriesSet set = q.select(true, Matcher.equal("__name__", name));
      while (set.next()) {
        SampleIterator it = set.iterator();
        boolean more = from == Long.MIN_VALUE ? it.next() : it.seek(from);
        for (; more; more = it.next()) {
          FloatHistogram h = it.mayHaveHistograms() ? it.atHistogram() : null;
          out.add(it.atT() + "=" + (h != null ? h.toString() : Double.toString(it.atV())));
        }
      }
    }
    return out;
  }
}
