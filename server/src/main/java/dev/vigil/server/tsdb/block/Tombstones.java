package dev.vigil.server.tsdb.block;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.CRC32C;

/**
 * A block's deleted ranges, keyed by series id (the series' position in the block's index), and
 * their {@code tombstones} file (layout in docs/storage-format.md, "Tombstones"). Immutable: a
 * deletion makes a new value, written to {@code tombstones.tmp}, fsynced and renamed over the old
 * file, so a crash leaves the old or the new set, never a mix.
 */
public final class Tombstones {
  static final String FILE = "tombstones";
  /** "VTMB". */
  static final int MAGIC = 0x56544D42;
  static final int VERSION = 1;
  /** A block has at most 2^31 series; this bounds what a damaged count could make us allocate. */
  private static final long MAX_BYTES = 1L << 30;

  public static final Tombstones EMPTY = new Tombstones(Collections.emptyNavigableMap());

  private final java.util.NavigableMap<Integer, Intervals> bySeries;

  private Tombstones(java.util.NavigableMap<Integer, Intervals> bySeries) {
    this.bySeries = bySeries;
  }

  /** The deleted ranges of series {@code id}, or null when none. */
  public Intervals get(int id) {
    return bySeries.get(id);
  }

  public boolean isEmpty() {
    return bySeries.isEmpty();
  }

  /** Series with deleted ranges. */
  public int size() {
    return bySeries.size();
  }

  /** Series ids with their ranges, ascending. */
  public Map<Integer, Intervals> asMap() {
    return Collections.unmodifiableNavigableMap(bySeries);
  }

  /** This set plus {@code [mint, maxt]} deleted in series {@code id}. */
  public Tombstones with(int id, long mint, long maxt) {
    TreeMap<Integer, Intervals> m = new TreeMap<>(bySeries);
    m.merge(id, Intervals.of(mint, maxt), (a, b) -> a.add(mint, maxt));
    return new Tombstones(m);
  }

  /** Reads {@code blockDir/tombstones}; a block without the file has nothing deleted. */
  static Tombstones read(Path blockDir) throws IOException {
    Path file = blockDir.resolve(FILE);
    if (!Files.exists(file)) {
      return EMPTY;
    }
    long size = Files.size(file);
    if (size < 9 || size > MAX_BYTES) {
      throw new CorruptBlockException(file, 0, "tombstones file of " + size + " bytes");
    }
    ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(file));
    int end = b.capacity() - 4;
    CRC32C crc = new CRC32C();
    crc.update(b.slice(0, end));
    if ((int) crc.getValue() != b.getInt(end)) {
      throw new CorruptBlockException(file, end, "tombstones checksum mismatch");
    }
    if (b.getInt(0) != MAGIC) {
      throw new CorruptBlockException(file, 0, "not a Vigil tombstones file (bad magic)");
    }
    if ((b.get(4) & 0xFF) != VERSION) {
      throw new CorruptBlockException(file, 4, "unsupported tombstones version "
          + (b.get(4) & 0xFF) + " (this Vigil reads " + VERSION + ")");
    }
    Dec d = new Dec(b, file, 5, end);
    TreeMap<Integer, Intervals> m = new TreeMap<>();
    int series = d.uint();
    long id = -1;
    for (int i = 0; i < series; i++) {
      int at = d.pos;
      id += 1L + d.uint();
      if (id > Integer.MAX_VALUE) {
        throw new CorruptBlockException(file, at, "series id " + id + " out of range");
      }
      int n = d.uint();
      if (n == 0) {
        throw new CorruptBlockException(file, at, "series " + id + " has no intervals");
      }
      Intervals iv = Intervals.EMPTY;
      for (int j = 0; j < n; j++) {
        long mint = d.varint();
        // The length is unsigned: [Long.MIN_VALUE, Long.MAX_VALUE] is 2^64 - 1 long.
        long maxt = mint + d.uvarint();
        if (maxt < mint) {
          throw new CorruptBlockException(file, d.pos, "interval length overflows");
        }
        iv = iv.add(mint, maxt);
      }
      m.put((int) id, iv);
    }
    if (d.hasMore()) {
      throw new CorruptBlockException(file, d.pos, "bytes after the last series");
    }
    return new Tombstones(m);
  }

  /** Replaces {@code blockDir/tombstones} atomically; an empty set removes the file. */
  void write(Path blockDir) throws IOException {
    Path file = blockDir.resolve(FILE);
    if (isEmpty()) {
      Files.deleteIfExists(file);
      BlockWriter.fsyncDir(blockDir);
      return;
    }
    Enc e = new Enc(64 + 16 * bySeries.size());
    e.u32(MAGIC);
    e.u8(VERSION);
    e.uvarint(bySeries.size());
    long prev = -1;
    for (Map.Entry<Integer, Intervals> en : bySeries.entrySet()) {
      // Ids ascend, so the gap to the previous one is small.
      e.uvarint(en.getKey() - prev - 1);
      prev = en.getKey();
      Intervals iv = en.getValue();
      e.uvarint(iv.size());
      for (int i = 0; i < iv.size(); i++) {
        e.varint(iv.mint(i));
        e.uvarint(iv.maxt(i) - iv.mint(i));
      }
    }
    CRC32C crc = new CRC32C();
    crc.update(e.buf, 0, e.len);
    e.u32((int) crc.getValue());
    Path tmp = blockDir.resolve(FILE + BlockWriter.TMP_SUFFIX);
    try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE,
        StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE)) {
      ByteBuffer bb = ByteBuffer.wrap(e.buf, 0, e.len);
      while (bb.hasRemaining()) {
        ch.write(bb);
      }
      ch.force(true);
    }
    Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    BlockWriter.fsyncDir(blockDir);
  }

  @Override
  public String toString() {
    return bySeries.toString();
  }
}
