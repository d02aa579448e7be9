package dev.vigil.server.tsdb.chunkenc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.server.storage.SampleIterator;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ChunkArenaTest {
  @Test
  void slotsAreDistinctZeroedAndBigEnough() {
    ChunkArena arena = new ChunkArena();
    List<Long> handles = new ArrayList<>();
    for (int i = 0; i < 10_000; i++) {
      long h = arena.allocate(33);
      assertThat(ChunkArena.capacity(h)).isEqualTo(40);
      byte[] page = arena.page(h);
      int off = ChunkArena.offset(h);
      for (int b = 0; b < 40; b++) {
        assertThat(page[off + b]).isZero();
        page[off + b] = (byte) i;
      }
      handles.add(h);
    }
    assertThat(handles).doesNotHaveDuplicates();
    for (int i = 0; i < handles.size(); i++) {
      long h = handles.get(i);
      assertThat(arena.page(h)[ChunkArena.offset(h) + 39]).isEqualTo((byte) i);
    }
    assertThat(arena.usedBytes()).isEqualTo(400_000);
  }

  @Test
  void freedSlotsAreReusedZeroedAndEmptyPagesLetGo() {
    ChunkArena arena = new ChunkArena();
    List<Long> handles = new ArrayList<>();
    for (int i = 0; i < 20_000; i++) {
      long h = arena.allocate(64);
      arena.page(h)[ChunkArena.offset(h)] = 1;
      handles.add(h);
    }
    long reserved = arena.reservedBytes();
    assertThat(reserved).isGreaterThanOrEqualTo(20_000L * 64);
    handles.forEach(arena::free);
    assertThat(arena.usedBytes()).isZero();
    // Only the page slots were last taken from stays.
    // The page slots were last taken from stays, and full-size pages wait for reuse.
    assertThat(arena.reservedBytes() - arena.spareBytes())
        .isPositive().isLessThanOrEqualTo(ChunkArena.PAGE_BYTES);
    assertThat(arena.spareBytes()).isPositive()
        .isLessThanOrEqualTo((long) ChunkArena.MAX_SPARE_PAGES * ChunkArena.PAGE_BYTES);
    for (int i = 0; i < 20_000; i++) {
      long h = arena.allocate(64);
      assertThat(arena.page(h)[ChunkArena.offset(h)]).isZero();
    }
    assertThat(arena.reservedBytes()).isBetween(20_000L * 64, reserved + ChunkArena.PAGE_BYTES);
  }

  @Test
  void pagesOfAnEmptiedClassServeTheNextOneWithoutNewArrays() {
    ChunkArena arena = new ChunkArena();
    List<Long> small = new ArrayList<>();
    for (int i = 0; i < 50_000; i++) {
      small.add(arena.allocate(32));
    }
    long reserved = arena.reservedBytes();
    long made = arena.fullPagesMade();
    // Every chunk moves up a class, as a scrape makes them all grow.
    List<Long> bigger = new ArrayList<>();
    for (long h : small) {
      bigger.add(arena.allocate(40));
      arena.free(h);
    }
    assertThat(arena.spareBytes()).isLessThanOrEqualTo(
        (long) ChunkArena.MAX_SPARE_PAGES * ChunkArena.PAGE_BYTES);
    // Pages moved over instead of being dropped and made again: 2 MB of 40-byte slots took
    // a few new pages, not the 16 a class of its own needs.
    assertThat(arena.fullPagesMade() - made).isLessThanOrEqualTo(4);
    assertThat(arena.reservedBytes()).isLessThan(reserved * 3 / 2 + 2L * ChunkArena.PAGE_BYTES);
    for (long h : bigger) {
      byte[] page = arena.page(h);
      for (int b = 0; b < 40; b++) {
        assertThat(page[ChunkArena.offset(h) + b]).isZero();
      }
    }
  }

  /** Small slots grow by half, large ones a class at a time; both read back exact. */
  @Test
  void smallChunksMoveByHalfAndLargeOnesByOneClass() {
    ChunkArena arena = new ChunkArena();
    XorChunk c = new XorChunk(arena, 32);
    List<Integer> capacities = new ArrayList<>(List.of(c.capacity()));
    Random r = new Random(3);
    double[] vs = new double[250];
    for (int k = 0; k < vs.length; k++) {
      vs[k] = r.nextDouble(); // incompressible: about 9 bytes a sample
      c.append(k * 15_000L, vs[k]);
      if (c.capacity() != capacities.get(capacities.size() - 1)) {
        capacities.add(c.capacity());
      }
    }
    // 32 -> 48 -> 80 -> 128 -> 192 -> 320 by half, then one class a step.
    assertThat(capacities).startsWith(32, 48, 80, 128, 192, 320);
    for (int i = capacities.indexOf(320); i + 1 < capacities.size(); i++) {
      int next = capacities.get(i + 1);
      assertThat(next).isLessThanOrEqualTo(capacities.get(i) * 5 / 4);
    }
    assertThat(c.inArena()).isTrue();
    SampleIterator it = c.iterator();
    for (int k = 0; k < vs.length; k++) {
      assertThat(it.next()).isTrue();
      assertThat(it.atV()).isEqualTo(vs[k]);
    }
    c.release();
    assertThat(arena.usedBytes()).isZero();
  }

  @Test
  void doubleFreeIsRefused() {
    ChunkArena arena = new ChunkArena();
    long h = arena.allocate(100);
    arena.free(h);
    assertThatThrownBy(() -> arena.free(h)).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("not in use");
  }

  @Test
  void tooLargeIsNone() {
    assertThat(new ChunkArena().allocate(ChunkArena.maxSlotBytes() + 1)).isEqualTo(ChunkArena.NONE);
  }

  /** Many chunks growing at once through the classes and past the largest slot read back exact. */
  @Test
  void chunksInTheArenaRoundTripWhileOthersGrowAndGoAway() {
    ChunkArena arena = new ChunkArena();
    Random r = new Random(7);
    int n = 300;
    XorChunk[] chunks = new XorChunk[n];
    long[][] ts = new long[n][600];
    double[][] vs = new double[n][600];
    for (int i = 0; i < n; i++) {
      chunks[i] = new XorChunk(arena, 32);
    }
    for (int k = 0; k < 600; k++) {
      for (int i = 0; i < n; i++) {
        if (chunks[i] == null) {
          continue;
        }
        ts[i][k] = k * 15_000L + r.nextInt(100);
        // Some series compress well, some not at all, so chunks cross classes at different times.
        vs[i][k] = i % 3 == 0 ? r.nextDouble() : k;
        chunks[i].append(ts[i][k], vs[i][k]);
      }
      if (k == 300) {
        // Half the chunks go away; their slots are reused by the rest as they grow.
        for (int i = 0; i < n; i += 2) {
          chunks[i].release();
          chunks[i] = null;
        }
      }
    }
    for (int i = 1; i < n; i += 2) {
      SampleIterator it = chunks[i].iterator();
      for (int k = 0; k < 600; k++) {
        assertThat(it.next()).isTrue();
        assertThat(it.atT()).isEqualTo(ts[i][k]);
        assertThat(it.atV()).isEqualTo(vs[i][k]);
      }
      assertThat(it.next()).isFalse();
      byte[] copy = chunks[i].copyBytes();
      assertThat(copy).hasSize(chunks[i].length());
      assertThat(XorChunk.wrap(copy, 0, copy.length).numSamples()).isEqualTo(600);
    }
    for (int i = 1; i < n; i += 2) {
      chunks[i].release();
    }
    assertThat(arena.usedBytes()).isZero();
  }
}
