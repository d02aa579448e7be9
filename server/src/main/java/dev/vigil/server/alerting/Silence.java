package dev.vigil.server.alerting;

import dev.vigil.server.model.Matcher;
import java.util.List;

/**
 * A silence: alerts whose labels match all {@code matchers} are muted while it is active.
 * Immutable.
 *
 * <p>States, for a time {@code now}: pending before {@code startsAtMillis}, active from then
 * until {@code endsAtMillis}, expired from {@code endsAtMillis} on. Alertmanager keeps a silence
 * active at the very nanosecond of its end; Vigil's clock counts milliseconds, so the end is
 * excluded, and a silence expired "now" reads as expired at once.
 *
 * @param id empty for a silence not stored yet
 * @param startsAtMillis Unix milliseconds
 * @param endsAtMillis Unix milliseconds
 * @param updatedAtMillis when it was last stored (set by {@link Silences})
 */
public record Silence(String id, List<Matcher> matchers, long startsAtMillis, long endsAtMillis,
    long updatedAtMillis, String createdBy, String comment) {
  public static final String PENDING = "pending";
  public static final String ACTIVE = "active";
  public static final String EXPIRED = "expired";

  public Silence {
    id = id == null ? "" : id;
    matchers = List.copyOf(matchers);
    createdBy = createdBy == null ? "" : createdBy;
    comment = comment == null ? "" : comment;
  }

  /** {@code pending}, {@code active} or {@code expired} at {@code nowMillis}. */
  public String state(long nowMillis) {
    if (nowMillis < startsAtMillis) {
      return PENDING;
    }
    return nowMillis >= endsAtMillis ? EXPIRED : ACTIVE;
  }

  Silence withId(String newId) {
    return new Silence(newId, matchers, startsAtMillis, endsAtMillis, updatedAtMillis, createdBy,
        comment);
  }

  Silence withTimes(long startsAt, long endsAt, long updatedAt) {
    return new Silence(id, matchers, startsAt, endsAt, updatedAt, createdBy, comment);
  }
}
