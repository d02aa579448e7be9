package dev.vigil.server.remote;

import dev.vigil.client.core.CounterWithCallback;
import dev.vigil.client.core.GaugeWithCallback;
import dev.vigil.client.model.Registry;
import dev.vigil.server.config.Config;
import dev.vigil.server.config.RemoteWriteConfig;
import dev.vigil.server.model.Labels;
import dev.vigil.server.tsdb.Tsdb;
import java.io.IOException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.function.ToDoubleFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code remote_write} side of the server: one {@link WriteQueue} per configured destination,
 * rebuilt when a reload changes the section, and their self-metrics under Prometheus's names
 * ({@code prometheus_remote_storage_*}, labelled {@code remote_name} and {@code url}).
 *
 * <p>It also holds the TSDB's WAL back: segments a queue has not had acknowledged stay out of
 * checkpoints (see {@link Tsdb#holdWal}), so an outage loses nothing however long it lasts, at
 * the cost of a WAL that grows meanwhile.
 */
public final class RemoteStorage implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(RemoteStorage.class);
  /** How long a stopping queue may take to send what it holds. */
  static final long FLUSH_MILLIS = 5_000;

  private final Tsdb tsdb;
  private final Path stateDir;
  private volatile List<WriteQueue> queues = List.of();
  private List<MetadataSender> metadataSenders = List.of();
  private volatile Supplier<List<FamilyMetadata>> metadataSource = List::of;
  private List<RemoteWriteConfig> configs = List.of();
  private Labels externalLabels = Labels.EMPTY;
  private long reshardMillis = 10_000;

  /**
   * @param stateDir where each queue keeps its progress file ({@code <data>/remote_write})
   */
  public RemoteStorage(Tsdb tsdb, Path stateDir, Registry registry) {
    this.tsdb = tsdb;
    this.stateDir = stateDir;
    tsdb.holdWal(this::lowestSegmentNeeded);
    register(registry);
  }

  /** For tests: how often queues reconsider their shard count (default 10 s). */
  public void reshardInterval(long millis) {
    this.reshardMillis = millis;
    for (WriteQueue q : queues) {
      q.reshardInterval(millis);
    }
  }

  /**
   * Where metadata senders take the scrape targets' metric metadata from ({@code
   * metadata_config}); without one they send nothing. Set before {@link #applyConfig}.
   */
  public void metadataSource(Supplier<List<FamilyMetadata>> source) {
    this.metadataSource = source;
  }

  /** Starts, stops or replaces queues so they match {@code config}'s remote_write section. */
  public synchronized void applyConfig(Config config) throws IOException,
      GeneralSecurityException {
    Labels ext = config.global().externalLabels();
    if (config.remoteWrite().equals(configs) && ext.equals(externalLabels)) {
      return;
    }
    List<WriteQueue> next = new ArrayList<>();
    int segment = tsdb.wal().currentSegment();
    stopMetadataSenders();
    for (WriteQueue q : queues) {
      q.stop(FLUSH_MILLIS);
    }
    for (RemoteWriteConfig c : config.remoteWrite()) {
      WriteQueue q = new WriteQueue(c, tsdb.wal(), stateDir, ext, segment);
      q.reshardInterval(reshardMillis);
      next.add(q);
    }
    for (WriteQueue q : next) {
      q.start();
      LOG.info("remote write {} to {}: started with {} shard(s)", q.remoteName, q.config.url(),
          q.shardCount());
    }
    List<MetadataSender> senders = new ArrayList<>();
    for (WriteQueue q : next) {
      if (q.config.metadataConfig().send()) {
        MetadataSender m = new MetadataSender(q.config, q.remoteName, q.metrics,
            () -> metadataSource.get());
        m.start();
        senders.add(m);
      }
    }
    metadataSenders = senders;
    queues = List.copyOf(next);
    configs = config.remoteWrite();
    externalLabels = ext;
  }

  private int lowestSegmentNeeded() {
    int low = Integer.MAX_VALUE;
    for (WriteQueue q : queues) {
      low = Math.min(low, q.lowestSegmentNeeded());
    }
    return low;
  }

  /** The running queues, for tests. */
  List<WriteQueue> queues() {
    return queues;
  }

  private void stopMetadataSenders() {
    for (MetadataSender m : metadataSenders) {
      m.stop();
    }
    metadataSenders = List.of();
  }

  @Override
  public synchronized void close() {
    stopMetadataSenders();
    for (WriteQueue q : queues) {
      q.stop(FLUSH_MILLIS);
    }
    queues = List.of();
    configs = List.of();
  }

  private void register(Registry r) {
    counter(r, "prometheus_remote_storage_samples_total",
        "Total number of samples sent to remote storage.", q -> q.metrics.samplesSent.sum());
    counter(r, "prometheus_remote_storage_samples_failed_total",
        "Total number of samples which failed on send to remote storage, non-recoverable errors.",
        q -> q.metrics.samplesFailed.sum());
    counter(r, "prometheus_remote_storage_samples_retried_total",
        "Total number of samples which failed on send to remote storage but were retried "
            + "because the send error was recoverable.", q -> q.metrics.samplesRetried.sum());
    counter(r, "prometheus_remote_storage_samples_dropped_total",
        "Total number of samples which were dropped after being read from the WAL before being "
            + "sent via remote write, either via relabelling or because of an unknown reference "
            + "ID.", q -> q.metrics.samplesDropped.sum());
    counter(r, "prometheus_remote_storage_samples_in_total",
        "Samples read from the WAL by remote write.", q -> q.metrics.samplesIn.sum());
    counter(r, "prometheus_remote_storage_bytes_total",
        "The total number of bytes of data (not metadata) sent by the queue after compression.",
        q -> q.metrics.bytesSent.sum());
    counter(r, "prometheus_remote_storage_metadata_total",
        "Total number of metadata entries sent to remote storage.",
        q -> q.metrics.metadataSent.sum());
    counter(r, "prometheus_remote_storage_metadata_failed_total",
        "Total number of metadata entries which failed on send to remote storage, "
            + "non-recoverable errors.", q -> q.metrics.metadataFailed.sum());
    counter(r, "prometheus_remote_storage_metadata_retried_total",
        "Total number of metadata entries which failed on send to remote storage but were "
            + "retried because the send error was recoverable.",
        q -> q.metrics.metadataRetried.sum());
    counter(r, "prometheus_remote_storage_metadata_bytes_total",
        "The total number of bytes of metadata sent by the queue after compression.",
        q -> q.metrics.metadataBytes.sum());
    counter(r, "vigil_remote_storage_wal_segments_skipped_total",
        "WAL segments a queue could not read because a checkpoint had removed them (data lost "
            + "for that queue).", q -> q.metrics.walSegmentsSkipped);
    counter(r, "prometheus_remote_storage_exemplars_total",
        "Total number of exemplars sent to remote storage.", q -> q.metrics.exemplarsSent.sum());
    counter(r, "prometheus_remote_storage_exemplars_failed_total",
        "Total number of exemplars which failed on send to remote storage, non-recoverable "
            + "errors.", q -> q.metrics.exemplarsFailed.sum());
    counter(r, "prometheus_remote_storage_exemplars_retried_total",
        "Total number of exemplars which failed on send to remote storage but were retried "
            + "because the send error was recoverable.", q -> q.metrics.exemplarsRetried.sum());
    counter(r, "prometheus_remote_storage_exemplars_dropped_total",
        "Total number of exemplars which were dropped after being read from the WAL before "
            + "being sent via remote write, either via relabelling or unintentionally because of"
            + " an unknown reference ID.", q -> q.metrics.exemplarsDropped.sum());
    counter(r, "prometheus_remote_storage_exemplars_in_total",
        "Exemplars read from the WAL by remote write.", q -> q.metrics.exemplarsIn.sum());
    gauge(r, "prometheus_remote_storage_exemplars_pending",
        "The number of exemplars pending in the queues shards to be sent to the remote storage.",
        WriteQueue::pendingExemplars);
    gauge(r, "prometheus_remote_storage_samples_pending",
        "The number of samples pending in the queues shards to be sent to the remote storage.",
        WriteQueue::pending);
    gauge(r, "prometheus_remote_storage_highest_timestamp_in_seconds",
        "Highest timestamp read from the WAL by the queue, in seconds since epoch.",
        q -> q.metrics.highestReadMs.get() / 1000.0);
    gauge(r, "prometheus_remote_storage_queue_highest_sent_timestamp_seconds",
        "Timestamp from a WAL sample, the highest timestamp successfully sent by this queue, in "
            + "seconds since epoch.", q -> q.metrics.highestSentMs.get() / 1000.0);
    gauge(r, "vigil_remote_storage_series", "Series the queue's WAL reader holds labels for: "
        + "those the head had at the last checkpoint and those named since.",
        q -> q.metrics.seriesKnown);
    gauge(r, "prometheus_remote_storage_shards", "The number of shards used for parallel sending "
        + "to the remote storage.", WriteQueue::shardCount);
    gauge(r, "prometheus_remote_storage_shards_desired", "The number of shards that the queues "
        + "shard calculation wants to run based on the rate of samples in vs. samples out.",
        WriteQueue::desiredShards);
    gauge(r, "prometheus_remote_storage_shards_max", "The maximum number of shards that the "
        + "queue is allowed to run.", q -> q.config.queueConfig().maxShards());
    gauge(r, "prometheus_remote_storage_shards_min", "The minimum number of shards that the "
        + "queue is allowed to run.", q -> q.config.queueConfig().minShards());
    gauge(r, "prometheus_remote_storage_shard_capacity", "The capacity of each shard of the "
        + "queue used for parallel sending to the remote storage.",
        q -> q.config.queueConfig().capacity());
  }

  private void counter(Registry r, String name, String help, ToDoubleFunction<WriteQueue> f) {
    CounterWithCallback.builder().name(name).help(help).labelNames("remote_name", "url")
        .callback(each(f)).register(r);
  }

  private void gauge(Registry r, String name, String help, ToDoubleFunction<WriteQueue> f) {
    GaugeWithCallback.builder().name(name).help(help).labelNames("remote_name", "url")
        .callback(each(f)).register(r);
  }

  private Consumer<dev.vigil.client.core.Callback> each(ToDoubleFunction<WriteQueue> f) {
    return cb -> {
      for (WriteQueue q : queues) {
        cb.call(f.applyAsDouble(q), q.remoteName, q.config.url());
      }
    };
  }
}
