package dev.vigil.server.remote;

import dev.vigil.server.config.RemoteWriteConfig;
import dev.vigil.server.model.Labels;
import dev.vigil.server.relabel.Relabeler;
import dev.vigil.server.tsdb.wal.Wal;
import dev.vigil.server.tsdb.wal.WalTail;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One {@code remote_write} destination: a thread tailing the WAL ({@link WalTail}) hands each
 * sample to the shard its series hashes to; the shards send. What a receiver acknowledged is
 * stored in a {@link Progress} file after every request, so after a restart (even a SIGKILL) the
 * queue re-reads the WAL from the start, skips every sample already acknowledged, and sends the
 * rest: nothing acknowledged is sent again, nothing still in the WAL is lost.
 *
 * <p>The number of shards follows the backlog: every {@code reshardInterval} the queue compares
 * how fast samples arrive, plus the backlog (what the shards hold and what the WAL holds past the
 * reader), with how fast one shard sends, and when the wanted count differs by more than 30% it
 * lets the shards drain, then starts the new count (so a series never has samples in two shards
 * at once). It does not reshard while a shard's last send failed: more shards would not help.
 */
final class WriteQueue {
  private static final Logger LOG = LoggerFactory.getLogger(WriteQueue.class);
  private static final long POLL_MILLIS = 20;
  private static final int RECORDS_PER_READ = 512;
  private static final long BLOCKED_CHECK_NANOS = TimeUnit.SECONDS.toNanos(2);
  /** The backlog is to be sent within this many seconds (on top of what keeps arriving). */
  private static final double BACKLOG_SECONDS = 10;

  final RemoteWriteConfig config;
  final String remoteName;
  final QueueMetrics metrics = new QueueMetrics();
  private final Wal wal;
  private final Labels externalLabels;
  private final WriteClient client;
  private final Progress progress;
  private final Object ackLock = new Object();
  /** Acknowledged frontier per shard; guarded by ackLock. */
  private Progress.Frontiers frontiers;
  /** Frontiers found at startup: samples they cover were sent before; null once passed. */
  private Progress.Frontiers resume;
  private volatile Shard[] shards;
  private volatile int desiredShards;
  private final SeriesRefs series = new SeriesRefs();
  /** The checkpoint whose series were last read (-1: none), and the segment they are tagged. */
  private int checkpointRead = -1;
  private int checkpointTag;
  /** The checkpoint up to which gone series were dropped. */
  private int checkpointSwept = -1;
  /** Marks a series whose samples relabelling drops. */
  private static final SeriesEntry DROPPED = new SeriesEntry(Labels.EMPTY);
  private final Thread reader;
  private volatile boolean running = true;
  private volatile boolean draining;
  private volatile long reshardIntervalNanos = TimeUnit.SECONDS.toNanos(10);
  // Reader thread state.
  private int curSeg;
  private long curOff;
  private int curIdx;
  private int readSeg = -1;
  private long readOff = Long.MAX_VALUE;
  private int readIdx = Integer.MAX_VALUE;
  /** The last sample handed to a shard (or skipped): everything up to it is in a shard or done. */
  private int handSeg = -1;
  private long handOff;
  private int handIdx;
  private long lastReshardCheck = System.nanoTime();
  private long inAtLastCheck;
  private long sentAtLastCheck;
  private long sendNanosAtLastCheck;
  private long requestsAtLastCheck;
  /** The reader's tail, for the WAL backlog; set and used by the reader thread. */
  private WalTail tail;
  /** WAL bytes (whole records) and samples the reader has gone through: samples per byte. */
  private long bytesRead;
  private long samplesRead;

  WriteQueue(RemoteWriteConfig config, Wal wal, Path stateDir, Labels externalLabels,
      int currentSegment) throws IOException, GeneralSecurityException {
    this.config = config;
    this.wal = wal;
    this.remoteName = config.name() != null ? config.name() : hash(config.url());
    this.externalLabels = externalLabels;
    this.client = new WriteClient(config);
    this.progress = Progress.open(stateDir.resolve(dirName(config)).resolve("progress"));
    Progress.Frontiers stored = progress.read();
    if (stored != null) {
      resume = stored;
      frontiers = stored.copy();
      LOG.info("remote write {}: resuming after the acknowledged WAL position in {}", remoteName,
          progress.file());
    } else {
      // A new destination starts with what is written from now on, as Prometheus does.
      int shards = Math.max(1, config.queueConfig().minShards());
      frontiers = new Progress.Frontiers(shards, currentSegment - 1, Long.MAX_VALUE,
          Integer.MAX_VALUE);
      progress.write(frontiers);
    }
    desiredShards = frontiers.shards();
    shards = newShards(frontiers.shards());
    reader = new Thread(this::readLoop, "remote-write " + remoteName + " reader");
    reader.setDaemon(true);
  }

