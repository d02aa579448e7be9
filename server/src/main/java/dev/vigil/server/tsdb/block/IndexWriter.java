package dev.vigil.server.tsdb.block;

import dev.vigil.server.model.Labels;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.zip.CRC32C;
import org.roaringbitmap.RoaringBitmap;

/**
 * Writes a block's {@code index} file (layout in docs/storage-format.md, "Blocks"): header,
 * five checksummed sections, and a fixed-size table of contents at the end so a reader finds
 * every section from the file size alone.
 */
final class IndexWriter {
  /** "VIDX". */
  static final int MAGIC = 0x56494458;
  static final int VERSION = 1;
  static final int HEADER_BYTES = 5;
  /** Five u64 section offsets and a CRC32C of them. */
  static final int TOC_BYTES = 5 * 8 + 4;
  /** The reader maps the file as one buffer, which holds at most 2 GiB. */
  static final long MAX_INDEX_BYTES = Integer.MAX_VALUE;

  /** One series as the index stores it: labels and (mint, maxt, ref) per chunk. */
  record Entry(Labels labels, long[] chunkMeta) {}

  private final Path file;
  private final CRC32C crc = new CRC32C();
  private final Enc enc = new Enc(1 << 12);
  private FileChannel channel;
  private OutputStream out;
  private long pos;

  IndexWriter(Path file) {
    this.file = file;
  }

  /** Writes the index for {@code series}, which must be sorted by labels, and fsyncs it. */
  void write(List<Entry> series) throws IOException {
    TreeSet<String> symbolSet = new TreeSet<>();
    for (Entry e : series) {
      for (int i = 0; i < e.labels().size(); i++) {
        symbolSet.add(e.labels().name(i));
        symbolSet.add(e.labels().value(i));
      }
    }
    Map<String, Integer> sym = new HashMap<>();
    for (String s : symbolSet) {
      sym.put(s, sym.size());
    }
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE_NEW,
        StandardOpenOption.WRITE)) {
      channel = ch;
      out = new BufferedOutputStream(Channels.newOutputStream(ch), 1 << 16);
      enc.reset();
      enc.u32(MAGIC);
      enc.u8(VERSION);
      raw();
      long[] toc = new long[5];

      toc[0] = begin();
      enc.uvarint(symbolSet.size());
      for (String s : symbolSet) {
        enc.string(s);
        put();
      }
      end(toc[0]);

      toc[1] = begin();
      int[] offsets = new int[series.size()];
      long contentStart = pos;
      for (int i = 0; i < series.size(); i++) {
        offsets[i] = (int) checkSize(pos - contentStart);
        encodeSeries(series.get(i), sym);
        put();
      }
      end(toc[1]);

      toc[2] = begin();
      enc.u32(offsets.length);
      for (int off : offsets) {
        enc.u32(off);
        if (enc.len > 1 << 12) {
          put();
        }
      }
      put();
      end(toc[2]);

      TreeMap<String, TreeMap<String, RoaringBitmap>> postings = postings(series);
      Enc table = new Enc(1 << 12);
      int entries = 0;
      toc[3] = begin();
      contentStart = pos;
      for (Map.Entry<String, TreeMap<String, RoaringBitmap>> n : postings.entrySet()) {
        for (Map.Entry<String, RoaringBitmap> v : n.getValue().entrySet()) {
          RoaringBitmap b = v.getValue();
          b.runOptimize();
          ByteBuffer bb = ByteBuffer.allocate(b.serializedSizeInBytes());
          b.serialize(bb);
          table.uvarint(sym.get(n.getKey()));
          table.uvarint(sym.get(v.getKey()));
          table.uvarint(checkSize(pos - contentStart));
          table.uvarint(bb.capacity());
          entries++;
          enc.bytes(bb.array(), 0, bb.capacity());
          put();
        }
      }
      end(toc[3]);

      toc[4] = begin();
      enc.uvarint(entries);
      enc.bytes(table.buf, 0, table.len);
      put();
      end(toc[4]);

      enc.reset();
      for (long t : toc) {
        enc.u64(t);
      }
      crc.reset();
      crc.update(enc.buf, 0, enc.len);
      enc.u32((int) crc.getValue());
      raw();
      checkSize(pos);
      out.flush();
      ch.force(true);
    }
  }

  private void encodeSeries(Entry e, Map<String, Integer> sym) {
    Labels l = e.labels();
    enc.uvarint(l.size());
    for (int i = 0; i < l.size(); i++) {
      enc.uvarint(sym.get(l.name(i)));
      enc.uvarint(sym.get(l.value(i)));
    }
    long[] m = e.chunkMeta();
    enc.uvarint(m.length / 3);
    long prevMaxt = 0;
    for (int i = 0; i < m.length; i += 3) {
      // Chunks follow each other in time, so the gap to the previous chunk is small.
      enc.varint(i == 0 ? m[i] : m[i] - prevMaxt);
      enc.uvarint(m[i + 1] - m[i]);
      enc.uvarint(m[i + 2]);
      prevMaxt = m[i + 1];
    }
  }

  private static TreeMap<String, TreeMap<String, RoaringBitmap>> postings(List<Entry> series) {
    TreeMap<String, TreeMap<String, RoaringBitmap>> p = new TreeMap<>();
    for (int id = 0; id < series.size(); id++) {
      Labels l = series.get(id).labels();
      for (int i = 0; i < l.size(); i++) {
        // Ids ascend, so each add appends at the end of its bitmap.
        p.computeIfAbsent(l.name(i), k -> new TreeMap<>())
            .computeIfAbsent(l.value(i), k -> new RoaringBitmap()).add(id);
      }
    }
    return p;
  }

  private long checkSize(long n) {
    if (n > MAX_INDEX_BYTES - TOC_BYTES) {
      throw new IllegalStateException(file + ": index would exceed " + MAX_INDEX_BYTES
          + " bytes; cut smaller blocks");
    }
    return n;
  }

  /** Starts a section: a length placeholder now, patched by {@link #end}. */
  private long begin() throws IOException {
    long start = pos;
    enc.reset();
    enc.u32(0);
    raw();
    crc.reset();
    return start;
  }

  /** Writes the buffered bytes as section content (checksummed). */
  private void put() throws IOException {
    crc.update(enc.buf, 0, enc.len);
    raw();
  }

  /** Writes the buffered bytes outside any section checksum. */
  private void raw() throws IOException {
    out.write(enc.buf, 0, enc.len);
    pos += enc.len;
    enc.reset();
  }

  private void end(long start) throws IOException {
    put();
    long length = checkSize(pos - start - 4);
    enc.u32((int) crc.getValue());
    raw();
    out.flush();
    ByteBuffer len = ByteBuffer.allocate(4).putInt(0, (int) length);
    channel.write(len, start);
  }
}
