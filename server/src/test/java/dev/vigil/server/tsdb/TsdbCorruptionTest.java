package dev.vigil.server.tsdb;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.server.model.Labels;
import dev.vigil.server.model.Matcher;
import dev.vigil.server.storage.Appender;
import dev.vigil.server.storage.Querier;
import dev.vigil.server.storage.SampleIterator;
import dev.vigil.server.storage.SeriesSet;
import dev.vigil.server.tsdb.wal.Wal;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Damage to the WAL, as a crash of the machine mid-write or a bad disk leaves it: the database
 * still opens, says what it dropped, keeps every commit before the damage (and, when the damage is
 * in an older segment, every commit in later ones), and later commits go on cleanly.
 */
class TsdbCorruptionTest {
  private static final int BATCHES = 120;
  private static final int SERIES = 5;
  /** Small segments, so the commits span several and the damaged one is not the only one. */
  private static final Wal.Options OPTIONS = new Wal.Options(2 << 10, null);

  @TempDir
  Path dir;

  /** Per batch: the segment it went to, and where in it it starts and ends. */
  private final int[] segment = new int[BATCHES];
  private final long[] start = new long[BATCHES];
  private final long[] end = new long[BATCHES];

  private static Tsdb open(Path d) throws IOException {
    return Tsdb.open(d, OPTIONS, Duration.ofDays(1));
  }

  /** Batch i: one sample in each of the shared series, and one in a series of its own. */
  private static void commit(Tsdb t, int i) {
    Appender a = t.appender();
    for (int s = 0; s < SERIES; s++) {
      a.append(0, Labels.of("__name__", "c", "s", Integer.toString(s)), i * 1000L, i * 10 + s);
    }
    a.append(0, Labels.of("__name__", "c", "s", "own-" + i), i * 1000L, -i);
    a.commit();
  }

  private static List<String> expected(int batches) {
    return expected(batches, -1, -1);
  }

  /** Batches {@code [0, batches)} except those in {@code [lostFrom, lostTo]}. */
  private static List<String> expected(int batches, int lostFrom, int lostTo) {
    List<String> out = new ArrayList<>();
    for (int i = 0; i < batches; i++) {
      if (i >= lostFrom && i <= lostTo) {
        continue;
      }
      for (int s = 0; s < SERIES; s++) {
        out.add("c{s=\"" + s + "\"} " + i * 1000L + " " + (double) (i * 10 + s));
      }
      out.add("c{s=\"own-" + i + "\"} " + i * 1000L + " " + (double) -i);
    }
    out.sort(null);
    return out;
  }

  private static List<String> read(Tsdb t) {
    List<String> out = new ArrayList<>();
    try (Querier q = t.querier(Long.MIN_VALUE, Long.MAX_VALUE)) {
      SeriesSet set = q.select(false, Matcher.equal("__name__", "c"));
      while (set.next()) {
        SampleIterator it = set.iterator();
        while (it.next()) {
          out.add(set.labels() + " " + it.atT() + " " + it.atV());
        }
      }
    }
    out.sort(null);
    return out;
  }

  private Path segmentFile(int n) {
    return dir.resolve("wal").resolve(String.format("%08d", n));
  }

  @BeforeEach
  void fill() throws IOException {
    try (Tsdb t = open(dir)) {
      for (int i = 0; i < BATCHES; i++) {
        commit(t, i);
        // One commit is one write to the current segment: its size now is where the batch ends.
        segment[i] = t.wal().currentSegment();
        end[i] = Files.size(segmentFile(segment[i]));
        start[i] = i > 0 && segment[i - 1] == segment[i] ? end[i - 1] : 0;
      }
    }
    assertThat(segment[BATCHES - 1]).as("segments written").isGreaterThan(segment[0] + 2);
  }

  @Test
  void aFlippedBitInAnOlderSegmentLosesTheRestOfThatSegmentOnly() throws IOException {
    // A middle segment: damage there cannot be a torn write, so replay skips the rest of that
    // file, keeps it for inspection, and reads the later segments.
    int seg = (segment[0] + segment[BATCHES - 1]) / 2;
    int first = 0;
    while (segment[first] != seg) {
      first++;
    }
    int last = first;
    while (segment[last + 1] == seg) {
      last++;
    }
    int m = (first + last) / 2;
    Path file = segmentFile(seg);
    long size = Files.size(file);
    try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
      f.seek(end[m] - 3);
      int b = f.read();
      f.seek(end[m] - 3);
      f.write(b ^ 0x01);
    }
    try (Tsdb t = open(dir)) {
      assertThat(t.replayStats().corruptions()).isEqualTo(1);
      assertThat(t.replayStats().truncatedBytes()).isZero();
      assertThat(t.replayStats().skippedBytes()).isBetween(size - end[m], size - start[m]);
      assertThat(Files.size(file)).as("kept for inspection").isEqualTo(size);
      assertThat(t.replayStats().warnings()).singleElement().asString().contains(file.toString());
      assertThat(read(t)).isEqualTo(expected(BATCHES, m, last));
    }
  }

  /** A batch in the middle of the last segment, so commits before it there must survive. */
  private int victim() {
    int last = segment[BATCHES - 1];
    int first = BATCHES - 1;
    while (first > 0 && segment[first - 1] == last) {
      first--;
    }
    assertThat(BATCHES - first).as("batches in the last segment").isGreaterThan(3);
    return (first + BATCHES) / 2;
  }

  @Test
  void aTruncatedTailDropsOnlyTheTornCommitAndWhatFollows() throws IOException {
    int m = victim();
    Path file = segmentFile(segment[m]);
    long cut = (start[m] + end[m]) / 2;
    try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
      f.setLength(cut);
    }
    checkRecovery(m, file, cut);
  }

  @Test
  void aFlippedBitInTheTailDropsThatCommitAndWhatFollows() throws IOException {
    int m = victim();
    Path file = segmentFile(segment[m]);
    long at = end[m] - 3; // inside the batch's samples record, not in a frame header
    try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
      f.seek(at);
      int b = f.read();
      f.seek(at);
      f.write(b ^ 0x10);
    }
    checkRecovery(m, file, at);
  }

  /**
   * Batches before {@code m} are all there, no sample of {@code m} or later, and the segment is
   * cut at a record boundary before {@code damage} (the batch's series record, ahead of its
   * samples, may survive); new commits then go on cleanly.
   */
  private void checkRecovery(int m, Path file, long damage) throws IOException {
    long sizeBefore = Files.size(file);
    String log;
    PrintStream err = System.err;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    Tsdb t;
    // slf4j-simple writes to whatever System.err is at the time of each message.
    System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
    try {
      t = open(dir);
    } finally {
      System.setErr(err);
      log = captured.toString(StandardCharsets.UTF_8);
      err.print(log);
    }
    try (t) {
      long kept = Files.size(file);
      assertThat(kept).as("the damaged tail is cut off").isBetween(start[m], damage - 1);
      assertThat(t.replayStats().corruptions()).isEqualTo(1);
      assertThat(t.replayStats().truncatedBytes()).isEqualTo(sizeBefore - kept);
      assertThat(t.replayStats().warnings()).singleElement().asString()
          .contains(file.toString()).contains("offset " + kept);
      assertThat(log).contains("WARN").contains(file + ": ").contains("offset " + kept);
      assertThat(read(t)).isEqualTo(expected(m));
      commit(t, m);
    }
    try (Tsdb t2 = open(dir)) {
      assertThat(t2.replayStats().corruptions()).isZero();
      assertThat(read(t2)).isEqualTo(expected(m + 1));
    }
  }
}
