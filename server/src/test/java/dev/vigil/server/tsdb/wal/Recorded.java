package dev.vigil.server.tsdb.wal;

import dev.vigil.server.model.Labels;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.CRC32C;

/** A replay handler that keeps everything it is given, for assertions. */
final class Recorded implements WalReader.Handler {
  /** Every callback in order, as text: "S ref labels", "s ref t v", "T ref mint maxt". */
  final List<String> events = new ArrayList<>();
  final Map<Long, Labels> series = new LinkedHashMap<>();
  final Map<Long, TreeMap<Long, Double>> samples = new TreeMap<>();
  final List<long[]> tombstones = new ArrayList<>();
  final List<byte[]> raw = new ArrayList<>();

  @Override
  public void onSeries(long ref, Labels labels) {
    events.add("S " + ref + " " + labels);
    series.put(ref, labels);
  }

  @Override
  public void onSample(long ref, long t, double v) {
    events.add("s " + ref + " " + t + " " + v);
    samples.computeIfAbsent(ref, r -> new TreeMap<>()).put(t, v);
  }

  @Override
  public void onTombstone(long ref, long mint, long maxt) {
    events.add("T " + ref + " " + mint + " " + maxt);
    tombstones.add(new long[] {ref, mint, maxt});
  }

  @Override
  public void onExemplar(long ref, long t, double v, Labels labels) {
    events.add("E " + ref + " " + t + " " + v + " " + labels);
  }

  @Override
  public void onRecord(byte type, byte[] buf, int off, int len) {
    events.add("R " + type + " " + len);
    raw.add(java.util.Arrays.copyOfRange(buf, off, off + len));
  }

  /** Decodes a batch's framed bytes without going through a file, checking every frame. */
  static Recorded decode(WalBatch batch) {
    Recorded r = new Recorded();
    int n = batch.finish();
    byte[] b = batch.buf;
    int p = 0;
    CRC32C crc = new CRC32C();
    Labels.Builder lb = new Labels.Builder();
    while (p < n) {
      int len = WalBatch.readInt(b, p);
      crc.reset();
      crc.update(b, p, 5);
      crc.update(b, p + WalBatch.HEADER_SIZE, len);
      if ((int) crc.getValue() != WalBatch.readInt(b, p + 5)) {
        throw new AssertionError("bad checksum at " + p);
      }
      WalRecords.decode(b[p + 4], b, p + WalBatch.HEADER_SIZE, len, r, lb);
      p += WalBatch.HEADER_SIZE + len;
    }
    return r;
  }
}
