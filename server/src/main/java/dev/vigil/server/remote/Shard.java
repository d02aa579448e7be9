package dev.vigil.server.remote;

import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.WireFormat;
import dev.vigil.server.config.RemoteWriteConfig;
import dev.vigil.server.model.Labels;
import java.io.IOException;
import java.io.InterruptedIOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xerial.snappy.Snappy;

/**
 * One shard of a remote write queue: a bounded FIFO of samples filled by the queue's reader, and
 * a thread sending them in batches of up to {@code max_samples_per_send} (or what has arrived
 * when {@code batch_send_deadline} passes). A series always goes to the same shard, so its
 * samples leave in order. Recoverable failures (network errors, 5xx, and 429 when
 * {@code retry_on_http_429}) are retried with exponential backoff until they succeed or the
 * queue stops; other 4xx answers drop the batch and count it failed.
 *
 * <p>The queue is primitive arrays in a ring, not objects per sample: nothing is allocated per
 * sample on the way from the WAL to the wire. An exemplar ({@code send_exemplars}) takes a slot
 * like a sample, marked by its labels, and counts towards {@code max_samples_per_send}. It leaves
 * in a TimeSeries of its series: one per run of consecutive entries of a series, so usually apart
 * from that series' samples, which the WAL holds in an earlier record of the same commit.
 */
final class Shard implements Runnable {
  private static final Logger LOG = LoggerFactory.getLogger(Shard.class);

  /** Told when a batch is done (acknowledged, or dropped as unrecoverable). */
  interface Acks {
    void done(int shard, int segment, long offset, int index);
  }

  private final int id;
  private final RemoteWriteConfig.QueueConfig qc;
  private final WriteClient client;
  private final QueueMetrics metrics;
  private final Acks acks;
  private final String queueName;
  private final Object lock = new Object();
  // Ring buffer, guarded by lock.
  private final SeriesEntry[] series;
  private final long[] ts;
  private final double[] vs;
  private final int[] segs;
  private final long[] offs;
  private final int[] idxs;
  /** An exemplar's own labels; null in a sample's slot. */
  private final Labels[] exLabels;
  private int head;
  private int size;
  private int inFlight;
  /** Exemplars among size and inFlight (the rest are samples). */
  private int queuedExemplars;
  private int inFlightExemplars;
  private boolean stopping;
  private boolean flushing;
  private volatile boolean running = true;
  private volatile long lastFailureNanos;
  private volatile long lastSuccessNanos;
  // The batch being sent; only the shard's thread touches these.
  private final SeriesEntry[] bSeries;
  private final long[] bTs;
  private final double[] bVs;
  private final Labels[] bEx;
  private byte[] raw = new byte[64 * 1024];
  private byte[] compressed = new byte[64 * 1024];
  private Thread thread;

  Shard(int id, RemoteWriteConfig.QueueConfig qc, WriteClient client, QueueMetrics metrics,
      Acks acks, String queueName) {
    this.id = id;
    this.qc = qc;
    this.client = client;
    this.metrics = metrics;
    this.acks = acks;
    this.queueName = queueName;
    int cap = Math.max(qc.capacity(), qc.maxSamplesPerSend());
    series = new SeriesEntry[cap];
    ts = new long[cap];
    vs = new double[cap];
    segs = new int[cap];
    offs = new long[cap];
    idxs = new int[cap];
    exLabels = new Labels[cap];
    bSeries = new SeriesEntry[qc.maxSamplesPerSend()];
    bTs = new long[qc.maxSamplesPerSend()];
    bVs = new double[qc.maxSamplesPerSend()];
    bEx = new Labels[qc.maxSamplesPerSend()];
  }

  void start() {
    thread = new Thread(this, "remote-write " + queueName + " shard " + id);
    thread.setDaemon(true);
    thread.start();
  }

  /**
   * Adds a sample, waiting up to {@code waitMillis} while the shard is full; false when it
   * stayed full or the shard stopped (see {@link #stopped}).
   */
  boolean offer(SeriesEntry s, long t, double v, int seg, long off, int idx, long waitMillis)
      throws InterruptedException {
    return offer(s, null, t, v, seg, off, idx, waitMillis);
  }

