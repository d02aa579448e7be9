package dev.vigil.server.tsdb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.vigil.server.model.Labels;
import dev.vigil.server.model.Matcher;
import dev.vigil.server.storage.Querier;
import dev.vigil.server.storage.SampleIterator;
import dev.vigil.server.storage.SeriesSet;
import dev.vigil.server.tsdb.wal.ReplayStats;
import dev.vigil.server.tsdb.wal.Wal;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * SIGKILL of a JVM that writes to a {@link Tsdb} from several threads while blocks are cut and
 * the WAL is checkpointed, several times on the same directory: after each kill the database
 * must hold exactly the acknowledged commits, plus at most the one commit per writer that was
 * in flight, whole or not at all. Set {@code -Dcrash.seed=N} to repeat a run's kill times.
 */
@Timeout(120)
class TsdbCrashTest {
  private static final int WRITERS = 3;
  private static final int ROUNDS = 5;
  /**
   * Sample time per block, in batches of a writer: chosen so both policies cut a block every
   * 0.1 to 0.5 s here; fsync per commit makes commits several times slower.
   */
  private static long blockRange(String policy) {
    return (policy.equals("commit") ? 40 : 100) * CrashWorkload.STEP;
  }

  @TempDir
  Path tmp;

  @ParameterizedTest(name = "fsync {0}")
  @ValueSource(strings = {"commit", "default"})
  void everyAcknowledgedCommitSurvivesRepeatedKills(String policy) throws Exception {
    long seed = Long.getLong("crash.seed", System.nanoTime());
    Random random = new Random(seed);
    Path db = tmp.resolve("db");
    long[] next = new long[WRITERS];
    Arrays.fill(next, 1);
    int inFlightKept = 0;
    int inFlightLost = 0;
    for (int round = 0; round < ROUNDS; round++) {
      Path acks = Files.createDirectories(tmp.resolve("acks-" + round));
      Path stderr = tmp.resolve("child-" + round + ".err");
      Process child = start(db, policy, blockRange(policy), acks, next, stderr);
      // One round in four dies early: while the JVM starts, the database opens (replay, block
      // listing, a new WAL segment) or the first commits are written.
      boolean early = random.nextInt(4) == 0;
      try {
        if (early) {
          Thread.sleep(150 + random.nextInt(750));
        } else {
          // Let every writer commit at least once, then kill at a random moment.
          long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
          while (minAcked(acks, next) < 1 && child.isAlive() && System.nanoTime() < deadline) {
            Thread.sleep(5);
          }
          Thread.sleep(100 + random.nextInt(1500));
        }
        if (!child.isAlive()) {
          fail("the child stopped by itself in round " + round + " (exit " + child.exitValue()
              + ", seed " + seed + "):\n" + Files.readString(stderr));
        }
        if (!early) {
          assertThat(minAcked(acks, next)).as("commits per writer before the kill (seed %d)",
              seed).isPositive();
        }
      } finally {
        child.destroyForcibly(); // SIGKILL: no shutdown hooks, nothing closed
        child.waitFor(20, TimeUnit.SECONDS);
      }

      long[] acked = new long[WRITERS];
      for (int w = 0; w < WRITERS; w++) {
        acked[w] = lastAcked(acks.resolve("writer-" + w), next[w] - 1);
      }
      try (Tsdb t = Tsdb.open(db, Wal.Options.defaults(), Duration.ofMillis(blockRange(policy)))) {
        ReplayStats stats = t.replayStats();
        // A kill mid-write can tear the last record; nothing else may be damaged.
        assertThat(stats.corruptions()).as("%s (seed %d)", stats, seed).isLessThanOrEqualTo(1);
        assertThat(stats.skippedBytes()).isZero();
        assertThat(t.unknownRefSamples()).isZero();
        long[] present = verify(t, seed);
        for (int w = 0; w < WRITERS; w++) {
          assertThat(present[w]).as("last batch of writer %d in the database, %d acknowledged "
              + "(seed %d)", w, acked[w], seed).isBetween(acked[w], acked[w] + 1);
          if (present[w] > acked[w]) {
            inFlightKept++;
          } else {
            inFlightLost++;
          }
          next[w] = present[w] + 1;
        }
        System.out.printf("fsync %s round %d%s: acknowledged %s, present %s, %d block(s), %s%n",
            policy, round, early ? " (early kill)" : "", Arrays.toString(acked),
            Arrays.toString(present), t.blocks().size(), stats);
      }
    }
    try (Tsdb t = Tsdb.open(db, Wal.Options.defaults(), Duration.ofMillis(blockRange(policy)))) {
      assertThat(t.blocks()).as("blocks were cut during the runs").isNotEmpty();
      assertThat(t.replayStats().checkpoint()).as("the WAL was checkpointed").isPositive();
    }
    System.out.printf("fsync %s: seed %d, in-flight commits found whole %d, absent %d%n",
        policy, seed, inFlightKept, inFlightLost);
  }

