package dev.vigil.server.tsdb;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class BatchBuffersTest {
  @Test
  void takesTheSmallestSetThatFitsElseTheLargest() {
    BatchBuffers.Pool pool = new BatchBuffers.Pool(4);
    BatchBuffers small = new BatchBuffers(16);
    BatchBuffers mid = new BatchBuffers(1000);
    BatchBuffers large = new BatchBuffers(5000);
    pool.give(large);
    pool.give(small);
    pool.give(mid);
    assertThat(pool.take(500)).isSameAs(mid);
    assertThat(pool.take(10_000)).isSameAs(large); // none fits: the one that grows least
    assertThat(pool.take(1)).isSameAs(small);
    assertThat(pool.idle()).isZero();
    assertThat(pool.take(7).capacity()).isEqualTo(7);
  }

  @Test
  void keepsNeitherTooManyNorHugeSets() {
    BatchBuffers.Pool pool = new BatchBuffers.Pool(2);
    pool.give(new BatchBuffers(8));
    pool.give(new BatchBuffers(8));
    pool.give(new BatchBuffers(8));
    assertThat(pool.idle()).isEqualTo(2);
    BatchBuffers.Pool other = new BatchBuffers.Pool(2);
    other.give(new BatchBuffers(BatchBuffers.Pool.MAX_KEPT_CAPACITY + 1));
    assertThat(other.idle()).isZero();
  }

  @Test
  void growKeepsTheEntries() {
    BatchBuffers b = new BatchBuffers(2);
    b.ts[0] = 5;
    b.vs[1] = 2.5;
    b.grow(2);
    assertThat(b.capacity()).isEqualTo(4);
    assertThat(b.ts[0]).isEqualTo(5);
    assertThat(b.vs[1]).isEqualTo(2.5);
  }
}
