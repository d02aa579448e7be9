package dev.vigil.server.alerting;

import dev.vigil.server.model.Labels;
import dev.vigil.server.model.Matcher;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.LongSupplier;

/**
 * The silences of one Alertmanager (no clustering), with Alertmanager's rules for creating,
 * updating and expiring them. Thread-safe: writers take a lock and publish an immutable copy,
 * so {@link #mutedBy}, which runs for every alert, reads without locking.
 *
 * <p>Persistence: {@link #snapshot} writes all silences to the snapshot file atomically (see
 * {@link SilenceSnapshots} for the format); the constructor loads it. A missing file is an empty
 * store; a corrupt one is logged and the store starts empty rather than failing the server.
 * Expired silences are kept for {@code retention} after their end, then {@link #gc} drops them.
 * Nothing runs in the background: the owner calls gc and snapshot periodically and at shutdown.
 */
public final class Silences {
  /** An unknown silence ID; Alertmanager's API answers 404 for it. */
  public static final class NotFoundException extends IllegalArgumentException {
    NotFoundException(String id) {
      super("silence " + id + " not found");
    }
  }

  private final Path snapshotFile;
  private final Duration retention;
  private final LongSupplier clock;
  private final int maxSilences;
  private final Object writeLock = new Object();
  private final Object snapshotLock = new Object();
  private volatile Map<String, Silence> byId;

  /**
   * @param snapshotFile where {@link #snapshot} writes; null keeps silences in memory only
   * @param retention how long expired silences are kept (Alertmanager's --data.retention)
   * @param clock Unix milliseconds
   */
  public Silences(Path snapshotFile, Duration retention, LongSupplier clock) {
    this(snapshotFile, retention, clock, 0);
  }

  /**
   * @param maxSilences the most silences stored, expired ones included
   *     (Alertmanager's --silences.max-silences); 0 for no limit
   */
  public Silences(Path snapshotFile, Duration retention, LongSupplier clock, int maxSilences) {
    this.snapshotFile = snapshotFile;
    this.retention = retention;
    this.clock = clock;
    this.maxSilences = maxSilences;
    Map<String, Silence> loaded = new LinkedHashMap<>();
    if (snapshotFile != null) {
      for (Silence s : SilenceSnapshots.read(snapshotFile)) {
        loaded.put(s.id(), s);
      }
    }
    this.byId = Collections.unmodifiableMap(loaded);
    gc();
  }

  /**
   * Stores a silence and returns its ID. An empty ID creates a new silence. A known ID updates
   * that silence in place when Alertmanager allows it: same matchers, and for an active silence
   * the same start and an end not in the past, for a pending one a start not in the past.
   * Otherwise the old silence is expired (unless it already was) and a new one with a new ID is
   * created. A new silence starting in the past starts now.
   *
   * @throws NotFoundException for a non-empty ID that is not stored
   * @throws IllegalArgumentException for an invalid silence, saying why
   */
  public String set(Silence s) throws IllegalArgumentException {
    long now = clock.getAsLong();
    validate(s, now);
    synchronized (writeLock) {
      Map<String, Silence> next = new LinkedHashMap<>(byId);
      if (!s.id().isEmpty()) {
        Silence prev = next.get(s.id());
        if (prev == null) {
          throw new NotFoundException(s.id());
        }
        if (canUpdate(prev, s, now)) {
          next.put(s.id(), s.withTimes(s.startsAtMillis(), s.endsAtMillis(), now));
          byId = Collections.unmodifiableMap(next);
          return s.id();
        }
        if (!prev.state(now).equals(Silence.EXPIRED)) {
          next.put(prev.id(), expired(prev, now));
        }
      }
      if (maxSilences > 0 && next.size() >= maxSilences) {
        throw new IllegalArgumentException("exceeded maximum number of silences: " + next.size()
            + " (limit: " + maxSilences + ")");
      }
      String id = UUID.randomUUID().toString();
      Silence created = s.withId(id).withTimes(Math.max(s.startsAtMillis(), now),
          s.endsAtMillis(), now);
      next.put(id, created);
      byId = Collections.unmodifiableMap(next);
      return id;
    }
  }