  /** {@link #offer} for a sample ({@code exemplar} null) or an exemplar with these labels. */
  boolean offer(SeriesEntry s, Labels exemplar, long t, double v, int seg, long off, int idx,
      long waitMillis) throws InterruptedException {
    synchronized (lock) {
      long until = System.currentTimeMillis() + waitMillis;
      while (size == series.length && !stopping) {
        long left = until - System.currentTimeMillis();
        if (left <= 0) {
          return false;
        }
        lock.wait(left);
      }
      if (stopping) {
        return false;
      }
      int p = (head + size) % series.length;
      series[p] = s;
      ts[p] = t;
      vs[p] = v;
      segs[p] = seg;
      offs[p] = off;
      idxs[p] = idx;
      exLabels[p] = exemplar;
      if (exemplar != null) {
        queuedExemplars++;
      }
      size++;
      if (size == 1 || size >= qc.maxSamplesPerSend()) {
        lock.notifyAll();
      }
      return true;
    }
  }

  boolean stopped() {
    synchronized (lock) {
      return stopping;
    }
  }

  /** Samples queued or being sent. */
  int pending() {
    synchronized (lock) {
      return size + inFlight - queuedExemplars - inFlightExemplars;
    }
  }

  /** Exemplars queued or being sent. */
  int pendingExemplars() {
    synchronized (lock) {
      return queuedExemplars + inFlightExemplars;
    }
  }

  /** Whether nothing is queued or in flight (then every sample handed over is done). */
  boolean idle() {
    synchronized (lock) {
      return size == 0 && inFlight == 0;
    }
  }

  /** Whether the last send failed recoverably (and is being retried). */
  boolean failing() {
    long f = lastFailureNanos;
    return f != 0 && f - lastSuccessNanos > 0;
  }

  /** Sends what is queued without waiting for full batches (used when stopping). */
  void flush() {
    synchronized (lock) {
      flushing = true;
      lock.notifyAll();
    }
  }

  /** Stops at once: queued samples stay unsent (the WAL still has them). */
  void stop() throws InterruptedException {
    synchronized (lock) {
      stopping = true;
      lock.notifyAll();
    }
    running = false;
    if (thread != null) {
      thread.interrupt();
      thread.join(10_000);
    }
  }

  @Override
  public void run() {
    try {
      while (running) {
        int n = takeBatch();
        if (n < 0) {
          return;
        }
        if (n > 0) {
          sendBatch(n);
        }
      }
    } catch (InterruptedException e) {
      // stopping
    } catch (RuntimeException e) {
      LOG.error("remote write {} shard {} failed", queueName, id, e);
    }
  }

  /** Waits for a batch and moves it to the b* arrays; -1 when stopping. */
  private int takeBatch() throws InterruptedException {
    int max = qc.maxSamplesPerSend();
    long deadlineNanos = qc.batchSendDeadline().toNanos();
    synchronized (lock) {
      while (size == 0 && !stopping) {
        lock.wait();
      }
      long until = System.nanoTime() + deadlineNanos;
      while (size < max && !stopping && !flushing) {
        long left = until - System.nanoTime();
        if (left <= 0) {
          break;
        }
        lock.wait(Math.max(1, left / 1_000_000), 0);
      }
      if (stopping) {
        return -1;
      }
      int n = Math.min(size, max);
      int ex = 0;
      for (int i = 0; i < n; i++) {
        int p = (head + i) % series.length;
        bSeries[i] = series[p];
        bTs[i] = ts[p];
        bVs[i] = vs[p];
        bEx[i] = exLabels[p];
        if (exLabels[p] != null) {
          ex++;
        }
        series[p] = null;
        exLabels[p] = null;
      }
      queuedExemplars -= ex;
      inFlightExemplars = ex;
      int last = (head + n - 1) % series.length;
      lastSeg = segs[last];
      lastOff = offs[last];
      lastIdx = idxs[last];
      head = (head + n) % series.length;
      size -= n;
      inFlight = n;
      lock.notifyAll();
      return n;
    }
  }

  private int lastSeg;
  private long lastOff;
  private int lastIdx;

