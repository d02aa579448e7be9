package dev.vigil.server.tsdb.wal;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * What a replay read and what it had to skip. Replay never throws for damaged data: damage is
 * logged, counted here and the warnings are kept, so startup can report them (and tests assert
 * them) without parsing logs. Not thread-safe; read it after the replay returned.
 */
public final class ReplayStats {
  int checkpoint = -1;
  int segments;
  long records;
  long series;
  long samples;
  long tombstones;
  long exemplars;
  long corruptions;
  long truncatedBytes;
  long skippedBytes;
  private final List<String> warnings = new ArrayList<>();

  /** The checkpoint replayed first, or -1 when there was none. */
  public int checkpoint() {
    return checkpoint;
  }

  /** Segment files read, counting those inside the checkpoint. */
  public int segments() {
    return segments;
  }

  public long records() {
    return records;
  }

  public long series() {
    return series;
  }

  public long samples() {
    return samples;
  }

  /** Exemplar entries read (older WALs have none). */
  public long exemplars() {
    return exemplars;
  }

  public long tombstones() {
    return tombstones;
  }

  /** Damaged places found: torn or corrupt records, and records that did not decode. */
  public long corruptions() {
    return corruptions;
  }

  /** Bytes cut off the tail of the last segment. */
  public long truncatedBytes() {
    return truncatedBytes;
  }

  /** Bytes left unread after damage in an older segment or a checkpoint (the file is kept). */
  public long skippedBytes() {
    return skippedBytes;
  }

  /** One message per damaged place, naming the file and the byte offset. */
  public List<String> warnings() {
    return Collections.unmodifiableList(warnings);
  }

  void warn(String message) {
    warnings.add(message);
  }

  @Override
  public String toString() {
    return "ReplayStats{checkpoint=" + checkpoint + ", segments=" + segments + ", records="
        + records + ", series=" + series + ", samples=" + samples + ", tombstones=" + tombstones
        + ", exemplars=" + exemplars
        + ", corruptions=" + corruptions + ", truncatedBytes=" + truncatedBytes
        + ", skippedBytes=" + skippedBytes + "}";
  }
}
