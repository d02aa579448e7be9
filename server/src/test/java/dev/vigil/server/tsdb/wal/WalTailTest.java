package dev.vigil.server.tsdb.wal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.server.model.Labels;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The tail that remote write reads the WAL with, and its change count shortcut. */
class WalTailTest {
  @TempDir Path dir;

  private static final class Samples implements WalTail.Handler {
    final List<Long> times = new ArrayList<>();

    @Override
    public void onRecord(int segment, long offset) {}

    @Override
    public void onSeries(long ref, Labels labels) {}

    @Override
    public void onSample(long ref, long t, double v) {
      times.add(t);
    }
  }

  private static WalBatch sample(WalBatch b, long t) {
    b.series(1, Labels.of("__name__", "up"));
    b.sample(1, t, 1);
    return b;
  }

  @Test
  void readsAcrossSegmentsWithTheWritersChangeCount() throws IOException {
    try (Wal wal = Wal.open(dir, new Wal.Options(1 << 20, Duration.ZERO));
        WalTail tail = new WalTail(dir, wal::changes)) {
      Samples got = new Samples();
      WalTail.Position p = new WalTail.Position(wal.currentSegment(), 0);
      wal.log(sample(new WalBatch(), 10));
      p = tail.read(p, got, 100);
      assertThat(got.times).containsExactly(10L);
      assertThat(tail.read(p, got, 100)).isEqualTo(p);

      wal.cutSegment();
      wal.log(sample(new WalBatch(), 20));
      p = tail.read(p, got, 100);
      wal.log(sample(new WalBatch(), 30));
      p = tail.read(p, got, 100);
      assertThat(got.times).containsExactly(10L, 20L, 30L);
      assertThat(p.segment()).isEqualTo(wal.currentSegment());
    }
  }

  @Test
  void atTheEndAnUnchangedCountSkipsTheFiles() throws IOException {
    AtomicLong count = new AtomicLong();
    try (Wal wal = Wal.open(dir, new Wal.Options(1 << 20, Duration.ZERO));
        WalTail tail = new WalTail(dir, count::get)) {
      Samples got = new Samples();
      WalTail.Position start = new WalTail.Position(wal.currentSegment(), 0);
      WalTail.Position end = tail.read(start, got, 100);
      assertThat(end).isEqualTo(start);

      // Written, but the count the tail was given did not move: it does not look.
      wal.log(sample(new WalBatch(), 10));
      assertThat(tail.read(end, got, 100)).isEqualTo(end);
      assertThat(got.times).isEmpty();

      count.incrementAndGet();
      WalTail.Position after = tail.read(end, got, 100);
      assertThat(got.times).containsExactly(10L);
      assertThat(after.offset()).isGreaterThan(end.offset());
      // From another position it always reads, whatever the count says.
      Samples again = new Samples();
      tail.read(start, again, 100);
      assertThat(again.times).containsExactly(10L);
    }
  }
}
