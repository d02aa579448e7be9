package dev.vigil.server;

import dev.vigil.client.core.CounterWithCallback;
import dev.vigil.client.core.GaugeWithCallback;
import dev.vigil.client.core.Histogram;
import dev.vigil.client.core.Summary;
import dev.vigil.client.model.MetricMetadata;
import dev.vigil.client.model.Registry;
import dev.vigil.client.model.SummarySnapshot;
import dev.vigil.server.tsdb.ExemplarStore;
import dev.vigil.server.tsdb.Head;
import dev.vigil.server.tsdb.Tsdb;
import dev.vigil.server.tsdb.block.BlockReader;
import dev.vigil.server.tsdb.wal.WalMetrics;
import java.nio.file.Path;
import java.util.List;

/** The TSDB's self-metrics, registered once the storage is open. */
final class StorageMetrics {
  private StorageMetrics() {}

  /** The exemplar ring's metrics, with Prometheus's names and help. */
  private static void exemplars(Registry registry, ExemplarStore ex) {
    CounterWithCallback.builder().name("prometheus_tsdb_exemplar_exemplars_appended_total")
        .help("Total number of appended exemplars.")
        .value(ex::appended).register(registry);
    GaugeWithCallback.builder().name("prometheus_tsdb_exemplar_exemplars_in_storage")
        .help("Number of exemplars currently in circular storage.")
        .value(ex::size).register(registry);
    GaugeWithCallback.builder().name("prometheus_tsdb_exemplar_series_with_exemplars_in_storage")
        .help("Number of series with exemplars currently in circular storage.")
        .value(ex::seriesCount).register(registry);
    GaugeWithCallback.builder().name("prometheus_tsdb_exemplar_last_exemplars_timestamp_seconds")
        .help("The timestamp of the oldest exemplar stored in circular storage. Useful to check"
            + " for what timerange the current exemplar buffer limit allows.")
        .value(ex::oldestTimestampSeconds).register(registry);
    GaugeWithCallback.builder().name("prometheus_tsdb_exemplar_max_exemplars")
        .help("Total number of exemplars the exemplar storage can store, resizeable.")
        .value(ex::capacity).register(registry);
    CounterWithCallback.builder().name("prometheus_tsdb_exemplar_out_of_order_exemplars_total")
        .help("Total number of out of order exemplar ingestion failed attempts.")
        .value(ex::outOfOrder).register(registry);
  }