  private static void validate(Silence s, long now) {
    if (s.matchers().isEmpty()) {
      throw new IllegalArgumentException("at least one matcher required");
    }
    boolean anyNonEmpty = false;
    for (Matcher m : s.matchers()) {
      if (m.name().isEmpty()) {
        throw new IllegalArgumentException("invalid label matcher: empty label name");
      }
      anyNonEmpty |= !m.matches("");
    }
    if (!anyNonEmpty) {
      throw new IllegalArgumentException("at least one matcher must not match the empty string");
    }
    if (s.startsAtMillis() == 0) {
      throw new IllegalArgumentException("invalid zero start timestamp");
    }
    if (s.endsAtMillis() == 0) {
      throw new IllegalArgumentException("invalid zero end timestamp");
    }
    if (s.endsAtMillis() < s.startsAtMillis()) {
      throw new IllegalArgumentException("end time must not be before start time");
    }
    if (s.endsAtMillis() < now) {
      throw new IllegalArgumentException("end time can't be in the past");
    }
  }

  private static boolean canUpdate(Silence prev, Silence next, long now) {
    if (!sameMatchers(prev.matchers(), next.matchers())) {
      return false;
    }
    switch (prev.state(now)) {
      case Silence.ACTIVE:
        return next.startsAtMillis() == prev.startsAtMillis() && next.endsAtMillis() >= now;
      case Silence.PENDING:
        return next.startsAtMillis() >= now;
      default:
        return false;
    }
  }

  private static boolean sameMatchers(List<Matcher> a, List<Matcher> b) {
    // Compared as sorted sets of their text: the API may send them in another order.
    return a.size() == b.size()
        && Matchers.format(Matchers.sorted(a)).equals(Matchers.format(Matchers.sorted(b)));
  }

  private static Silence expired(Silence s, long now) {
    // A pending silence never started: it ends before it begins, as in Alertmanager.
    long start = s.state(now).equals(Silence.PENDING) ? now : s.startsAtMillis();
    return s.withTimes(start, now, now);
  }

  /**
   * Expires a silence now: an active one ends now, a pending one starts and ends now.
   *
   * @throws NotFoundException when the ID is not stored
   * @throws IllegalArgumentException when it has already expired
   */
  public void expire(String id) throws IllegalArgumentException {
    long now = clock.getAsLong();
    synchronized (writeLock) {
      Silence s = byId.get(id);
      if (s == null) {
        throw new NotFoundException(id);
      }
      if (s.state(now).equals(Silence.EXPIRED)) {
        throw new IllegalArgumentException("silence " + id + " already expired");
      }
      Map<String, Silence> next = new LinkedHashMap<>(byId);
      next.put(id, expired(s, now));
      byId = Collections.unmodifiableMap(next);
    }
  }

  /** The silence with this ID, or null. */
  public Silence get(String id) {
    return byId.get(id);
  }

  /** All stored silences, expired ones included, in the order they were created. */
  public List<Silence> list() {
    return List.copyOf(byId.values());
  }

  /** The IDs of the active silences whose matchers all match {@code alertLabels}. */
  public List<String> mutedBy(Labels alertLabels) {
    long now = clock.getAsLong();
    List<String> ids = null;
    for (Silence s : byId.values()) {
      if (s.state(now).equals(Silence.ACTIVE) && Matchers.matches(s.matchers(), alertLabels)) {
        if (ids == null) {
          ids = new ArrayList<>(2);
        }
        ids.add(s.id());
      }
    }
    return ids == null ? List.of() : ids;
  }

  /** Drops silences that ended more than the retention ago. */
  public void gc() {
    long cutoff = clock.getAsLong() - retention.toMillis();
    synchronized (writeLock) {
      Map<String, Silence> next = new LinkedHashMap<>(byId);
      boolean removed = next.values().removeIf(s -> s.endsAtMillis() < cutoff);
      if (removed) {
        byId = Collections.unmodifiableMap(next);
      }
    }
  }

  /** Writes all silences to the snapshot file (atomically); nothing when memory-only. */
  public void snapshot() throws IOException {
    if (snapshotFile == null) {
      return;
    }
    synchronized (snapshotLock) {
      SilenceSnapshots.write(snapshotFile, byId.values());
    }
  }

  /** How many silences are in {@code state} (pending, active, expired) now. */
  public int count(String state) {
    long now = clock.getAsLong();
    int n = 0;
    for (Silence s : byId.values()) {
      if (s.state(now).equals(state)) {
        n++;
      }
    }
    return n;
  }
}
