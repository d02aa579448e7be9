package dev.vigil.server.tsdb.block;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.server.storage.SampleIterator;
import dev.vigil.server.tsdb.chunkenc.XorChunk;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class MergingIteratorTest {
  /** Random overlapping parts against a sorted map where the first part's value wins. */
  @Test
  void mergesOverlappingPartsByTimeAndKeepsTheFirstPartsSampleOnTies() {
    Random r = new Random(11);
    for (int round = 0; round < 300; round++) {
      int parts = 1 + r.nextInt(4);
      List<XorChunk> chunks = new ArrayList<>();
      TreeMap<Long, Double> model = new TreeMap<>();
      for (int p = 0; p < parts; p++) {
        XorChunk c = new XorChunk();
        long t = r.nextInt(50);
        for (int i = r.nextInt(60); i > 0; i--) {
          c.append(t, p * 1000 + i);
          model.putIfAbsent(t, (double) (p * 1000 + i));
          t += 1 + r.nextInt(6);
        }
        chunks.add(c);
      }
      List<Long> got = new ArrayList<>();
      SampleIterator it = merged(chunks);
      while (it.next()) {
        got.add(it.atT());
        assertThat(it.atV()).isEqualTo(model.get(it.atT()));
      }
      assertThat(got).containsExactlyElementsOf(model.keySet());

      // seek, then next, then a seek backwards (a no-op), then a seek forwards.
      long a = r.nextInt(200);
      SampleIterator s = merged(chunks);
      Long want = model.ceilingKey(a);
      assertThat(s.seek(a)).isEqualTo(want != null);
      if (want == null) {
        assertThat(s.next()).isFalse();
        continue;
      }
      assertThat(s.atT()).isEqualTo(want);
      Long after = model.higherKey(want);
      assertThat(s.next()).isEqualTo(after != null);
      if (after != null) {
        assertThat(s.atT()).isEqualTo(after);
        assertThat(s.seek(a)).isTrue();
        assertThat(s.atT()).isEqualTo(after);
        long b = after + r.nextInt(20);
        Long wantB = model.ceilingKey(b);
        assertThat(s.seek(b)).isEqualTo(wantB != null);
        if (wantB != null) {
          assertThat(s.atT()).isEqualTo(wantB);
          assertThat(s.atV()).isEqualTo(model.get(wantB));
        }
      }
    }
  }

  private static SampleIterator merged(List<XorChunk> chunks) {
    List<SampleIterator> its = new ArrayList<>();
    for (XorChunk c : chunks) {
      its.add(c.iterator());
    }
    return new MergingIterator(its);
  }
}
