package dev.vigil.server.tsdb;

import dev.vigil.server.model.Labels;
import dev.vigil.server.storage.Appendable;
import dev.vigil.server.storage.Appender;
import dev.vigil.server.storage.Querier;
import dev.vigil.server.storage.Queryable;
import dev.vigil.server.tsdb.wal.ReplayStats;
import dev.vigil.server.tsdb.wal.Wal;
import dev.vigil.server.tsdb.wal.WalBatch;
import dev.vigil.server.tsdb.wal.WalReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The storage engine the server uses: a {@link Head} whose commits go to the write-ahead log
 * first, replayed into memory on open. Blocks, compaction and retention build on this.
 */
public final class Tsdb implements Appendable, Queryable, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Tsdb.class);

  private final Head head;
  private final Wal wal;
  private final ReplayStats replay;
  private final AtomicLong unknownRefSamples = new AtomicLong();
  /** One WAL batch per commit, built under the lock so a series record precedes its samples. */
  private final WalBatch batch = new WalBatch();

  private Tsdb(Path dir, Wal.Options options) throws IOException {
    Path walDir = dir.resolve("wal");
    Files.createDirectories(walDir);
    head = new Head(this::logCommit);
    long start = System.nanoTime();
    replay = WalReader.replay(walDir, new WalReader.Handler() {
      @Override
      public void onSeries(long ref, Labels labels) {
        head.restore((int) ref, labels);
      }

      @Override
      public void onSample(long ref, long t, double v) {
        MemSeries s = head.byId((int) ref);
        if (s == null) {
          unknownRefSamples.incrementAndGet();
        } else {
          s.append(t, v);
        }
      }
    });
    LOG.info("WAL replay completed in {} ms: {} series, {} samples{}",
        (System.nanoTime() - start) / 1_000_000, head.seriesCount(), replay.samples(),
        replay.corruptions() > 0 ? ", " + replay.corruptions() + " corrupt record(s) dropped" : "");
    wal = Wal.open(walDir, options);
  }

  /** Opens (or creates) the database in {@code dir}, replaying its WAL. */
  public static Tsdb open(Path dir) throws IOException {
    return new Tsdb(dir, Wal.Options.defaults());
  }

  public static Tsdb open(Path dir, Wal.Options options) throws IOException {
    return new Tsdb(dir, options);
  }

  private synchronized void logCommit(MemSeries[] series, long[] ts, double[] vs, int n)
      throws IOException {
    if (n == 0) {
      return;
    }
    batch.reset();
    for (int i = 0; i < n; i++) {
      MemSeries s = series[i];
      if (!s.logged) {
        batch.series(s.id, s.labels);
      }
    }
    for (int i = 0; i < n; i++) {
      batch.sample(series[i].id, ts[i], vs[i]);
    }
    wal.log(batch);
    for (int i = 0; i < n; i++) {
      series[i].logged = true;
    }
  }

  public Head head() {
    return head;
  }

  /** What the last open found in the WAL. */
  public ReplayStats replayStats() {
    return replay;
  }

  /** Samples in the WAL whose series record was missing (counted, not fatal). */
  public long unknownRefSamples() {
    return unknownRefSamples.get();
  }

  @Override
  public Appender appender() {
    return head.appender();
  }

  @Override
  public Querier querier(long mint, long maxt) {
    return head.querier(mint, maxt);
  }

  @Override
  public void close() throws IOException {
    wal.close();
  }
}
