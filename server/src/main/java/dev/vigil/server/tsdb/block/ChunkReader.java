package dev.vigil.server.tsdb.block;

import dev.vigil.server.tsdb.chunkenc.Chunk;
import dev.vigil.server.tsdb.chunkenc.CorruptChunkException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.CRC32C;

/**
 * The memory-mapped segments of a block's {@code chunks/} directory. Opening checks that the
 * segments are numbered 1..n without gaps and that each header is valid; a chunk's checksum is
 * checked when it is read. Thread-safe (absolute gets only).
 */
final class ChunkReader {
  private final List<Path> files = new ArrayList<>();
  private final List<ByteBuffer> segments = new ArrayList<>();

  ChunkReader(Path dir) throws IOException {
    List<Path> found;
    try (Stream<Path> s = Files.list(dir)) {
      found = s.sorted().toList();
    }
    for (Path f : found) {
      String expected = ChunkSegmentWriter.segmentName(files.size() + 1);
      if (!f.getFileName().toString().equals(expected)) {
        throw new CorruptBlockException(f, 0, "unexpected file in chunks/, wanted " + expected);
      }
      try (FileChannel ch = FileChannel.open(f, StandardOpenOption.READ)) {
        if (ch.size() < ChunkSegmentWriter.HEADER_BYTES
            || ch.size() > ChunkSegmentWriter.MAX_SEGMENT_BYTES) {
          throw new CorruptBlockException(f, 0, "segment size " + ch.size() + " out of range");
        }
        ByteBuffer b = ch.map(FileChannel.MapMode.READ_ONLY, 0, ch.size());
        if (b.getInt(0) != ChunkSegmentWriter.MAGIC) {
          throw new CorruptBlockException(f, 0, "not a Vigil chunk segment (bad magic)");
        }
        if ((b.get(4) & 0xFF) != ChunkSegmentWriter.VERSION) {
          throw new CorruptBlockException(f, 4, "unsupported chunk segment version "
              + (b.get(4) & 0xFF) + " (this Vigil reads " + ChunkSegmentWriter.VERSION + ")");
        }
        files.add(f);
        segments.add(b);
      }
    }
  }

  /**
   * Copies the chunk at {@code ref} out of the mapping (a few hundred bytes; it keeps a decoding
   * chunk independent of the mapping's lifetime), checks its CRC32C and wraps it.
   */
  Chunk read(long ref) {
    int seq = (int) (ref >>> 32);
    int off = (int) ref;
    if (seq < 1 || seq > segments.size()) {
      throw new CorruptBlockException(files.isEmpty() ? Path.of("chunks") : files.get(0), 0,
          "chunk ref " + Long.toHexString(ref) + " names missing segment " + seq);
    }
    Path file = files.get(seq - 1);
    ByteBuffer b = segments.get(seq - 1);
    if (off < ChunkSegmentWriter.HEADER_BYTES || off >= b.capacity()) {
      throw new CorruptBlockException(file, off, "chunk offset outside the segment");
    }
    Dec d = new Dec(b, file, off, b.capacity());
    int len = d.uint();
    int dataAt = d.pos;
    if (len < 1 || (long) dataAt + len + 4 > b.capacity()) {
      throw new CorruptBlockException(file, off, "chunk length " + len + " runs past the end");
    }
    byte[] data = new byte[len];
    b.get(dataAt, data);
    CRC32C crc = new CRC32C();
    crc.update(b.slice(off, dataAt - off + len));
    if ((int) crc.getValue() != b.getInt(dataAt + len)) {
      throw new CorruptBlockException(file, off, "chunk checksum mismatch");
    }
    try {
      return Chunk.wrap(data, 0, len);
    } catch (CorruptChunkException e) {
      throw new CorruptBlockException(file, "bad chunk at offset " + off, e);
    }
  }
}