  /** The TSDB's self-metrics, named, typed and labelled as Prometheus names them. */
  static void register(Registry registry, Tsdb storage) {
    Head head = storage.head();
    WalMetrics wal = storage.wal().metrics();
    GaugeWithCallback.builder().name("prometheus_tsdb_head_series")
        .help("Total number of series in the head block.")
        .value(head::seriesCount).register(registry);
    exemplars(registry, head.exemplars());
    CounterWithCallback.builder().name("prometheus_tsdb_head_samples_appended_total")
        .help("Total number of appended samples.").labelNames("type")
        .callback(cb -> cb.call(head.appendedSamples(), "float")).register(registry);
    GaugeWithCallback.builder().name("prometheus_tsdb_head_chunks")
        .help("Total number of chunks in the head block.")
        .value(head::chunkCount).register(registry);
    // Prometheus's prometheus_tsdb_head_chunks_created_total cannot be had: the SDK refuses
    // names ending in _created (OpenMetrics' created-timestamp suffix). Created = chunks + removed.
    CounterWithCallback.builder().name("prometheus_tsdb_head_chunks_removed_total")
        .help("Total number of chunks removed in the head")
        .value(head::chunksRemoved).register(registry);
    // Prometheus calls this prometheus_tsdb_head_series_created_total; the client SDK refuses a
    // counter whose base name ends in _created (the suffix OpenMetrics adds), hence the name.
    CounterWithCallback.builder().name("vigil_tsdb_head_series_creations_total")
        .help("Total number of series created in the head.")
        .value(() -> head.seriesCreated()).register(registry);
    CounterWithCallback.builder().name("prometheus_tsdb_head_series_removed_total")
        .help("Total number of series removed from the head.")
        .value(() -> head.seriesRemoved()).register(registry);
    GaugeWithCallback.builder().name("vigil_tsdb_head_memory_bytes")
        .help("Approximate heap held by the head: series, chunks, labels and index.")
        .value(() -> head.memoryBytes()).register(registry);
    GaugeWithCallback.builder().name("vigil_tsdb_head_chunk_arena_bytes")
        .help("Bytes of pages the head holds for open chunks' buffers, by whether a chunk uses them.")
        .labelNames("state")
        .callback(cb -> {
          long used = head.chunkArenaUsedBytes();
          cb.call(used, "used");
          cb.call(head.chunkArenaReservedBytes() - used, "free");
        }).register(registry);
    GaugeWithCallback.builder().name("prometheus_tsdb_head_min_time")
        .help("Minimum time bound of the head block.")
        .value(head::minTime).register(registry);
    GaugeWithCallback.builder().name("prometheus_tsdb_head_max_time")
        .help("Maximum timestamp of the head block.")
        .value(head::maxTime).register(registry);
    CounterWithCallback.builder().name("prometheus_tsdb_out_of_order_samples_total")
        .help("Total number of out of order samples ingestion failed attempts due to out of "
            + "order being disabled.").labelNames("type")
        .callback(cb -> cb.call(head.outOfOrderSamples(), "float")).register(registry);
    CounterWithCallback.builder().name("prometheus_tsdb_out_of_bound_samples_total")
        .help("Total number of out of bound samples ingestion failed attempts with out of order "
            + "support disabled.").labelNames("type")
        .callback(cb -> cb.call(head.outOfBoundSamples(), "float")).register(registry);
    CounterWithCallback.builder().name("vigil_tsdb_series_limit_samples_total")
        .help("Samples dropped because their series would have passed "
            + "--storage.tsdb.head-series-limit.")
        .callback(cb -> cb.call(head.seriesLimitedSamples())).register(registry);
    CounterWithCallback.builder().name("prometheus_tsdb_too_old_samples_total")
        .help("Total number of out of order samples ingestion failed attempts with out of order "
            + "support enabled, but sample outside of time window.").labelNames("type")
        .callback(cb -> cb.call(head.tooOldSamples(), "float")).register(registry);
    CounterWithCallback.builder().name("prometheus_tsdb_head_out_of_order_samples_appended_total")
        .help("Total number of appended out of order samples.").labelNames("type")
        .callback(cb -> cb.call(head.outOfOrderAppended(), "float")).register(registry);
    GaugeWithCallback.builder().name("prometheus_tsdb_data_replay_duration_seconds")
        .help("Time taken to replay the data on disk.")
        .value(storage::replaySeconds).register(registry);
    GaugeWithCallback.builder().name("prometheus_tsdb_blocks_loaded")
        .help("Number of currently loaded data blocks.")
        .value(() -> storage.blocks().size()).register(registry);
    // As in Prometheus, cutting the head into a block counts as a compaction too.
    CounterWithCallback.builder().name("prometheus_tsdb_compactions_total")
        .help("Total number of compactions: blocks cut from the head and blocks merged.")
        .value(() -> storage.blocksCut() + storage.compactions()).register(registry);
    CounterWithCallback.builder().name("prometheus_tsdb_compactions_failed_total")
        .help("Total number of block merges that failed.")
        .value(storage::compactionsFailed).register(registry);
    Histogram compactionDuration = Histogram.builder()
        .name("prometheus_tsdb_compaction_duration_seconds")
        .help("Duration of block merges.")
        .buckets(Histogram.exponentialBuckets(1, 2, 14)).register(registry);
    storage.onCompaction(compactionDuration::observe);
    Histogram cleanupDuration = Histogram.builder()
        .name("prometheus_tsdb_tombstone_cleanup_seconds")
        .help("The time taken to recompact blocks to remove tombstones.")
        .buckets(Histogram.exponentialBuckets(1, 2, 14)).register(registry);
    storage.onTombstoneCleanup(cleanupDuration::observe);
    BlockSizes blockSizes = new BlockSizes();
    GaugeWithCallback.builder().name("prometheus_tsdb_storage_blocks_bytes")
        .help("The number of bytes that are currently used for local storage by all blocks.")
        .value(() -> blockSizes.total(storage.blocks())).register(registry);
    GaugeWithCallback.builder().name("prometheus_tsdb_lowest_timestamp")
        .help("Lowest timestamp value stored in the database. The unit is decided by the "
            + "library consumer.")
        .value(() -> lowestTimestamp(storage)).register(registry);

    CounterWithCallback.builder().name("prometheus_tsdb_wal_corruptions_total")
        .help("Total number of WAL corruptions.")
        .value(() -> storage.replayStats().corruptions()).register(registry);
    Summary fsyncs = Summary.builder().name("prometheus_tsdb_wal_fsync_duration_seconds")
        .help("Duration of write log fsync.").quantile(0.5).quantile(0.9).quantile(0.99)
        .register(registry);
    storage.wal().onFsync(nanos -> fsyncs.observe(nanos / 1e9));
    GaugeWithCallback.builder().name("prometheus_tsdb_wal_storage_size_bytes")
        .help("Size of the write log directory.")
        .value(wal::sizeBytes).register(registry);
    GaugeWithCallback.builder().name("prometheus_tsdb_wal_segment_current")
        .help("Write log segment index that TSDB is currently writing to.")
        .value(wal::segmentCurrent).register(registry);
    CounterWithCallback.builder().name("prometheus_tsdb_wal_writes_failed_total")
        .help("Total number of write log writes that failed.")
        .value(wal::writesFailed).register(registry);
    CounterWithCallback.builder().name("prometheus_tsdb_wal_record_part_writes_total")
        .help("Number of record parts written to the WAL.")
        .value(wal::recordsWritten).register(registry);
    CounterWithCallback.builder().name("prometheus_tsdb_wal_record_parts_bytes_written_total")
        .help("Number of record part bytes written to the WAL.")
        .value(wal::bytesWritten).register(registry);
    CounterWithCallback.builder().name("prometheus_tsdb_wal_truncations_total")
        .help("Total number of write log truncations attempted.")
        .value(wal::truncations).register(registry);
    CounterWithCallback.builder().name("prometheus_tsdb_wal_truncations_failed_total")
        .help("Total number of write log truncations that failed.")
        .value(wal::truncationsFailed).register(registry);
    CounterWithCallback.builder().name("prometheus_tsdb_checkpoint_creations_total")
        .help("Total number of checkpoint creations attempted.")
        .value(wal::checkpointCreations).register(registry);
    CounterWithCallback.builder().name("prometheus_tsdb_checkpoint_creations_failed_total")
        .help("Total number of checkpoint creations that failed.")
        .value(wal::checkpointCreationsFailed).register(registry);
    // Prometheus's is a summary without quantiles: count and sum are all it has.
    MetricMetadata truncateMeta = new MetricMetadata(
        "prometheus_tsdb_wal_truncate_duration_seconds",
        "Duration of WAL truncation.", null);
    long created = System.currentTimeMillis();
    registry.register(() -> new SummarySnapshot(truncateMeta, List.of(
        new SummarySnapshot.DataPoint(dev.vigil.client.model.Labels.EMPTY, wal.truncations(),
            wal.truncateSeconds(), new double[0], new double[0], created))));
  }

