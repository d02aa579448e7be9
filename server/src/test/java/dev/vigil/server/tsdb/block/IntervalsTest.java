package dev.vigil.server.tsdb.block;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.server.storage.SampleIterator;
import dev.vigil.server.tsdb.chunkenc.Chunk;
import dev.vigil.server.tsdb.chunkenc.XorChunk;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class IntervalsTest {
  private static Intervals of(long... pairs) {
    Intervals iv = Intervals.EMPTY;
    for (int i = 0; i < pairs.length; i += 2) {
      iv = iv.add(pairs[i], pairs[i + 1]);
    }
    return iv;
  }

  @Test
  void addKeepsIntervalsSortedAndMergesThoseThatOverlapOrTouch() {
    record Case(long[] added, String expected) {}
    List<Case> cases = List.of(
        new Case(new long[] {5, 9}, "[[5, 9]]"),
        new Case(new long[] {20, 30, 1, 2}, "[[1, 2], [20, 30]]"),
        new Case(new long[] {1, 5, 6, 9}, "[[1, 9]]"), // touching: 5 and 6 are neighbours
        new Case(new long[] {1, 5, 7, 9}, "[[1, 5], [7, 9]]"),
        new Case(new long[] {1, 3, 10, 12, 20, 22, 2, 11}, "[[1, 12], [20, 22]]"),
        new Case(new long[] {10, 20, 12, 15}, "[[10, 20]]"),
        new Case(new long[] {10, 20, 0, 100}, "[[0, 100]]"),
        new Case(new long[] {Long.MIN_VALUE, 0, 1, Long.MAX_VALUE},
            "[[" + Long.MIN_VALUE + ", " + Long.MAX_VALUE + "]]"));
    for (Case c : cases) {
      assertThat(of(c.added()).toString()).as(java.util.Arrays.toString(c.added()))
          .isEqualTo(c.expected());
    }
    assertThatThrownBy(() -> Intervals.of(5, 4)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void containsOverlapsCoversAndFrom() {
    Intervals iv = of(10, 20, 30, 40);
    assertThat(iv.contains(9)).isFalse();
    assertThat(iv.contains(10)).isTrue();
    assertThat(iv.contains(25)).isFalse();
    assertThat(iv.contains(40)).isTrue();
    assertThat(iv.overlaps(21, 29)).isFalse();
    assertThat(iv.overlaps(0, 10)).isTrue();
    assertThat(iv.covers(12, 18)).isTrue();
    assertThat(iv.covers(15, 35)).isFalse();
    assertThat(iv.from(21).toString()).isEqualTo("[[30, 40]]");
    assertThat(iv.from(20)).isEqualTo(iv);
    assertThat(iv.from(41).isEmpty()).isTrue();
  }

  /** Against a plain model: random samples and deletions, next() and seek() both. */
  @Test
  void filterSkipsExactlyTheDeletedSamples() {
    Random r = new Random(3);
    for (int round = 0; round < 200; round++) {
      XorChunk c = new XorChunk();
      long t = r.nextInt(10);
      int n = 1 + r.nextInt(200);
      for (int i = 0; i < n; i++) {
        c.append(t, i);
        t += 1 + r.nextInt(5);
      }
      Intervals del = Intervals.EMPTY;
      for (int i = r.nextInt(6); i > 0; i--) {
        long a = r.nextInt((int) t + 10);
        del = del.add(a, a + r.nextInt(40));
      }
      List<Long> expected = new ArrayList<>();
      SampleIterator all = c.iterator();
      while (all.next()) {
        if (!del.contains(all.atT())) {
          expected.add(all.atT());
        }
      }
      List<Long> got = new ArrayList<>();
      SampleIterator it = del.filter(c.iterator());
      while (it.next()) {
        got.add(it.atT());
      }
      assertThat(got).as("deleted %s", del).isEqualTo(expected);

      long target = r.nextInt((int) t + 5);
      SampleIterator s = del.filter(c.iterator());
      Long want = expected.stream().filter(x -> x >= target).findFirst().orElse(null);
      assertThat(s.seek(target)).isEqualTo(want != null);
      if (want != null) {
        assertThat(s.atT()).isEqualTo(want);
      }

      List<Long> applied = new ArrayList<>();
      for (Chunk ch : del.apply(List.of(c))) {
        SampleIterator a = ch.iterator();
        while (a.next()) {
          applied.add(a.atT());
        }
      }
      assertThat(applied).isEqualTo(expected);
    }
  }

  @Test
  void applyKeepsUntouchedChunksAndDropsWhollyDeletedOnes() {
    XorChunk a = chunk(0, 10);
    XorChunk b = chunk(20, 30);
    XorChunk c = chunk(40, 50);
    List<Chunk> out = of(20, 30, 45, 45).apply(List.of(a, b, c));
    assertThat(out).hasSize(2);
    assertThat(out.get(0)).isSameAs(a);
    assertThat(out.get(1).numSamples()).isEqualTo(c.numSamples() - 1);
  }

  private static XorChunk chunk(long from, long to) {
    XorChunk c = new XorChunk();
    for (long t = from; t <= to; t++) {
      c.append(t, t);
    }
    return c;
  }
}
