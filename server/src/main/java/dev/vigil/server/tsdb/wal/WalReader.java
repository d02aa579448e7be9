package dev.vigil.server.tsdb.wal;

import dev.vigil.server.model.Labels;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.zip.CRC32C;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Replays a WAL directory: the latest checkpoint first, then every segment after it, in order.
 *
 * <p>Damage never makes replay throw (only I/O errors such as an unreadable directory do):
 * <ul>
 *   <li>A torn or corrupt record in the <em>last</em> segment is what a crash mid-write leaves:
 *       the segment is truncated at the end of the last good record, so the next writer never
 *       appends after garbage. Everything after the damage is dropped.
 *   <li>Damage in an older segment or in a checkpoint cannot come from a crash (those files were
 *       fsynced before the next one was started): the rest of that file is skipped, the file is
 *       kept for inspection, and replay continues with the next file, because later files are
 *       framed independently and still hold good data. Samples whose series record was lost
 *       arrive with an unknown ref; the handler drops and counts them.
 *   <li>A record whose checksum matches but whose payload does not decode is skipped alone.
 * </ul>
 * Each case logs a warning naming the file and offset, and is counted in {@link ReplayStats}.
 *
 * <p>Replay must not run while a {@link Wal} writes to the same directory: it may truncate the
 * segment being written. Run it at startup, then open the {@link Wal}.
 */
public final class WalReader {
  private static final Logger log = LoggerFactory.getLogger(WalReader.class);

  /** Receives decoded records in log order. Default methods ignore a record kind. */
  public interface Handler {
    default void onSeries(long ref, Labels labels) {}

    default void onSample(long ref, long t, double v) {}

    /** The inclusive interval {@code [mint, maxt]} of series {@code ref} was deleted. */
    default void onTombstone(long ref, long mint, long maxt) {}

    /**
     * An exemplar of series {@code ref}. Older WALs have none; readers that do not care (the
     * checkpoint, which drops exemplars as Prometheus does) ignore them.
     */
    default void onExemplar(long ref, long t, double v, Labels labels) {}

    /** A record of a type this reader does not know (see {@link WalBatch#raw}). */
    default void onRecord(byte type, byte[] buf, int off, int len) {}
  }

  private final ReplayStats stats;
  private final Handler handler;
  private final CRC32C crc = new CRC32C();
  private final Labels.Builder labels = new Labels.Builder();
  private final byte[] header = new byte[WalBatch.HEADER_SIZE];
  private byte[] payload = new byte[64 * 1024];

  WalReader(Handler handler, ReplayStats stats) {
    this.handler = counting(handler, stats);
    this.stats = stats;
  }

  /** Replays {@code dir} into {@code handler}, repairing a torn tail; see the class comment. */
  public static ReplayStats replay(Path dir, Handler handler) throws IOException {
    ReplayStats stats = new ReplayStats();
    if (!Files.isDirectory(dir)) {
      return stats;
    }
    WalReader r = new WalReader(handler, stats);
    List<Integer> cps = Segments.checkpoints(dir);
    int cp = cps.isEmpty() ? -1 : cps.get(cps.size() - 1);
    if (cp >= 0) {
      stats.checkpoint = cp;
      Path cpDir = dir.resolve(Segments.checkpointName(cp));
      for (int n : Segments.list(cpDir)) {
        r.readSegment(cpDir.resolve(Segments.segmentName(n)), false);
      }
    }
    List<Integer> segs = Segments.list(dir);
    int last = segs.isEmpty() ? -1 : segs.get(segs.size() - 1);
    long started = System.nanoTime();
    long reported = started;
    for (int n : segs) {
      // Segments up to the checkpoint are already in it; they linger only if a crash came
      // between the checkpoint's rename and their deletion.
      if (n > cp) {
        r.readSegment(dir.resolve(Segments.segmentName(n)), n == last);
        long now = System.nanoTime();
        // A long replay says where it is; a short one stays quiet.
        if (now - reported > 2_000_000_000L && n < last) {
          reported = now;
          log.info("WAL replay: segment {} of {} read, {} samples so far, {} s", n, last,
              stats.samples(), (now - started) / 1_000_000_000L);
        }
      }
    }
    return stats;
  }

