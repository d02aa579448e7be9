package dev.vigil.server.remote;

import dev.vigil.server.config.RemoteWriteConfig;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xerial.snappy.Snappy;

/**
 * Sends the scrape targets' metric metadata to one remote write destination, as Prometheus does
 * when {@code metadata_config.send} is on: every {@code send_interval} it takes the metadata of
 * every active target (exact duplicates across targets once), and posts it in WriteRequests that
 * carry metadata only, {@code max_samples_per_send} entries each. Failures follow the samples'
 * rules: network errors, 5xx, and 429 when {@code retry_on_http_429} are retried with backoff
 * from {@code min_backoff} doubling to {@code max_backoff} until they succeed or the sender stops;
 * other answers drop the rest of that round, counted as failed. Metadata is not relabelled.
 */
final class MetadataSender implements Runnable {
  private static final Logger LOG = LoggerFactory.getLogger(MetadataSender.class);

  private final RemoteWriteConfig config;
  private final String remoteName;
  private final QueueMetrics metrics;
  private final Supplier<List<FamilyMetadata>> source;
  private final WriteClient client;
  private final Thread thread;
  private volatile boolean running = true;

  MetadataSender(RemoteWriteConfig config, String remoteName, QueueMetrics metrics,
      Supplier<List<FamilyMetadata>> source) throws GeneralSecurityException, IOException {
    this.config = config;
    this.remoteName = remoteName;
    this.metrics = metrics;
    this.source = source;
    this.client = new WriteClient(config);
    this.thread = new Thread(this, "remote-write " + remoteName + " metadata");
    thread.setDaemon(true);
  }

  void start() {
    thread.start();
  }

  void stop() {
    running = false;
    thread.interrupt();
    try {
      thread.join(10_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void run() {
    long interval = config.metadataConfig().sendInterval().toMillis();
    try {
      while (running) {
        Thread.sleep(interval); // as Prometheus: the first round one interval after the start
        try {
          sendRound();
        } catch (RuntimeException e) {
          // A bad round must not end metadata sending for good; the next one starts afresh.
          LOG.error("remote write {}: metadata round failed", remoteName, e);
        }
      }
    } catch (InterruptedException e) {
      // stopping
    }
  }

  /** Sends everything the source has now; returns when done, dropped, or stopping. */
  void sendRound() throws InterruptedException {
    List<FamilyMetadata> all = new ArrayList<>(new LinkedHashSet<>(source.get()));
    int max = Math.max(1, config.metadataConfig().maxSamplesPerSend());
    for (int i = 0; i < all.size() && running; i += max) {
      List<FamilyMetadata> batch = all.subList(i, Math.min(all.size(), i + max));
      if (!send(batch)) {
        metrics.metadataFailed.add(all.size() - i);
        return;
      }
    }
  }

  /** False when the receiver refused the batch for good. */
  private boolean send(List<FamilyMetadata> batch) throws InterruptedException {
    byte[] compressed;
    try {
      compressed = Snappy.compress(Prompb.encodeMetadataRequest(batch));
    } catch (IOException e) {
      throw new IllegalStateException("encoding metadata failed", e);
    }
    RemoteWriteConfig.QueueConfig qc = config.queueConfig();
    long backoff = qc.minBackoff().toMillis();
    long maxBackoff = qc.maxBackoff().toMillis();
    while (running) {
      String failure;
      long wait = backoff;
      try {
        WriteClient.Result r = client.send(compressed, compressed.length);
        if (r.ok()) {
          metrics.metadataSent.add(batch.size());
          metrics.metadataBytes.add(compressed.length);
          return true;
        }
        boolean retry = r.status() / 100 == 5 || (r.status() == 429 && qc.retryOnHttp429());
        if (!retry) {
          LOG.error("remote write {}: receiver answered {} ({}) to metadata; dropping it",
              remoteName, r.status(), r.body());
          return false;
        }
        if (r.retryAfterMillis() >= 0 && r.status() == 429) {
          wait = Math.min(Math.max(r.retryAfterMillis(), backoff), maxBackoff);
        }
        failure = "HTTP " + r.status() + " " + r.body();
      } catch (InterruptedIOException e) {
        if (!running) {
          throw new InterruptedException();
        }
        failure = e.toString();
      } catch (IOException e) {
        failure = e.toString();
      }
      metrics.metadataRetried.add(batch.size());
      LOG.warn("remote write {}: metadata: {}; retrying in {} ms", remoteName, failure, wait);
      Thread.sleep(wait);
      backoff = Math.min(backoff * 2, maxBackoff);
    }
    throw new InterruptedException();
  }
}