  /** Prometheus's: the oldest block's start, else the head's oldest sample. */
  private static double lowestTimestamp(Tsdb storage) {
    long lowest = storage.head().minTime();
    for (BlockReader b : storage.blocks()) {
      lowest = Math.min(lowest, b.meta().minTime());
    }
    return lowest;
  }

  /**
   * Block sizes for {@code prometheus_tsdb_storage_blocks_bytes}: a block never changes, so its
   * files are sized once, not on every scrape. Holds only the blocks loaded now.
   */
  private static final class BlockSizes {
    private final java.util.Map<Path, Long> sizes = new java.util.HashMap<>();

    synchronized long total(List<BlockReader> blocks) {
      java.util.Set<Path> live = new java.util.HashSet<>();
      long sum = 0;
      for (BlockReader b : blocks) {
        live.add(b.dir());
        sum += sizes.computeIfAbsent(b.dir(), BlockSizes::size);
      }
      sizes.keySet().retainAll(live);
      return sum;
    }

    private static long size(Path dir) {
      try (var files = java.nio.file.Files.walk(dir)) {
        return files.mapToLong(p -> p.toFile().isFile() ? p.toFile().length() : 0).sum();
      } catch (java.io.IOException | java.io.UncheckedIOException e) {
        return 0; // deleted by retention meanwhile; the next scrape no longer lists it
      }
    }
  }
}