  /** Reads one segment file; {@code repairTail} truncates it at the first damaged record. */
  void readSegment(Path file, boolean repairTail) throws IOException {
    stats.segments++;
    long size = Files.size(file);
    long offset = 0;
    String damage = null;
    try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 64 * 1024)) {
      while (true) {
        int got = in.readNBytes(header, 0, header.length);
        if (got == 0) {
          break;
        }
        if (got < header.length) {
          damage = "torn record header (" + got + " of " + header.length + " bytes)";
          break;
        }
        int len = WalBatch.readInt(header, 0);
        byte type = header[4];
        if (len < 0 || len > size - offset - header.length) {
          damage = "record length " + Integer.toUnsignedString(len) + " exceeds the "
              + (size - offset - header.length) + " bytes left (torn or corrupt length)";
          break;
        }
        if (payload.length < len) {
          payload = new byte[Math.max(len, payload.length * 2)];
        }
        if (in.readNBytes(payload, 0, len) < len) {
          damage = "torn record payload";
          break;
        }
        crc.reset();
        crc.update(header, 0, 5);
        crc.update(payload, 0, len);
        if ((int) crc.getValue() != WalBatch.readInt(header, 5) || type == 0) {
          damage = "checksum mismatch in a record of type " + type + " and " + len + " bytes";
          break;
        }
        stats.records++;
        try {
          WalRecords.decode(type, payload, 0, len, handler, labels);
        } catch (IllegalArgumentException e) {
          stats.corruptions++;
          warn(stats, file + ": skipped record of type " + type + " at offset " + offset
              + " whose checksum matched but which does not decode: " + e.getMessage());
        }
        offset += header.length + len;
      }
    }
    if (damage != null) {
      stats.corruptions++;
      long rest = size - offset;
      if (repairTail) {
        truncate(file, offset);
        stats.truncatedBytes += rest;
        warn(stats, file + ": " + damage + " at offset " + offset + "; truncated the last "
            + "segment there, dropping " + rest + " bytes");
      } else {
        stats.skippedBytes += rest;
        warn(stats, file + ": " + damage + " at offset " + offset + "; skipped the remaining "
            + rest + " bytes of this file and continued with the next one");
      }
    }
  }

  private void truncate(Path file, long offset) {
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
      ch.truncate(offset);
      ch.force(true);
    } catch (IOException e) {
      // Still safe to start: the writer always begins a new segment, and the next replay will
      // find and skip the same damage.
      warn(stats, file + ": could not truncate at offset " + offset + ": " + e);
    }
  }

  private static void warn(ReplayStats stats, String message) {
    log.warn("WAL replay: {}", message);
    stats.warn(message);
  }

  /** Counts records on their way to the caller's handler. */
  private static Handler counting(Handler h, ReplayStats stats) {
    return new Handler() {
      @Override
      public void onSeries(long ref, Labels labels) {
        stats.series++;
        h.onSeries(ref, labels);
      }

      @Override
      public void onSample(long ref, long t, double v) {
        stats.samples++;
        h.onSample(ref, t, v);
      }

      @Override
      public void onTombstone(long ref, long mint, long maxt) {
        stats.tombstones++;
        h.onTombstone(ref, mint, maxt);
      }

      @Override
      public void onExemplar(long ref, long t, double v, Labels labels) {
        stats.exemplars++;
        h.onExemplar(ref, t, v, labels);
      }

      @Override
      public void onRecord(byte type, byte[] buf, int off, int len) {
        h.onRecord(type, buf, off, len);
      }
    };
  }
}
