package dev.vigil.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.vigil.server.model.Labels;
import dev.vigil.server.storage.Appender;
import dev.vigil.server.tsdb.Tsdb;
import dev.vigil.server.tsdb.block.BlockReader;
import dev.vigil.server.tsdb.wal.Wal;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The TSDB's self-metrics on a running server's {@code /metrics}, with values checked. */
@Timeout(60)
class VigilServerTsdbMetricsTest {
  private static final long HOUR = 3_600_000L;

  @TempDir
  Path dir;

  private static String scrape(VigilServer s) throws Exception {
    HttpRequest req = HttpRequest.newBuilder(
        URI.create("http://127.0.0.1:" + s.address().getPort() + "/metrics")).build();
    return HttpClient.newHttpClient().send(req, HttpResponse.BodyHandlers.ofString()).body();
  }

  /** The value of the line for exactly this series ({@code name} or {@code name{labels}}). */
  private static double value(String body, String series) {
    for (String line : body.split("\n")) {
      if (line.startsWith(series + " ")) {
        return Double.parseDouble(line.substring(series.length() + 1).trim());
      }
    }
    return fail("no line for %s in:%n%s", series, body);
  }

  private static long size(Path p) throws IOException {
    try (Stream<Path> files = Files.walk(p)) {
      return files.filter(Files::isRegularFile).mapToLong(f -> f.toFile().length()).sum();
    }
  }

  /** Five hours of one series, ten hours ago, cut into blocks as the server's range says. */
  private static long seedOldData(Path data) throws IOException {
    // On a block boundary, so the first block starts at the first sample.
    long range = Tsdb.DEFAULT_BLOCK_RANGE.toMillis();
    long start = (System.currentTimeMillis() - 10 * HOUR) / range * range;
    try (Tsdb t = Tsdb.open(data, Wal.Options.defaults(), Tsdb.DEFAULT_BLOCK_RANGE)) {
      for (long m = 0; m < 5 * 60; m++) {
        Appender a = t.appender();
        a.append(0, Labels.of("__name__", "old", "job", "seed"), start + m * 60_000, m);
        a.commit();
        t.cutBlockIfDue();
      }
      assertThat(t.blocks()).isNotEmpty();
    }
    return start;
  }