  /** The state directory's name: the queue's name, or a hash of its URL when it has none. */
  static String dirName(RemoteWriteConfig c) {
    return c.name() != null ? c.name().replaceAll("[^A-Za-z0-9_.-]", "_") : hash(c.url());
  }

  static String hash(String s) {
    try {
      byte[] d = MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(d, 0, 3);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  void start() {
    for (Shard s : shards) {
      s.start();
    }
    reader.start();
  }

  /** For tests: how often shard counts are reconsidered. */
  void reshardInterval(long millis) {
    reshardIntervalNanos = TimeUnit.MILLISECONDS.toNanos(millis);
  }

  int shardCount() {
    return shards.length;
  }

  int desiredShards() {
    return desiredShards;
  }

  long pending() {
    long sum = 0;
    for (Shard s : shards) {
      sum += s.pending();
    }
    return sum;
  }

  long pendingExemplars() {
    long sum = 0;
    for (Shard s : shards) {
      sum += s.pendingExemplars();
    }
    return sum;
  }

  /** The lowest WAL segment this queue still needs (the TSDB keeps it out of checkpoints). */
  int lowestSegmentNeeded() {
    synchronized (ackLock) {
      int low = frontiers.lowestSegment();
      return resume != null ? Math.min(low, resume.lowestSegment()) : low;
    }
  }

  private Shard[] newShards(int n) {
    Shard[] out = new Shard[n];
    for (int i = 0; i < n; i++) {
      out[i] = new Shard(i, config.queueConfig(), client, metrics, this::acked, remoteName);
    }
    return out;
  }

  /** A shard's batch is done: move its frontier and store it before the next request. */
  private void acked(int shard, int seg, long off, int idx) {
    synchronized (ackLock) {
      if (shard >= frontiers.shards()) {
        return;
      }
      frontiers.segment[shard] = seg;
      frontiers.offset[shard] = off;
      frontiers.index[shard] = idx;
      storeProgress();
    }
  }

  private void storeProgress() {
    try {
      progress.write(frontiers);
    } catch (IOException e) {
      // Only the restart position goes stale: a restart would resend a little, not lose.
      LOG.error("remote write {}: cannot store progress in {}: {}", remoteName, progress.file(),
          e.toString());
    }
  }

  private void readLoop() {
    WalTail.Handler handler = new WalTail.Handler() {
      @Override
      public void onRecord(int segment, long offset) {
        if (segment == curSeg && offset > curOff) {
          bytesRead += offset - curOff; // the record before this one
        }
        curSeg = segment;
        curOff = offset;
        curIdx = 0;
      }

      @Override
      public void onSeries(long ref, Labels labels) {
        series.put(ref, entry(labels), curSeg);
      }

      @Override
      public void onSample(long ref, long t, double v) {
        try {
          entry(ref, null, t, v);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IllegalStateException("interrupted");
        }
      }

      @Override
      public void onExemplar(long ref, long t, double v, Labels labels) {
        if (!config.sendExemplars()) {
          return; // nothing is handed over, so nothing needs acknowledging either
        }
        try {
          entry(ref, labels, t, v);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IllegalStateException("interrupted");
        }
      }
    };
    WalTail.Handler checkpointSeries = new WalTail.Handler() {
      @Override
      public void onRecord(int segment, long offset) {}

      @Override
      public void onSeries(long ref, Labels labels) {
        if (!series.mark(ref, checkpointTag)) {
          series.put(ref, entry(labels), checkpointTag);
        }
      }
    };
    try (WalTail tail = new WalTail(wal.dir(), wal::changes)) {
      this.tail = tail;
      readCheckpoint(tail, checkpointSeries);
      int first = tail.firstSegment();
      WalTail.Position pos = new WalTail.Position(Math.max(first, 0), 0);
      long skipped = 0;
      while (running) {
        WalTail.Position next = tail.read(pos, handler, RECORDS_PER_READ);
        if (tail.skippedSegments() != skipped) {
          // A checkpoint folded segments we had not read: their series records live there now.
          skipped = tail.skippedSegments();
          metrics.walSegmentsSkipped = skipped;
          readCheckpoint(tail, checkpointSeries);
        }
        if (next.segment() != pos.segment()) {
          forgetGoneSeries(tail, checkpointSeries, next.segment());
        }
        metrics.seriesKnown = series.size();
        boolean atEnd = next.equals(pos);
        pos = next;
        advanceIdleShards();
        if (atEnd) {
          if (draining) {
            return;
          }
          maybeReshard(false);
          Thread.sleep(POLL_MILLIS);
        }
      }
    } catch (InterruptedException | IllegalStateException e) {
      // stopping
    } catch (IOException | RuntimeException e) {
      LOG.error("remote write {}: reading the WAL failed; this queue stops sending", remoteName, e);
    }
  }

  private void readCheckpoint(WalTail tail, WalTail.Handler checkpointSeries)
      throws IOException {
    int cp = tail.latestCheckpoint();
    if (cp >= 0) {
      checkpointTag = cp + 1; // it names what was alive after segment cp, as segment cp+1 would
      tail.readCheckpointSeries(checkpointSeries);
      checkpointRead = Math.max(checkpointRead, cp);
    }
  }

  /**
   * Once the reader is past a newer checkpoint, the series that only segments up to it named and
   * that it does not name left the head: no later record refers to them, so they are dropped,
   * and the map stays the size of the head however many series come and go.
   */
  private void forgetGoneSeries(WalTail tail, WalTail.Handler checkpointSeries, int readerSegment)
      throws IOException {
    int cp = tail.latestCheckpoint();
    if (cp <= checkpointSwept || readerSegment <= cp) {
      return;
    }
    if (cp > checkpointRead) {
      readCheckpoint(tail, checkpointSeries);
    }
    checkpointSwept = cp;
    int gone = series.dropNamedBefore(cp + 1);
    LOG.debug("remote write {}: {} series gone from the head since checkpoint {}", remoteName,
        gone, cp);
  }

  private SeriesEntry entry(Labels labels) {
    Labels l = labels;
    if (!externalLabels.isEmpty()) {
      Labels.Builder b = l.toBuilder();
      for (int i = 0; i < externalLabels.size(); i++) {
        if (l.get(externalLabels.name(i)) == null) {
          b.set(externalLabels.name(i), externalLabels.value(i));
        }
      }
      l = b.build();
    }
    l = Relabeler.process(l, config.writeRelabelConfigs());
    return l == null || l.isEmpty() ? DROPPED : new SeriesEntry(l);
  }

  /** A sample ({@code exemplar} null) or an exemplar with these labels, read from the WAL. */
  private void entry(long ref, Labels exemplar, long t, double v) throws InterruptedException {
    int idx = curIdx++;
    readSeg = curSeg;
    readOff = curOff;
    readIdx = idx;
    Shard[] ss = shards;
    if (resume != null) {
      int old = shardOf(ref, resume.shards());
      if (resume.covers(old, curSeg, curOff, idx)) {
        handed(idx);
        return; // acknowledged before the restart
      }
      if (pastResume()) {
        synchronized (ackLock) {
          resume = null;
        }
      }
    }
    (exemplar == null ? metrics.samplesIn : metrics.exemplarsIn).increment();
    SeriesEntry e = series.get(ref);
    if (e == null || e == DROPPED) {
      (exemplar == null ? metrics.samplesDropped : metrics.exemplarsDropped).increment();
      handed(idx);
      return;
    }
    if (exemplar == null) {
      QueueMetrics.max(metrics.highestReadMs, t);
      samplesRead++;
    }
    // While shards are full the reader waits here, so this is also where a backlog gets more
    // shards: resharding drains the shards, and this sample then goes to the new set.
    while (!ss[shardOf(ref, ss.length)].offer(e, exemplar, t, v, curSeg, curOff, idx, 10)) {
      if (!running || ss[shardOf(ref, ss.length)].stopped()) {
        throw new IllegalStateException("stopped");
      }
      maybeReshard(true);
      ss = shards;
    }
    handed(idx);
  }

  /** Every sample up to the current one was handed to a shard, skipped or dropped. */
  private void handed(int idx) {
    handSeg = curSeg;
    handOff = curOff;
    handIdx = idx;
  }

  /** Whether the reader is past every frontier found at startup. */
  private boolean pastResume() {
    for (int s = 0; s < resume.shards(); s++) {
      if (resume.covers(s, readSeg, readOff, readIdx)) {
        return false;
      }
    }
    return true;
  }

  static int shardOf(long ref, int shards) {
    long h = ref * 0x9E3779B97F4A7C15L; // spread consecutive refs over shards
    return (int) Math.floorMod(h >>> 17, (long) shards);
  }

  /**
   * A shard with nothing queued or in flight has had everything the reader gave it acknowledged,
   * so its frontier may move to what the reader has read; otherwise an idle shard would hold the
   * WAL (and the restart position) back forever.
   */
  private void advanceIdleShards() {
    if (handSeg < 0 || resume != null) {
      return;
    }
    Shard[] ss = shards;
    synchronized (ackLock) {
      boolean changed = false;
      for (int i = 0; i < ss.length && i < frontiers.shards(); i++) {
        if (ss[i].idle() && !frontiers.covers(i, handSeg, handOff, handIdx)) {
          frontiers.segment[i] = handSeg;
          frontiers.offset[i] = handOff;
          frontiers.index[i] = handIdx;
          changed = true;
        }
      }
      if (changed) {
        storeProgress();
      }
    }
  }

  /**
   * {@code blocked}: the reader is waiting for a full shard. Then the shards are behind, and the
   * queue looks every {@link #BLOCKED_CHECK_NANOS} (not every interval) whether it needs more of
   * them, so that after an outage it grows in seconds; it only shrinks on the interval.
   */
  private void maybeReshard(boolean blocked) throws InterruptedException {
    long now = System.nanoTime();
    long elapsed = now - lastReshardCheck;
    if (elapsed < (blocked ? Math.min(reshardIntervalNanos, BLOCKED_CHECK_NANOS)
        : reshardIntervalNanos)) {
      return;
    }
    lastReshardCheck = now;
    long in = metrics.samplesIn.sum();
    long sent = metrics.samplesSent.sum();
    long sendNanos = metrics.sendNanos.sum();
    long requests = metrics.requestsSent.sum();
    long dIn = in - inAtLastCheck;
    long dSent = sent - sentAtLastCheck;
    long dNanos = sendNanos - sendNanosAtLastCheck;
    long dReq = requests - requestsAtLastCheck;
    inAtLastCheck = in;
    sentAtLastCheck = sent;
    sendNanosAtLastCheck = sendNanos;
    requestsAtLastCheck = requests;
    Shard[] ss = shards;
    for (Shard s : ss) {
      if (s.failing()) {
        return;
      }
    }
    if (dReq == 0 || dSent == 0 || resume != null) {
      return;
    }
    // Seconds one shard needs per sample, times the samples to send per second (what arrived
    // plus the backlog spread over BACKLOG_SECONDS) = shards needed. While the shards are full
    // the reader waits, so after an outage most of the backlog is still in the WAL.
    double perSample = dNanos / 1e9 / dSent;
    double backlogPerSecond = (pending() + walBacklog()) / BACKLOG_SECONDS;
    double want = (dIn / (elapsed / 1e9) + backlogPerSecond) * perSample;
    RemoteWriteConfig.QueueConfig qc = config.queueConfig();
    int desired = (int) Math.ceil(want * 1.1);
    desired = Math.max(Math.max(1, qc.minShards()), Math.min(qc.maxShards(), desired));
    desiredShards = desired;
    int current = ss.length;
    if (desired == current || Math.abs(desired - current) < Math.max(1, current * 0.3)
        || (desired < current && elapsed < reshardIntervalNanos)) {
      return;
    }
    reshard(desired);
  }

  /** Samples in the WAL past the reader, estimated from the samples per byte read so far. */
  private long walBacklog() {
    WalTail t = tail;
    if (t == null || bytesRead == 0 || handSeg < 0) {
      return 0;
    }
    try {
      long behind = t.bytesBehind(new WalTail.Position(curSeg, curOff));
      return (long) (behind * ((double) samplesRead / bytesRead));
    } catch (IOException e) {
      return 0; // a segment went away meanwhile; the next check sees the backlog
    }
  }

  /** Lets every shard drain, then replaces them with {@code n}; gives up if draining stalls. */
  private void reshard(int n) throws InterruptedException {
    if (handSeg < 0) {
      return; // nothing read yet; the next check decides again
    }
    Shard[] old = shards;
    long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    for (Shard s : old) {
      s.flush();
    }
    for (Shard s : old) {
      while (!s.idle()) {
        if (System.nanoTime() > until || !running) {
          LOG.info("remote write {}: shards did not drain; keeping {} shards", remoteName,
              old.length);
          return;
        }
        Thread.sleep(5);
      }
    }
    for (Shard s : old) {
      s.stop();
    }
    Shard[] next = newShards(n);
    synchronized (ackLock) {
      // Drained: everything handed over is done, so every new shard starts there.
      frontiers = new Progress.Frontiers(n, handSeg, handOff, handIdx);
      storeProgress();
    }
    shards = next;
    for (Shard s : next) {
      s.start();
    }
    LOG.info("remote write {}: resharded from {} to {} shards", remoteName, old.length, n);
  }

  /**
   * Stops: the reader reads to the end of the WAL, the shards get up to {@code flushMillis} to
   * send what they hold, then everything stops. Unsent samples stay in the WAL for next time.
   */
  void stop(long flushMillis) {
    draining = true;
    try {
      reader.join(Math.max(1, flushMillis / 2));
      running = false;
      reader.interrupt();
      reader.join(5_000);
      long until = System.currentTimeMillis() + flushMillis;
      for (Shard s : shards) {
        s.flush();
      }
      for (Shard s : shards) {
        while (!s.idle() && System.currentTimeMillis() < until) {
          Thread.sleep(5);
        }
      }
      for (Shard s : shards) {
        s.stop();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    try {
      progress.close();
    } catch (IOException e) {
      LOG.warn("remote write {}: closing {}: {}", remoteName, progress.file(), e.toString());
    }
  }
}