  private static Process start(Path db, String policy, long blockRange, Path acks, long[] next,
      Path stderr) throws IOException {
    String java = ProcessHandle.current().info().command()
        .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    List<String> cmd = new ArrayList<>(List.of(java, "-Xshare:auto", "-XX:TieredStopAtLevel=1",
        "-Xmx256m", "-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path"),
        TsdbCrashChildMain.class.getName(), db.toString(), policy, Long.toString(blockRange),
        acks.toString()));
    for (long n : next) {
      cmd.add(Long.toString(n));
    }
    return new ProcessBuilder(cmd)
        .redirectOutput(ProcessBuilder.Redirect.DISCARD)
        .redirectError(stderr.toFile())
        .start();
  }

  /** The fewest commits any writer acknowledged in this round. */
  private static long minAcked(Path acks, long[] next) throws IOException {
    long min = Long.MAX_VALUE;
    for (int w = 0; w < WRITERS; w++) {
      min = Math.min(min, lastAcked(acks.resolve("writer-" + w), next[w] - 1) - (next[w] - 1));
    }
    return min;
  }

  /** The last complete line of an acknowledgement file; a torn last line does not count. */
  private static long lastAcked(Path file, long none) throws IOException {
    if (!Files.exists(file)) {
      return none;
    }
    String s = new String(Files.readAllBytes(file), StandardCharsets.US_ASCII);
    int end = s.lastIndexOf('\n');
    if (end < 0) {
      return none;
    }
    int begin = s.lastIndexOf('\n', end - 1) + 1;
    return Long.parseLong(s.substring(begin, end));
  }

  /**
   * Reads every sample back through the query path and checks it against the workload: each
   * series holds consecutive batches from its first, with the right times and values, ending at
   * its last batch or at the writer's newest batch. Returns each writer's newest batch.
   */
  private static long[] verify(Tsdb t, long seed) {
    long[] newest = new long[WRITERS];
    Map<Long, Long> lastOfSeries = new HashMap<>();
    try (Querier q = t.querier(Long.MIN_VALUE, Long.MAX_VALUE)) {
      SeriesSet set = q.select(true, Matcher.equal("__name__", "crash"));
      while (set.next()) {
        Labels l = set.labels();
        int w = Integer.parseInt(l.get("writer"));
        int j = Integer.parseInt(l.get("series"));
        long k = CrashWorkload.firstBatch(j) - 1;
        SampleIterator it = set.iterator();
        while (it.next()) {
          k++;
          if (it.atT() != CrashWorkload.time(k) || it.atV() != CrashWorkload.value(w, j, k)) {
            fail("%s: expected batch %d (t=%d v=%s), found t=%d v=%s (seed %d)", l, k,
                CrashWorkload.time(k), CrashWorkload.value(w, j, k), it.atT(), it.atV(), seed);
          }
        }
        if (k < CrashWorkload.firstBatch(j)) {
          continue; // a series whose samples were all in the lost in-flight commit
        }
        assertThat(k).as("%s ends after its last batch", l).isLessThanOrEqualTo(
            CrashWorkload.lastBatch(j));
        Long dup = lastOfSeries.put((long) w << 32 | j, k);
        assertThat(dup).as("%s returned twice", l).isNull();
        newest[w] = Math.max(newest[w], k);
      }
    }
    // Every series each writer's newest batch implies must be there, up to that batch.
    for (int w = 0; w < WRITERS; w++) {
      int seriesEnd = CrashWorkload.firstActive(newest[w]) + CrashWorkload.ACTIVE;
      for (int j = 0; j < seriesEnd && newest[w] > 0; j++) {
        long expectedLast = Math.min(newest[w], CrashWorkload.lastBatch(j));
        assertThat(lastOfSeries.get((long) w << 32 | j))
            .as("last batch of writer %d series %d (seed %d)", w, j, seed)
            .isEqualTo(expectedLast);
      }
    }
    return newest;
  }
}
