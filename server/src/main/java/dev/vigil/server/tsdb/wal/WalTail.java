package dev.vigil.server.tsdb.wal;

import dev.vigil.server.model.Labels;
import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.function.LongSupplier;
import java.util.zip.CRC32C;

/**
 * Follows a WAL directory while a {@link Wal} writes to it, for readers that ship the log
 * elsewhere (remote write). Unlike {@link WalReader} it never repairs anything: a record not yet
 * complete at the end of the newest segment is simply not read yet, and is read on a later call.
 *
 * <p>A position is a segment number and a byte offset at a record boundary. Reading resumes there;
 * when that segment was folded into a checkpoint meanwhile (see {@link Checkpoint}), reading
 * continues at the oldest segment left and {@link #skippedSegments()} counts the jump, so the
 * caller can say data was lost. Not thread-safe: one reader thread.
 */
public final class WalTail implements Closeable {
  /** A record boundary: {@code offset} bytes into segment {@code segment}. */
  public record Position(int segment, long offset) implements Comparable<Position> {
    @Override
    public int compareTo(Position o) {
      int c = Integer.compare(segment, o.segment);
      return c != 0 ? c : Long.compare(offset, o.offset);
    }
  }

  /** Receives records; {@link #onRecord(int, long)} comes before the decoded content of each. */
  public interface Handler extends WalReader.Handler {
    /** A record starting at {@code offset} of {@code segment} follows. */
    void onRecord(int segment, long offset);
  }

  private final Path dir;
  private final CRC32C crc = new CRC32C();
  private final Labels.Builder labels = new Labels.Builder();
  private final ByteBuffer header = ByteBuffer.allocate(WalBatch.HEADER_SIZE);
  private ByteBuffer payload = ByteBuffer.allocate(64 * 1024);
  private FileChannel open;
  private int openSegment = -1;
  private long skippedSegments;
  private long corruptRecords;
  private final LongSupplier changes;
  /** The writer's change count when a read last ended with nothing more, and where it ended. */
  private long idleChanges = -1;
  private Position idleAt;

  /** A tail that looks at the files on every read. */
  public WalTail(Path dir) {
    this(dir, null);
  }

  /**
   * A tail of a log written in this process: {@code changes} is its writer's {@link
   * Wal#changes}, so a read at the end with nothing new written since costs no system call.
   */
  public WalTail(Path dir, LongSupplier changes) {
    this.dir = dir;
    this.changes = changes;
  }

  /** The oldest segment in the directory, or -1 when there is none. */
  public int firstSegment() throws IOException {
    List<Integer> segs = Segments.list(dir);
    return segs.isEmpty() ? -1 : segs.get(0);
  }

  /** The newest segment in the directory (the one being written), or -1. */
  public int lastSegment() throws IOException {
    List<Integer> segs = Segments.list(dir);
    return segs.isEmpty() ? -1 : segs.get(segs.size() - 1);
  }

  /** The number of the latest checkpoint, or -1 when there is none. */
  public int latestCheckpoint() throws IOException {
    List<Integer> cps = Segments.checkpoints(dir);
    return cps.isEmpty() ? -1 : cps.get(cps.size() - 1);
  }

  /**
   * Passes the series records of the latest checkpoint to {@code handler} (its samples are
   * skipped: they are older than anything a tail resumes at) and returns the checkpoint's
   * number, or -1 when there is none. Series defined before the first segment left live there.
   */
  public int readCheckpointSeries(WalReader.Handler handler) throws IOException {
    List<Integer> cps = Segments.checkpoints(dir);
    if (cps.isEmpty()) {
      return -1;
    }
    int cp = cps.get(cps.size() - 1);
    Path cpDir = dir.resolve(Segments.checkpointName(cp));
    WalReader.Handler seriesOnly = new WalReader.Handler() {
      @Override
      public void onSeries(long ref, Labels l) {
        handler.onSeries(ref, l);
      }
    };
    try {
      WalReader r = new WalReader(seriesOnly, new ReplayStats());
      for (int n : Segments.list(cpDir)) {
        r.readSegment(cpDir.resolve(Segments.segmentName(n)), false);
      }
    } catch (NoSuchFileException e) {
      // A newer checkpoint replaced it while we read; the caller reads on from the segments.
    }
    return cp;
  }