  @Test
  void tsdbMetricsAreServedWithSaneValues() throws Exception {
    Path data = dir.resolve("data");
    long oldest = seedOldData(data);
    Path config = dir.resolve("prometheus.yml");
    Files.writeString(config, "scrape_configs: []\n");
    try (VigilServer s = new VigilServer(config, data, new InetSocketAddress("127.0.0.1", 0),
        false)) {
      s.start();
      Tsdb db = s.storage();
      long blockEnd = db.blocks().stream().mapToLong(b -> b.meta().maxTime()).max().orElseThrow();
      long now = System.currentTimeMillis();
      Appender a = db.appender();
      Labels l = Labels.of("__name__", "fresh", "job", "test");
      a.append(0, l, now - 1000, 1);
      a.append(0, l, now, 2);
      a.append(0, l, now - 500, 3); // out of order
      a.append(0, Labels.of("__name__", "fresh", "job", "late"), blockEnd - 1, 4); // in a block
      a.commit();
      // The head now spans hours: one more block is cut, and the WAL checkpointed past it.
      assertThat(db.cutBlockIfDue()).isTrue();
      // The default policy fsyncs in the background within a second.
      long deadline = System.nanoTime() + 10_000_000_000L;
      while (db.wal().metrics().fsyncs() == 0 && System.nanoTime() < deadline) {
        Thread.sleep(20);
      }

      String body = scrape(s);
      assertThat(body).contains("# TYPE prometheus_tsdb_wal_fsync_duration_seconds summary")
          .contains("prometheus_tsdb_wal_fsync_duration_seconds{quantile=\"0.99\"}")
          .contains("# TYPE prometheus_tsdb_wal_truncate_duration_seconds summary")
          .contains("# TYPE prometheus_tsdb_head_min_time gauge")
          .contains("# TYPE prometheus_tsdb_head_chunks_removed_total counter");
      assertThat(value(body, "prometheus_tsdb_wal_fsync_duration_seconds_count")).isPositive();
      assertThat(value(body, "prometheus_tsdb_wal_fsync_duration_seconds_sum")).isPositive();
      // Nothing else writes to the WAL now, so the directory is as large as the metric says.
      assertThat(value(body, "prometheus_tsdb_wal_storage_size_bytes"))
          .isEqualTo((double) size(data.resolve("wal")));
      assertThat(value(body, "prometheus_tsdb_wal_segment_current"))
          .isEqualTo(db.wal().currentSegment()).isGreaterThan(1);
      assertThat(value(body, "prometheus_tsdb_wal_record_part_writes_total")).isEqualTo(2);
      assertThat(value(body, "prometheus_tsdb_wal_record_parts_bytes_written_total"))
          .isEqualTo(db.wal().metrics().bytesWritten()).isPositive();
      assertThat(value(body, "prometheus_tsdb_wal_writes_failed_total")).isZero();
      assertThat(value(body, "prometheus_tsdb_wal_truncations_total")).isEqualTo(1);
      assertThat(value(body, "prometheus_tsdb_wal_truncations_failed_total")).isZero();
      assertThat(value(body, "prometheus_tsdb_checkpoint_creations_total")).isEqualTo(1);
      assertThat(value(body, "prometheus_tsdb_checkpoint_creations_failed_total")).isZero();
      assertThat(value(body, "prometheus_tsdb_wal_truncate_duration_seconds_count")).isEqualTo(1);
      assertThat(value(body, "prometheus_tsdb_wal_truncate_duration_seconds_sum")).isPositive();
      assertThat(value(body, "prometheus_tsdb_wal_corruptions_total")).isZero();

      assertThat(value(body, "prometheus_tsdb_head_samples_appended_total{type=\"float\"}"))
          .isEqualTo((double) db.head().appendedSamples());
      assertThat(value(body, "prometheus_tsdb_out_of_order_samples_total{type=\"float\"}"))
          .isEqualTo(1);
      assertThat(value(body, "prometheus_tsdb_out_of_bound_samples_total{type=\"float\"}"))
          .isEqualTo(1);
      assertThat(value(body, "prometheus_tsdb_too_old_samples_total{type=\"float\"}")).isZero();
      assertThat(value(body,
          "prometheus_tsdb_head_out_of_order_samples_appended_total{type=\"float\"}")).isZero();
      assertThat(value(body, "prometheus_tsdb_head_max_time")).isEqualTo((double) now);
      assertThat(value(body, "prometheus_tsdb_head_min_time"))
          .isEqualTo((double) db.head().minTime()).isGreaterThanOrEqualTo(blockEnd);
      // The cut dropped the chunks the new block holds.
      assertThat(value(body, "prometheus_tsdb_head_chunks_removed_total"))
          .isEqualTo((double) db.head().chunksRemoved()).isPositive();
      assertThat(value(body, "prometheus_tsdb_head_chunks")).isEqualTo(db.head().chunkCount());
      assertThat(value(body, "prometheus_tsdb_data_replay_duration_seconds")).isPositive()
          .isLessThan(60);

      long blockBytes = 0;
      for (BlockReader b : db.blocks()) {
        blockBytes += size(b.dir());
      }
      assertThat(value(body, "prometheus_tsdb_blocks_loaded")).isEqualTo(db.blocks().size());
      assertThat(value(body, "prometheus_tsdb_storage_blocks_bytes"))
          .isEqualTo((double) blockBytes).isPositive();
      assertThat(value(body, "prometheus_tsdb_lowest_timestamp")).isEqualTo((double) oldest);
    }
  }
}
