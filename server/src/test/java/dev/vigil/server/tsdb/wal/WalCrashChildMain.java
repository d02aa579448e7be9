package dev.vigil.server.tsdb.wal;

import dev.vigil.server.model.Labels;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The child process of {@link WalCrashTest}: commits batches in a loop and prints "committed N"
 * after each {@link Wal#log} returned, until it is killed.
 */
public final class WalCrashChildMain {
  public static final int SAMPLES_PER_BATCH = 20;

  private WalCrashChildMain() {}

  public static void main(String[] args) throws Exception {
    Path dir = Path.of(args[0]);
    PrintStream out = new PrintStream(System.out, false);
    // Default-like policy (background fsync): a process kill must not lose written commits.
    try (Wal wal = Wal.open(dir, new Wal.Options(64 << 10, Duration.ofMillis(200)))) {
      WalBatch b = new WalBatch();
      out.println("ready");
      out.flush();
      for (long i = 1; ; i++) {
        b.reset();
        b.series(i, Labels.of("__name__", "crash", "batch", Long.toString(i)));
        for (int k = 0; k < SAMPLES_PER_BATCH; k++) {
          b.sample(i, i * 1000 + k, k);
        }
        wal.log(b);
        out.println("committed " + i);
        out.flush();
      }
    }
  }
}
