package dev.vigil.server.remote;

import java.io.Closeable;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.CRC32C;

/**
 * A queue's acknowledged position in the WAL, one per shard, kept in
 * {@code <data>/remote_write/<queue>/progress} so a restart resends only what the receiver has not
 * acknowledged.
 *
 * <p>Each shard sends its samples in WAL order, so what a shard has had acknowledged is a prefix
 * of its stream, named by the key of its last acknowledged sample: segment, offset of the
 * record, index of the sample inside the record. Layout (big-endian): {@code "VRWP"}, version
 * byte 1, shard count u16, then per shard {@code segment i32, offset i64, index i32}, then a
 * CRC32C of everything before it. The whole file is rewritten with one {@code write} call after
 * every acknowledged request: the kernel applies it whole, so a killed process leaves either the
 * old or the new content, never a mix. A machine crash can tear it; the checksum then fails and
 * the queue starts over from the oldest segment kept (resending, never losing).
 */
final class Progress implements Closeable {
  private static final int MAGIC = 0x56525750; // "VRWP"
  private static final int PER_SHARD = 16;

  /** Shard frontiers: sample keys compare by segment, then offset, then index. */
  static final class Frontiers {
    final int[] segment;
    final long[] offset;
    final int[] index;

    Frontiers(int shards, int segment, long offset, int index) {
      this.segment = new int[shards];
      this.offset = new long[shards];
      this.index = new int[shards];
      java.util.Arrays.fill(this.segment, segment);
      java.util.Arrays.fill(this.offset, offset);
      java.util.Arrays.fill(this.index, index);
    }

    int shards() {
      return segment.length;
    }

    /** Whether the sample with this key is at or before shard {@code s}'s frontier. */
    boolean covers(int s, int seg, long off, int idx) {
      if (seg != segment[s]) {
        return seg < segment[s];
      }
      if (off != offset[s]) {
        return off < offset[s];
      }
      return idx <= index[s];
    }

    int lowestSegment() {
      int min = Integer.MAX_VALUE;
      for (int s : segment) {
        min = Math.min(min, s);
      }
      return min;
    }

    Frontiers copy() {
      Frontiers f = new Frontiers(shards(), 0, 0, 0);
      System.arraycopy(segment, 0, f.segment, 0, shards());
      System.arraycopy(offset, 0, f.offset, 0, shards());
      System.arraycopy(index, 0, f.index, 0, shards());
      return f;
    }
  }

  private final Path file;
  private final RandomAccessFile raf;
  private final CRC32C crc = new CRC32C();
  private ByteBuffer buf = ByteBuffer.allocate(64);

  private Progress(Path file) throws IOException {
    this.file = file;
    Files.createDirectories(file.getParent());
    this.raf = new RandomAccessFile(file.toFile(), "rw");
  }

  static Progress open(Path file) throws IOException {
    return new Progress(file);
  }

  /** The stored frontiers, or null when there are none (a new queue) or they do not verify. */
  synchronized Frontiers read() throws IOException {
    long len = raf.length();
    if (len < 11 || len > 1 << 20) {
      return null;
    }
    byte[] b = new byte[(int) len];
    raf.seek(0);
    raf.readFully(b);
    ByteBuffer in = ByteBuffer.wrap(b);
    if (in.getInt() != MAGIC || in.get() != 1) {
      return null;
    }
    int n = in.getShort() & 0xFFFF;
    int body = 7 + n * PER_SHARD;
    if (n == 0 || body + 4 > len) {
      return null;
    }
    crc.reset();
    crc.update(b, 0, body);
    if ((int) crc.getValue() != ByteBuffer.wrap(b, body, 4).getInt()) {
      return null;
    }
    Frontiers f = new Frontiers(n, 0, 0, 0);
    for (int s = 0; s < n; s++) {
      f.segment[s] = in.getInt();
      f.offset[s] = in.getLong();
      f.index[s] = in.getInt();
    }
    return f;
  }

  /** Replaces the stored frontiers with one write (see the class comment). */
  synchronized void write(Frontiers f) throws IOException {
    int n = f.shards();
    int size = 7 + n * PER_SHARD + 4;
    if (buf.capacity() < size) {
      buf = ByteBuffer.allocate(size);
    }
    buf.clear();
    buf.putInt(MAGIC).put((byte) 1).putShort((short) n);
    for (int s = 0; s < n; s++) {
      buf.putInt(f.segment[s]).putLong(f.offset[s]).putInt(f.index[s]);
    }
    crc.reset();
    crc.update(buf.array(), 0, buf.position());
    buf.putInt((int) crc.getValue());
    raf.seek(0);
    raf.write(buf.array(), 0, size);
    // A shorter content than before (fewer shards) leaves a tail the length field ignores,
    // but trimming it keeps the file honest for people reading it.
    if (raf.length() > size) {
      raf.setLength(size);
    }
  }

  Path file() {
    return file;
  }

  @Override
  public synchronized void close() throws IOException {
    raf.close();
  }
}
