package dev.vigil.server.tsdb;

import dev.vigil.server.model.Labels;
import dev.vigil.server.storage.Appender;
import dev.vigil.server.tsdb.wal.Wal;
import java.io.FileOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.locks.LockSupport;

/**
 * The child process of {@link TsdbCrashTest}: several writers commit {@link CrashWorkload}
 * batches at full speed while another thread cuts blocks, until the process is killed.
 *
 * <p>Arguments: database dir, fsync policy ({@code commit} or {@code default}), block range in
 * ms, acknowledgement dir, then the first batch number of each writer. After each
 * {@code commit()} returned, writer {@code w} appends {@code "k\n"} to {@code <acks>/writer-w}
 * with one write call: a process kill keeps what was written (the page cache survives it), so
 * the file's last complete line is the last commit that returned, or the one before it.
 * Any unexpected state ends the process with a message on stderr and a non-zero status.
 */
public final class TsdbCrashChildMain {
  /** Small segments, so rollovers happen during the run. */
  static final long SEGMENT_SIZE = 256 << 10;

  private TsdbCrashChildMain() {}

  public static void main(String[] args) throws Exception {
    Path dir = Path.of(args[0]);
    Duration fsync = switch (args[1]) {
      case "commit" -> Duration.ZERO;
      case "default" -> Wal.Options.defaults().fsyncEvery();
      default -> throw new IllegalArgumentException("fsync policy: " + args[1]);
    };
    long blockRange = Long.parseLong(args[2]);
    Path acks = Path.of(args[3]);
    int writers = args.length - 4;
    AtomicLongArray done = new AtomicLongArray(writers);
    long[] start = new long[writers];
    for (int w = 0; w < writers; w++) {
      start[w] = Long.parseLong(args[4 + w]);
      done.set(w, start[w] - 1);
    }
    Tsdb db = Tsdb.open(dir, new Wal.Options(SEGMENT_SIZE, fsync), Duration.ofMillis(blockRange));
    long lag = CrashWorkload.maxLag(blockRange);
    for (int w = 0; w < writers; w++) {
      int writer = w;
      Thread t = new Thread(() -> write(db, writer, start[writer], done, lag, blockRange, acks),
          "writer-" + w);
      t.start();
    }
    Thread cutter = new Thread(() -> {
      while (true) {
        try {
          db.cutBlockIfDue();
          Thread.sleep(2);
        } catch (Throwable e) {
          die("block cut failed", e);
        }
      }
    }, "cutter");
    cutter.start();
  }

  private static void write(Tsdb db, int w, long first, AtomicLongArray done, long lag,
      long blockRange, Path acks) {
    long[] refs = new long[64];
    Labels[] labels = new Labels[64];
    try (FileOutputStream ack = new FileOutputStream(acks.resolve("writer-" + w).toFile(),
        true)) {
      for (long k = first; ; k++) {
        // Wait for the slowest writer (see CrashWorkload.maxLag), and for the cutter when the
        // head spans three ranges: without that, writers outrun the cuts and the head only grows.
        while (slowest(done) < k - lag
            || db.head().maxTime() - db.head().minTime() > 3 * blockRange) {
          LockSupport.parkNanos(50_000);
        }
        int lo = CrashWorkload.firstActive(k);
        int hi = lo + CrashWorkload.ACTIVE;
        if (hi > refs.length) {
          refs = Arrays.copyOf(refs, hi * 2);
          labels = Arrays.copyOf(labels, hi * 2);
        }
        Appender a = db.appender();
        for (int j = lo; j < hi; j++) {
          if (labels[j] == null) {
            labels[j] = CrashWorkload.labels(w, j);
          }
          refs[j] = a.append(refs[j], labels[j], CrashWorkload.time(k),
              CrashWorkload.value(w, j, k));
        }
        a.commit();
        if (a.rejected() != 0) {
          die("writer " + w + " batch " + k + ": " + a.rejected() + " samples rejected", null);
        }
        done.set(w, k);
        ack.write((k + "\n").getBytes(StandardCharsets.US_ASCII));
      }
    } catch (IOException | RuntimeException e) {
      die("writer " + w + " failed", e);
    }
  }

  private static long slowest(AtomicLongArray done) {
    long min = Long.MAX_VALUE;
    for (int i = 0; i < done.length(); i++) {
      min = Math.min(min, done.get(i));
    }
    return min;
  }

  private static void die(String message, Throwable e) {
    System.err.println("CRASH CHILD FAILED: " + message);
    if (e != null) {
      e.printStackTrace();
    }
    System.err.flush();
    Runtime.getRuntime().halt(3);
  }
}
