package dev.vigil.server.tsdb.block;

import dev.vigil.server.tsdb.chunkenc.Chunk;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.zip.CRC32C;

/**
 * Writes chunks into {@code chunks/000001, 000002, ...}, starting a new segment when the next
 * chunk would pass the size limit. Each closed segment is fsynced before the next is opened.
 */
final class ChunkSegmentWriter implements AutoCloseable {
  /** "VCHK": tells a chunk segment from any other file. */
  static final int MAGIC = 0x5643484B;
  static final int VERSION = 1;
  /** Magic, version, three zero bytes (room for flags without moving the first chunk). */
  static final int HEADER_BYTES = 8;
  /** Offsets in a chunk ref are 32 bits, and a mapped buffer holds at most 2 GiB. */
  static final long MAX_SEGMENT_BYTES = 512L << 20;

  private final Path dir;
  private final long maxBytes;
  private final Enc rec = new Enc(512);
  private final CRC32C crc = new CRC32C();
  private FileChannel channel;
  private OutputStream out;
  private int seq;
  private long size;

  ChunkSegmentWriter(Path dir, long maxBytes) {
    if (maxBytes < HEADER_BYTES + 16 || maxBytes > MAX_SEGMENT_BYTES) {
      throw new IllegalArgumentException("segment size " + maxBytes + " out of range");
    }
    this.dir = dir;
    this.maxBytes = maxBytes;
  }

  static String segmentName(int seq) {
    return String.format("%06d", seq);
  }

  /** Writes one chunk and returns its ref: segment number in the high, offset in the low 32 bits. */
  long write(Chunk c) throws IOException {
    rec.reset();
    rec.uvarint(c.length());
    rec.bytes(c.bytes(), 0, c.length());
    crc.reset();
    crc.update(rec.buf, 0, rec.len);
    rec.u32((int) crc.getValue());
    // A chunk larger than a whole segment still gets a segment of its own.
    if (out == null || (size + rec.len > maxBytes && size > HEADER_BYTES)) {
      cut();
    }
    long ref = ((long) seq << 32) | size;
    out.write(rec.buf, 0, rec.len);
    size += rec.len;
    return ref;
  }

  private void cut() throws IOException {
    finishSegment();
    seq++;
    channel = FileChannel.open(dir.resolve(segmentName(seq)),
        StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
    out = new BufferedOutputStream(Channels.newOutputStream(channel), 1 << 16);
    Enc h = new Enc(HEADER_BYTES);
    h.u32(MAGIC);
    h.u8(VERSION);
    h.u8(0);
    h.u8(0);
    h.u8(0);
    out.write(h.buf, 0, h.len);
    size = HEADER_BYTES;
  }

  private void finishSegment() throws IOException {
    if (out != null) {
      out.flush();
      channel.force(true);
      out.close();
      out = null;
    }
  }

  /** Flushes and fsyncs the last segment. */
  @Override
  public void close() throws IOException {
    finishSegment();
  }
}
