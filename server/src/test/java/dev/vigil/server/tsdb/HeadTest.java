package dev.vigil.server.tsdb;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.server.model.Labels;
import dev.vigil.server.storage.Appender;
import dev.vigil.server.storage.StorageContractTest;
import org.junit.jupiter.api.Test;

class HeadTest extends StorageContractTest<Head> {
  @Override
  protected Head create() {
    return new Head();
  }

  @Override
  protected long rejectedSamples(Head head) {
    return head.outOfOrderSamples() + head.duplicateSamples();
  }

  @Test
  void seriesGetStableIdsInternedLabelsAndCompressedChunks() {
    Head h = new Head();
    Appender a = h.appender();
    long ref = a.append(0, Labels.of("__name__", "up", "job", new String("node")), 1000, 1);
    assertThat(a.append(0, Labels.of("__name__", "up", "job", "node"), 2000, 1)).isEqualTo(ref);
    long other = a.append(0, Labels.of("__name__", "up", "job", new String("node"), "i", "b"),
        1000, 1);
    a.commit();
    assertThat(h.seriesCount()).isEqualTo(2);
    MemSeries s1 = h.getOrCreate(Labels.of("__name__", "up", "job", "node"));
    MemSeries s2 = h.getOrCreate(Labels.of("__name__", "up", "job", "node", "i", "b"));
    assertThat(s1.id).isEqualTo(ref);
    assertThat(s2.id).isEqualTo(other);
    assertThat(s1.labels.get("job")).isSameAs(s2.labels.get("job"));
    assertThat(h.appendedSamples()).isEqualTo(3);
    assertThat(h.chunkCount()).isEqualTo(2);
    Appender more = h.appender();
    for (int i = 0; i < 240; i++) {
      more.append(ref, null, 3000 + i * 1000L, i);
    }
    more.commit();
    assertThat(h.chunkCount()).isEqualTo(h.stats().chunkCount()).isEqualTo(4);
  }

  @Test
  void batchesReuseTheirArraysWithoutCarryingSamplesOver() {
    Head h = new Head();
    Appender big = h.appender(4);
    for (int i = 0; i < 100; i++) { // grows the pooled arrays past the hint
      big.append(0, Labels.of("__name__", "m", "i", Integer.toString(i)), 1000, i);
    }
    big.rollback();
    big.commit(); // after rollback: nothing, and nothing handed back twice
    Appender a = h.appender(4);
    a.append(0, Labels.of("__name__", "m", "i", "1"), 2000, 1);
    a.commit();
    Appender b = h.appender(4);
    b.append(0, Labels.of("__name__", "m", "i", "2"), 2000, 2);
    b.commit();
    assertThat(h.appendedSamples()).isEqualTo(2);
    assertThat(h.seriesCount()).isEqualTo(100); // the rolled-back batch made its series only
  }
}
