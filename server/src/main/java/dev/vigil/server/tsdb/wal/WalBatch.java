package dev.vigil.server.tsdb.wal;

import dev.vigil.server.model.Labels;
import java.util.Arrays;
import java.util.zip.CRC32C;

/**
 * The records of one commit, already framed, in one reusable byte buffer. {@link Wal#log} writes
 * the whole buffer with one write call, so a commit's records land together in one segment.
 *
 * <p>Typed adders ({@link #series}, {@link #sample}, {@link #tombstone}) append to the open record
 * when it has the same type and start a new record otherwise, so a scrape of 1000 samples becomes
 * one SAMPLES record. Nothing is allocated per sample: the buffer grows by doubling and is kept
 * across {@link #reset()}.
 *
 * <p>Not thread-safe: one batch per committing thread.
 */
public final class WalBatch {
  /** Frame header: payload length (u32), record type (u8), CRC32C (u32). See docs/storage-format.md. */
  static final int HEADER_SIZE = 9;
  /** Records are cut at about this payload size so replay never needs a huge buffer. */
  static final int MAX_PAYLOAD = 1 << 20;

  private final CRC32C crc = new CRC32C();
  byte[] buf;
  int len;
  /** Start of the open record's header, or -1 when no record is open. */
  private int recStart = -1;
  private byte recType;
  /** First sample of the open SAMPLES record: later samples are encoded as deltas to it. */
  long baseRef;
  long baseT;

  public WalBatch() {
    this(4096);
  }

  public WalBatch(int initialCapacity) {
    buf = new byte[Math.max(64, initialCapacity)];
  }

  /** Appends a series record entry: the series with this ref has these labels. */
  public WalBatch series(long ref, Labels labels) {
    open(WalRecords.SERIES);
    WalRecords.putSeries(this, ref, labels);
    return this;
  }

  /** Appends a sample of the series {@code ref}. */
  public WalBatch sample(long ref, long t, double v) {
    if (open(WalRecords.SAMPLES)) {
      baseRef = ref;
      baseT = t;
      putLong(ref);
      putLong(t);
    }
    WalRecords.putSample(this, ref, t, v);
    return this;
  }

  /** Appends an exemplar of the series {@code ref}, with its own labels. */
  public WalBatch exemplar(long ref, long t, double v, Labels labels) {
    if (open(WalRecords.EXEMPLARS)) {
      baseRef = ref;
      baseT = t;
      putLong(ref);
      putLong(t);
    }
    WalRecords.putExemplar(this, ref, t, v, labels);
    return this;
  }

  /** Appends a deletion of {@code [mint, maxt]} (inclusive) in the series {@code ref}. */
  public WalBatch tombstone(long ref, long mint, long maxt) {
    open(WalRecords.TOMBSTONES);
    WalRecords.putTombstone(this, ref, mint, maxt);
    return this;
  }

  /**
   * Appends one opaque record of a caller-defined type, 16-127 (0 is invalid, 1-15 and negative
   * bytes are reserved). Replay hands it to {@link WalReader.Handler#onRecord}.
   */
  public WalBatch raw(byte type, byte[] payload) {
    if (type < 16) {
      throw new IllegalArgumentException("record type must be 16-127, got " + type);
    }
    closeRecord();
    beginRecord(type);
    putBytes(payload, 0, payload.length);
    closeRecord();
    return this;
  }

  /** Drops every record; the buffer is kept for reuse. */
  public void reset() {
    len = 0;
    recStart = -1;
  }

  public boolean isEmpty() {
    return len == 0;
  }

  /** Framed bytes of the batch; closes the open record first. */
  int finish() {
    closeRecord();
    return len;
  }

  /** Opens a record of {@code type} unless one is open already; true when a new one started. */
  private boolean open(byte type) {
    if (recStart >= 0 && recType == type && len - recStart - HEADER_SIZE < MAX_PAYLOAD) {
      return false;
    }
    closeRecord();
    beginRecord(type);
    return true;
  }

  private void beginRecord(byte type) {
    ensure(HEADER_SIZE);
    recStart = len;
    recType = type;
    len += HEADER_SIZE;
  }

  private void closeRecord() {
    if (recStart < 0) {
      return;
    }
    int payload = len - recStart - HEADER_SIZE;
    writeInt(buf, recStart, payload);
    buf[recStart + 4] = recType;
    crc.reset();
    crc.update(buf, recStart, 5);
    crc.update(buf, recStart + HEADER_SIZE, payload);
    writeInt(buf, recStart + 5, (int) crc.getValue());
    recStart = -1;
  }

  // ---- primitive writers used by WalRecords ----

  void ensure(int n) {
    if (len + n > buf.length) {
      buf = Arrays.copyOf(buf, Math.max(buf.length * 2, len + n));
    }
  }

  void putByte(int b) {
    ensure(1);
    buf[len++] = (byte) b;
  }

  void putLong(long v) {
    ensure(8);
    for (int i = 7; i >= 0; i--) {
      buf[len++] = (byte) (v >>> (8 * i));
    }
  }

  void putUvarint(long v) {
    ensure(10);
    while ((v & ~0x7FL) != 0) {
      buf[len++] = (byte) ((v & 0x7F) | 0x80);
      v >>>= 7;
    }
    buf[len++] = (byte) v;
  }

  /** Zig-zag, so small negative deltas stay short. */
  void putVarint(long v) {
    putUvarint((v << 1) ^ (v >> 63));
  }

  void putBytes(byte[] b, int off, int n) {
    ensure(n);
    System.arraycopy(b, off, buf, len, n);
    len += n;
  }

  static void writeInt(byte[] b, int off, int v) {
    b[off] = (byte) (v >>> 24);
    b[off + 1] = (byte) (v >>> 16);
    b[off + 2] = (byte) (v >>> 8);
    b[off + 3] = (byte) v;
  }

  static int readInt(byte[] b, int off) {
    return ((b[off] & 0xFF) << 24) | ((b[off + 1] & 0xFF) << 16) | ((b[off + 2] & 0xFF) << 8)
        | (b[off + 3] & 0xFF);
  }
}
