package dev.vigil.server.scrape;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.server.model.Labels;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class SeriesCacheTest {
  private static byte[] line(int i) {
    return ("m{i=\"" + i + "\"} 1").getBytes(StandardCharsets.UTF_8);
  }

  /** The series text of {@link #line}, as the parser would delimit it. */
  private static int end(byte[] line) {
    return line.length - 2;
  }

  private static int find(SeriesCache c, int i) {
    byte[] b = line(i);
    return c.find(b, 0, end(b));
  }

  private static void add(SeriesCache c, int i) {
    byte[] b = line(i);
    assertThat(c.find(b, 0, end(b))).isEqualTo(-1);
    c.add(b, 0, end(b), i + 1, i % 10 == 0 ? null : Labels.of("i", Integer.toString(i)));
  }

  @Test
  void findsWhatWasAddedThroughGrowthAndByTextOnly() {
    SeriesCache c = new SeriesCache();
    for (int i = 0; i < 20_000; i++) {
      add(c, i);
    }
    assertThat(c.size()).isEqualTo(20_000);
    for (int i = 0; i < 20_000; i++) {
      int e = find(c, i);
      assertThat(e).isNotNegative();
      assertThat(c.ref(e)).isEqualTo(i + 1);
      assertThat(c.labels(e)).isEqualTo(i % 10 == 0 ? null : Labels.of("i", Integer.toString(i)));
    }
    // The same text at another offset of another buffer is the same key; a prefix is not.
    byte[] shifted = ("xx" + new String(line(7), StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8);
    assertThat(c.find(shifted, 2, 2 + end(line(7)))).isEqualTo(find(c, 7));
    assertThat(c.find(shifted, 2, 1 + end(line(7)))).isEqualTo(-1);
  }

  @Test
  void forgetsWhatWasNotSeenForKeepScrapesAndShrinks() {
    SeriesCache c = new SeriesCache();
    for (int i = 0; i < 10_000; i++) {
      add(c, i);
    }
    c.endScrape();
    // Series 10 and up are missing from scrape 1 on: forgotten at the end of scrape KEEP_SCRAPES.
    for (int s = 1; s <= SeriesCache.KEEP_SCRAPES; s++) {
      for (int i = 0; i < 10; i++) {
        assertThat(find(c, i)).isNotNegative();
      }
      c.endScrape();
      assertThat(c.size()).isEqualTo(s < SeriesCache.KEEP_SCRAPES ? 10_000 : 10);
    }
    for (int i = 0; i < 10_000; i++) {
      int e = find(c, i);
      assertThat(e >= 0).as("series %d", i).isEqualTo(i < 10);
      if (e >= 0) {
        assertThat(c.ref(e)).isEqualTo(i + 1);
      }
    }
    // Entries that moved during compaction keep their data; new ones go in after them.
    add(c, 50_000);
    assertThat(c.ref(find(c, 50_000))).isEqualTo(50_001);
    assertThat(c.size()).isEqualTo(11);
  }
}