  /**
   * Reads complete records from {@code from} on, across segments, until there are no more or
   * {@code maxRecords} were read; returns the position after the last record read.
   */
  public Position read(Position from, Handler handler, int maxRecords) throws IOException {
    // Read before the files: a commit that lands during this read changes it, so the next read
    // looks again.
    long seen = changes == null ? -1 : changes.getAsLong();
    if (seen >= 0 && seen == idleChanges && from.equals(idleAt)) {
      return from;
    }
    int seg = from.segment();
    long off = from.offset();
    int first = firstSegment();
    if (first < 0) {
      return from;
    }
    if (seg < first) {
      skippedSegments += first - seg;
      seg = first;
      off = 0;
    }
    int records = 0;
    while (records < maxRecords) {
      FileChannel ch = channel(seg);
      if (ch == null) {
        // A gap (deleted meanwhile) or past the end: go to the next segment that exists.
        int next = nextSegment(seg);
        if (next < 0) {
          return atEnd(new Position(seg, off), seen);
        }
        skippedSegments += next - seg;
        seg = next;
        off = 0;
        continue;
      }
      long got = readRecord(ch, seg, off, handler);
      if (got > 0) {
        off += got;
        records++;
        continue;
      }
      // Nothing complete at off. If a newer segment exists, this one was closed (fsynced) before
      // it was created, so re-check once and then move on: anything left is damage.
      int next = nextSegment(seg);
      if (next < 0) {
        return atEnd(new Position(seg, off), seen);
      }
      got = readRecord(ch, seg, off, handler);
      if (got > 0) {
        off += got;
        records++;
        continue;
      }
      if (off < ch.size()) {
        corruptRecords++;
      }
      seg = next;
      off = 0;
    }
    return new Position(seg, off);
  }

  private Position atEnd(Position p, long seen) {
    idleChanges = seen;
    idleAt = p;
    return p;
  }

  /** Segments the tail jumped over because a checkpoint had deleted them first. */
  public long skippedSegments() {
    return skippedSegments;
  }

  /** Times the rest of a closed segment was skipped as damaged. */
  public long corruptRecords() {
    return corruptRecords;
  }

  /** Bytes of the log from {@code p} to the end of the newest segment: how far behind a reader is. */
  public long bytesBehind(Position p) throws IOException {
    long sum = 0;
    for (int n : Segments.list(dir)) {
      if (n >= p.segment()) {
        long size = sizeOrZero(dir.resolve(Segments.segmentName(n)));
        sum += n == p.segment() ? Math.max(0, size - p.offset()) : size;
      }
    }
    return sum;
  }

  private static long sizeOrZero(Path p) {
    return p.toFile().isFile() ? p.toFile().length() : 0;
  }

  /** Reads the record at {@code off}; returns its framed size, or 0 when none is complete. */
  private long readRecord(FileChannel ch, int seg, long off, Handler handler)
      throws IOException {
    header.clear();
    if (readFully(ch, header, off) < WalBatch.HEADER_SIZE) {
      return 0;
    }
    byte[] h = header.array();
    int len = WalBatch.readInt(h, 0);
    byte type = h[4];
    if (len < 0 || len > ch.size() - off - WalBatch.HEADER_SIZE) {
      return 0;
    }
    if (payload.capacity() < len) {
      payload = ByteBuffer.allocate(Math.max(len, payload.capacity() * 2));
    }
    payload.clear().limit(len);
    if (readFully(ch, payload, off + WalBatch.HEADER_SIZE) < len) {
      return 0;
    }
    crc.reset();
    crc.update(h, 0, 5);
    crc.update(payload.array(), 0, len);
    if ((int) crc.getValue() != WalBatch.readInt(h, 5) || type == 0) {
      return 0; // still being written (or damaged: the caller decides which)
    }
    handler.onRecord(seg, off);
    try {
      WalRecords.decode(type, payload.array(), 0, len, handler, labels);
    } catch (IllegalArgumentException e) {
      corruptRecords++;
    }
    return WalBatch.HEADER_SIZE + len;
  }

  private static int readFully(FileChannel ch, ByteBuffer b, long pos) throws IOException {
    int total = 0;
    while (b.hasRemaining()) {
      int n = ch.read(b, pos + total);
      if (n <= 0) {
        break;
      }
      total += n;
    }
    return total;
  }

  private int nextSegment(int seg) throws IOException {
    for (int n : Segments.list(dir)) {
      if (n > seg) {
        return n;
      }
    }
    return -1;
  }

  private FileChannel channel(int seg) throws IOException {
    if (seg == openSegment && open != null) {
      return open;
    }
    close();
    Path p = dir.resolve(Segments.segmentName(seg));
    if (!Files.isRegularFile(p)) {
      return null;
    }
    try {
      open = FileChannel.open(p, StandardOpenOption.READ);
    } catch (NoSuchFileException e) {
      return null;
    }
    openSegment = seg;
    return open;
  }

  @Override
  public void close() throws IOException {
    if (open != null) {
      open.close();
      open = null;
      openSegment = -1;
    }
  }
}
