package dev.vigil.server;

import dev.vigil.client.core.CounterWithCallback;
import dev.vigil.client.core.Gauge;
import dev.vigil.client.core.GaugeWithCallback;
import dev.vigil.client.core.Histogram;
import dev.vigil.client.core.Info;
import dev.vigil.client.core.Summary;
import dev.vigil.client.model.MetricMetadata;
import dev.vigil.client.model.Registry;
import dev.vigil.client.model.SummarySnapshot;
import dev.vigil.server.api.TargetsApi;
import dev.vigil.server.api.TsdbStatusApi;
import dev.vigil.server.config.Config;
import dev.vigil.server.config.ConfigException;
import dev.vigil.server.config.ConfigLoader;
import dev.vigil.server.scrape.ScrapeManager;
import dev.vigil.server.scrape.ScrapeMetrics;
import dev.vigil.server.tsdb.Head;
import dev.vigil.server.tsdb.Tsdb;
import dev.vigil.server.tsdb.block.BlockReader;
import dev.vigil.server.tsdb.wal.Wal;
import dev.vigil.server.web.WebServer;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Wiring and lifecycle: storage, scraping and the web server, in start order, and reloads
 * (SIGHUP, {@code POST /-/reload}) that swap the configuration only when the new one is valid.
 */
public final class VigilServer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(VigilServer.class);

  private final Path configFile;
  private final Path storagePath;
  private final InetSocketAddress listen;
  private final boolean lifecycle;
  private final Registry registry = new Registry();
  private final CountDownLatch stopped = new CountDownLatch(1);
  private final Gauge reloadOk;
  private final Gauge reloadTime;
  private Tsdb storage;
  private ScrapeManager scrapes;
  private WebServer web;
  private volatile boolean ready;
  private final java.util.concurrent.ScheduledExecutorService maintenance =
      java.util.concurrent.Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "tsdb-maintenance");
        t.setDaemon(true);
        return t;
      });
  private volatile Config config;

  public VigilServer(Path configFile, Path storagePath, InetSocketAddress listen,
      boolean lifecycle) {
    this.configFile = configFile;
    this.storagePath = storagePath;
    this.listen = listen;
    this.lifecycle = lifecycle;
    reloadOk = Gauge.builder().name("prometheus_config_last_reload_successful")
        .help("Whether the last configuration reload attempt was successful.").register(registry);
    reloadTime = Gauge.builder().name("prometheus_config_last_reload_success_timestamp_seconds")
        .help("Timestamp of the last successful configuration reload.").register(registry);
    Info.builder().name("vigil_build_info").help("Vigil's version.")
        .labelNames("version").register(registry).set("0.1.0");
    JvmMetrics.register(registry);
  }

  /** Loads the configuration (failing fast when invalid), then starts everything. */
  public void start() throws ConfigException, java.io.IOException {
    // A file is checked before anything binds; the default needs the bound port, so it waits.
    Config first = configFile != null ? load() : null;
    LOG.info("Starting Vigil 0.1.0 (config: {}, storage: {})",
        configFile == null ? "embedded default" : configFile, storagePath.toAbsolutePath());
    storage = Tsdb.open(storagePath);
    registerStorageMetrics();
    maintenance.scheduleWithFixedDelay(this::cutBlock, 1, 1, java.util.concurrent.TimeUnit.MINUTES);
    scrapes = new ScrapeManager(storage, new ScrapeMetrics(registry));
    GaugeWithCallback.builder().name("prometheus_target_scrape_pool_targets")
        .help("Current number of targets in each scrape pool.").labelNames("scrape_job")
        .callback(cb -> scrapes.pools().forEach(p -> cb.call(p.active().size(), p.name())))
        .register(registry);
    web = WebServer.builder(listen)
        .registry(registry)
        .lifecycle(lifecycle, this::reload, stopped::countDown)
        .ready(() -> ready)
        .get("/api/v1/targets", new TargetsApi(scrapes))
        .get("/api/v1/status/tsdb", new TsdbStatusApi(storage.head()))
        .build();
    web.start();
    applyConfig(first != null ? first : load());
    Signals.onHangup(() -> {
      try {
        reload();
      } catch (ConfigException e) {
        // Already logged and counted by reload(); the old configuration keeps running.
      }
    });
    ready = true;
    LOG.info("Server is ready to receive web requests on http://{}:{}",
        web.boundAddress().getHostString(), web.boundAddress().getPort());
  }

  /** The TSDB's self-metrics, named, typed and labelled as Prometheus names them. */
  private void registerStorageMetrics() {
    Head head = storage.head();
    Wal.Metrics wal = storage.wal().metrics();
    GaugeWithCallback.builder().name("prometheus_tsdb_head_series")
        .help("Total number of series in the head block.")
        .value(head::seriesCount).register(registry);
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
        .callback(cb -> cb.call(head.tooOldSamples(), "float")).register(registry);
    // Vigil has no out-of-order window, so these two stay 0; Prometheus without one does alike.
    CounterWithCallback.builder().name("prometheus_tsdb_too_old_samples_total")
        .help("Total number of out of order samples ingestion failed attempts with out of order "
            + "support enabled, but sample outside of time window.").labelNames("type")
        .callback(cb -> cb.call(0, "float")).register(registry);
    CounterWithCallback.builder().name("prometheus_tsdb_head_out_of_order_samples_appended_total")
        .help("Total number of appended out of order samples.").labelNames("type")
        .callback(cb -> cb.call(0, "float")).register(registry);
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
        .value(this::lowestTimestamp).register(registry);

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
  private double lowestTimestamp() {
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

  /** The address the web server bound, known after {@link #start()}. */
  public InetSocketAddress address() {
    return web.boundAddress();
  }

  public ScrapeManager scrapeManager() {
    return scrapes;
  }

  public Tsdb storage() {
    return storage;
  }

  public Config config() {
    return config;
  }

  /** Re-reads the configuration; when invalid, logs it and keeps the running one. */
  public synchronized void reload() throws ConfigException {
    Config next;
    try {
      next = load();
    } catch (ConfigException e) {
      reloadOk.set(0);
      LOG.error("Error reloading config: {}", e.getMessage());
      throw e;
    }
    applyConfig(next);
    LOG.info("Completed loading of configuration file {}", next.source());
  }

  private void applyConfig(Config c) {
    scrapes.applyConfig(c);
    config = c;
    reloadOk.set(1);
    reloadTime.setToCurrentTime();
  }

  private Config load() throws ConfigException {
    if (configFile != null) {
      return ConfigLoader.load(configFile);
    }
    String host = listen.getAddress() == null || listen.getAddress().isAnyLocalAddress()
        ? "localhost" : listen.getHostString();
    int port = web == null ? listen.getPort() : web.boundAddress().getPort();
    return ConfigLoader.defaultConfig(host + ":" + port);
  }

  private volatile long retentionMillis = java.time.Duration.ofDays(15).toMillis();
  private volatile long retentionBytes;

  /** Block retention by age and total size (0: no limit); applied every minute. */
  public void retention(long millis, long bytes) {
    retentionMillis = millis;
    retentionBytes = bytes;
  }

  private void cutBlock() {
    try {
      storage.cutBlockIfDue();
      // Failures inside are counted and logged by the storage; retention still runs after it.
      storage.compactIfDue(retentionMillis);
      storage.applyRetention(System.currentTimeMillis(), retentionMillis, retentionBytes);
    } catch (java.io.IOException | RuntimeException e) {
      // The head keeps everything and the next run tries again.
      LOG.error("Block maintenance failed: {}", e.toString());
    }
  }

  /** Blocks until {@code /-/quit}, a signal, or {@link #close()}. */
  public void awaitShutdown() throws InterruptedException {
    Runtime.getRuntime().addShutdownHook(new Thread(stopped::countDown));
    stopped.await();
  }

  @Override
  public void close() {
    ready = false;
    stopped.countDown();
    if (web != null) {
      web.close();
    }
    if (scrapes != null) {
      scrapes.close();
    }
    maintenance.shutdownNow();
    if (storage != null) {
      try {
        storage.close();
      } catch (java.io.IOException e) {
        LOG.error("Closing storage: {}", e.getMessage());
      }
    }
    LOG.info("See you next time!");
  }
}