  private void sendBatch(int total) throws InterruptedException {
    int len = encode(total);
    int clen = compress(len);
    long backoff = qc.minBackoff().toMillis();
    long maxBackoff = qc.maxBackoff().toMillis();
    long highest = Long.MIN_VALUE;
    int ex = 0;
    for (int i = 0; i < total; i++) {
      if (bEx[i] != null) {
        ex++;
      } else {
        highest = Math.max(highest, bTs[i]);
      }
    }
    int n = total - ex; // samples; metrics count the two apart, as Prometheus's do
    while (running) {
      String failure;
      long wait = backoff;
      long started = System.nanoTime();
      try {
        WriteClient.Result r = client.send(compressed, clen);
        metrics.sendNanos.add(System.nanoTime() - started);
        metrics.requestsSent.increment();
        if (r.ok()) {
          lastSuccessNanos = System.nanoTime();
          metrics.samplesSent.add(n);
          metrics.exemplarsSent.add(ex);
          metrics.bytesSent.add(clen);
          if (n > 0) {
            QueueMetrics.max(metrics.highestSentMs, highest);
          }
          done(total);
          return;
        }
        boolean retry = r.status() / 100 == 5 || (r.status() == 429 && qc.retryOnHttp429());
        if (!retry) {
          metrics.samplesFailed.add(n);
          metrics.exemplarsFailed.add(ex);
          LOG.error("remote write {}: receiver answered {} ({}); dropping {} samples and {}"
              + " exemplars", queueName, r.status(), r.body(), n, ex);
          done(total);
          return;
        }
        if (r.retryAfterMillis() >= 0 && r.status() == 429) {
          wait = Math.min(Math.max(r.retryAfterMillis(), backoff), maxBackoff);
        }
        failure = "HTTP " + r.status() + " " + r.body();
      } catch (InterruptedIOException e) {
        if (!running) {
          return;
        }
        failure = e.toString();
      } catch (IOException e) {
        failure = e.toString();
      }
      lastFailureNanos = System.nanoTime();
      metrics.samplesRetried.add(n);
      metrics.exemplarsRetried.add(ex);
      LOG.warn("remote write {}: {}; retrying {} samples and {} exemplars in {} ms", queueName,
          failure, n, ex, wait);
      Thread.sleep(wait);
      backoff = Math.min(backoff * 2, maxBackoff);
    }
  }

  private void done(int n) {
    acks.done(id, lastSeg, lastOff, lastIdx);
    synchronized (lock) {
      inFlight = 0;
      inFlightExemplars = 0;
    }
    for (int i = 0; i < n; i++) {
      bSeries[i] = null;
      bEx[i] = null;
    }
  }

  /** Size of entry {@code k} inside a TimeSeries: a Sample or an Exemplar field. */
  private int entrySize(int k) {
    int s = bEx[k] == null ? Prompb.sampleSize(bTs[k], bVs[k])
        : Prompb.exemplarSize(bEx[k], bTs[k], bVs[k]);
    return 1 + CodedOutputStream.computeUInt32SizeNoTag(s) + s;
  }

  /**
   * The WriteRequest for the batch into {@link #raw}: one TimeSeries per run of consecutive
   * samples and exemplars of one series, label fields copied from the series' cached encoding.
   */
  private int encode(int n) {
    int total = 0;
    for (int i = 0; i < n; ) {
      int j = i;
      int body = bSeries[i].labelFields.length;
      while (j < n && bSeries[j] == bSeries[i]) {
        body += entrySize(j);
        j++;
      }
      total += 1 + CodedOutputStream.computeUInt32SizeNoTag(body) + body;
      i = j;
    }
    if (raw.length < total) {
      raw = new byte[Math.max(total, raw.length * 2)];
    }
    CodedOutputStream o = CodedOutputStream.newInstance(raw, 0, total);
    try {
      for (int i = 0; i < n; ) {
        SeriesEntry s = bSeries[i];
        int j = i;
        int body = s.labelFields.length;
        while (j < n && bSeries[j] == s) {
          body += entrySize(j);
          j++;
        }
        o.writeTag(Prompb.WR_TIMESERIES, WireFormat.WIRETYPE_LENGTH_DELIMITED);
        o.writeUInt32NoTag(body);
        o.writeRawBytes(s.labelFields);
        for (int k = i; k < j; k++) {
          if (bEx[k] == null) {
            Prompb.writeSample(o, Prompb.TS_SAMPLES, bTs[k], bVs[k]);
          } else {
            Prompb.writeExemplar(o, bEx[k], bTs[k], bVs[k]);
          }
        }
        i = j;
      }
      o.checkNoSpaceLeft();
    } catch (IOException e) {
      throw new IllegalStateException("WriteRequest encoding overran its computed size", e);
    }
    return total;
  }

  private int compress(int len) {
    int max = Snappy.maxCompressedLength(len);
    if (compressed.length < max) {
      compressed = new byte[Math.max(max, compressed.length * 2)];
    }
    try {
      return Snappy.compress(raw, 0, len, compressed, 0);
    } catch (IOException e) {
      throw new IllegalStateException("snappy compression failed", e);
    }
  }
}
