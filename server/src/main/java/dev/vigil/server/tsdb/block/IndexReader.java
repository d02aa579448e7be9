package dev.vigil.server.tsdb.block;

import dev.vigil.server.model.Labels;
import dev.vigil.server.model.Matcher;
import dev.vigil.server.tsdb.index.IndexLabels;
import dev.vigil.server.tsdb.index.PostingsSelection;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.CRC32C;
import org.roaringbitmap.RoaringBitmap;

/**
 * A memory-mapped {@code index} file. Opening validates the header, the table of contents and
 * the checksum of every section, then keeps the symbols and the postings table (name → value →
 * location) on the heap; series entries and postings bitmaps are decoded from the mapping when a
 * query needs them. Thread-safe: the mapping is only read with absolute gets.
 */
final class IndexReader {
  private final Path file;
  private final ByteBuffer buf;
  private final String[] symbols;
  private final int seriesStart;
  private final int seriesEnd;
  private final int tableStart;
  private final int numSeries;
  private final int postingsStart;
  /** name → value → (offset << 32 | length) of the bitmap within the postings section. */
  private final TreeMap<String, TreeMap<String, Long>> postings = new TreeMap<>();
  private final int pairs;

  IndexReader(Path file) throws IOException {
    this.file = file;
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
      long size = ch.size();
      if (size < IndexWriter.HEADER_BYTES + IndexWriter.TOC_BYTES) {
        throw new CorruptBlockException(file, 0, "index of " + size + " bytes is too short");
      }
      if (size > IndexWriter.MAX_INDEX_BYTES) {
        throw new CorruptBlockException(file, 0, "index of " + size + " bytes is too large");
      }
      MappedByteBuffer m = ch.map(FileChannel.MapMode.READ_ONLY, 0, size);
      buf = m;
    }
    if (buf.getInt(0) != IndexWriter.MAGIC) {
      throw new CorruptBlockException(file, 0, "not a Vigil index (bad magic)");
    }
    int version = buf.get(4) & 0xFF;
    if (version != IndexWriter.VERSION) {
      throw new CorruptBlockException(file, 4, "unsupported index version " + version
          + " (this Vigil reads " + IndexWriter.VERSION + ")");
    }
    int tocAt = buf.capacity() - IndexWriter.TOC_BYTES;
    CRC32C crc = new CRC32C();
    crc.update(buf.slice(tocAt, 40));
    if ((int) crc.getValue() != buf.getInt(tocAt + 40)) {
      throw new CorruptBlockException(file, tocAt, "table of contents checksum mismatch");
    }
    int[] start = new int[5];
    int[] end = new int[5];
    long prevEnd = IndexWriter.HEADER_BYTES;
    for (int i = 0; i < 5; i++) {
      long off = buf.getLong(tocAt + 8 * i);
      if (off != prevEnd) {
        throw new CorruptBlockException(file, tocAt + 8 * i, "section " + i + " offset " + off
            + " does not follow the previous section at " + prevEnd);
      }
      start[i] = (int) off + 4;
      long len = buf.getInt((int) off) & 0xFFFFFFFFL;
      if (start[i] + len + 4 > tocAt) {
        throw new CorruptBlockException(file, off, "section length " + len
            + " runs past the table of contents");
      }
      end[i] = (int) (start[i] + len);
      crc.reset();
      crc.update(buf.slice(start[i], (int) len));
      if ((int) crc.getValue() != buf.getInt(end[i])) {
        throw new CorruptBlockException(file, off, "checksum mismatch in section "
            + SECTIONS[i]);
      }
      prevEnd = end[i] + 4L;
    }
    if (prevEnd != tocAt) {
      throw new CorruptBlockException(file, prevEnd, "the last section ends " + (tocAt - prevEnd)
          + " bytes before the table of contents");
    }
    Dec d = new Dec(buf, file, start[0], end[0]);
    symbols = new String[d.uint()];
    for (int i = 0; i < symbols.length; i++) {
      symbols[i] = d.string();
    }
    seriesStart = start[1];
    seriesEnd = end[1];
    d = new Dec(buf, file, start[2], end[2]);
    numSeries = d.u32();
    tableStart = d.pos;
    if (numSeries < 0 || (long) numSeries * 4 != end[2] - tableStart) {
      throw new CorruptBlockException(file, start[2], "series table size does not match "
          + numSeries + " series");
    }
    postingsStart = start[3];
    d = new Dec(buf, file, start[4], end[4]);
    int entries = d.uint();
    for (int i = 0; i < entries; i++) {
      int at = d.pos;
      String name = symbol(d.uint(), at);
      String value = symbol(d.uint(), at);
      long off = d.uvarint();
      long len = d.uvarint();
      if (off < 0 || len < 0 || off + len > end[3] - postingsStart) {
        throw new CorruptBlockException(file, at, "postings entry outside its section");
      }
      postings.computeIfAbsent(name, k -> new TreeMap<>()).put(value, (off << 32) | len);
    }
    pairs = entries;
  }

  private static final String[] SECTIONS =
      {"symbols", "series", "series table", "postings", "postings table"};

  private String symbol(int i, int at) {
    if (i >= symbols.length) {
      throw new CorruptBlockException(file, at, "symbol " + i + " out of range");
    }
    return symbols[i];
  }

  int numSeries() {
    return numSeries;
  }

  /** One decoded series entry: labels and (mint, maxt, ref) per chunk. */
  record Series(Labels labels, long[] chunkMeta) {}

  Series series(int id) {
    if (id < 0 || id >= numSeries) {
      throw new CorruptBlockException(file, tableStart, "postings name series " + id
          + " of " + numSeries);
    }
    int off = buf.getInt(tableStart + 4 * id);
    if (off < 0 || off >= seriesEnd - seriesStart) {
      throw new CorruptBlockException(file, tableStart + 4L * id, "series offset " + off
          + " outside the series section");
    }
    Dec d = new Dec(buf, file, seriesStart + off, seriesEnd);
    int n = d.uint();
    String[] kv = new String[2 * n];
    for (int i = 0; i < kv.length; i++) {
      int at = d.pos;
      kv[i] = symbol(d.uint(), at);
    }
    int chunks = d.uint();
    long[] meta = new long[3 * chunks];
    long prevMaxt = 0;
    for (int i = 0; i < meta.length; i += 3) {
      long mint = i == 0 ? d.varint() : prevMaxt + d.varint();
      meta[i] = mint;
      meta[i + 1] = mint + d.uvarint();
      meta[i + 2] = d.uvarint();
      prevMaxt = meta[i + 1];
    }
    return new Series(Labels.of(kv), meta);
  }

  private RoaringBitmap bitmap(long loc) {
    int off = postingsStart + (int) (loc >>> 32);
    RoaringBitmap b = new RoaringBitmap();
    try {
      b.deserialize(buf.slice(off, (int) loc));
    } catch (IOException | RuntimeException e) {
      throw new CorruptBlockException(file, "bad postings bitmap at offset " + off, e);
    }
    return b;
  }

  /** Series ids matching every matcher, as the head selects them (see PostingsSelection). */
  RoaringBitmap select(Matcher... matchers) {
    return PostingsSelection.select(selectionSource, matchers);
  }

  private final PostingsSelection.Source<Long> selectionSource = new PostingsSelection.Source<>() {
    @Override
    public RoaringBitmap all() {
      return RoaringBitmap.bitmapOfRange(0, numSeries);
    }

    @Override
    public Map<String, Long> values(String name) {
      return postings.get(name);
    }

    @Override
    public RoaringBitmap postings(Long location) {
      return bitmap(location);
    }
  };

  /** Names of the series matching every matcher (every name without matchers), sorted. */
  List<String> labelNames(Matcher... matchers) {
    if (matchers.length == 0) {
      return new ArrayList<>(postings.keySet());
    }
    return IndexLabels.names(postings, pairs, selectionSource, select(matchers), this::labelsOf);
  }

  /** Values of {@code name} among the series matching every matcher, sorted. */
  List<String> labelValues(String name, Matcher... matchers) {
    TreeMap<String, Long> values = postings.get(name);
    if (matchers.length == 0) {
      return values == null ? new ArrayList<>() : new ArrayList<>(values.keySet());
    }
    return IndexLabels.values(name, values, selectionSource, select(matchers), this::labelsOf);
  }

  private Labels labelsOf(int id) {
    return series(id).labels();
  }
}
