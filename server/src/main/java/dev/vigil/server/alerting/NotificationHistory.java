package dev.vigil.server.alerting;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * Every notification attempt, newest last, for {@code --notification-history.retention} and at
 * most {@code maxAttempts} (the oldest go first). Memory only: it answers "what was sent, when,
 * and did it work" for people, the notification log is what prevents repeats.
 *
 * <p>Thread-safe.
 */
public final class NotificationHistory {
  /**
   * One attempt to deliver one notification to one integration.
   *
   * @param timeMillis when the attempt started, Unix milliseconds
   * @param integration the integration type: {@code webhook}, {@code slack}, {@code email}
   * @param index the integration's position in the receiver's list of its type
   * @param fingerprints the alerts sent, 16 hex digits each
   * @param alertnames their {@code alertname} labels, in the same order
   * @param status {@code firing} or {@code resolved}, as the notification's status
   * @param ok whether it was delivered
   * @param error why not, or "" when delivered
   * @param attempt 1 for the first try, then 2, 3, ... for retries
   */
  public record Attempt(long timeMillis, String receiver, String integration, int index,
      String groupKey, List<String> fingerprints, List<String> alertnames, String status,
      boolean ok, String error, int attempt, long durationMillis) {
    public Attempt {
      fingerprints = List.copyOf(fingerprints);
      alertnames = List.copyOf(alertnames);
      error = error == null ? "" : error;
    }
  }

  private final long retentionMillis;
  private final int maxAttempts;
  private final LongSupplier clock;
  private final ArrayDeque<Attempt> attempts = new ArrayDeque<>();

  public NotificationHistory(long retentionMillis, int maxAttempts, LongSupplier clock) {
    if (maxAttempts <= 0) {
      throw new IllegalArgumentException("maxAttempts must be positive, got " + maxAttempts);
    }
    this.retentionMillis = retentionMillis;
    this.maxAttempts = maxAttempts;
    this.clock = clock;
  }

  public synchronized void add(Attempt a) {
    attempts.addLast(a);
    while (attempts.size() > maxAttempts) {
      attempts.removeFirst();
    }
    expire();
  }

  /**
   * Attempts newest first.
   *
   * @param receiver only this receiver's; null or empty for all
   * @param sinceMillis only attempts at or after this time
   * @param limit at most this many; 0 or less for no limit
   */
  public synchronized List<Attempt> list(String receiver, long sinceMillis, int limit) {
    expire();
    List<Attempt> out = new ArrayList<>();
    for (Iterator<Attempt> it = attempts.descendingIterator(); it.hasNext(); ) {
      Attempt a = it.next();
      // Attempts end in any order across threads, so no early exit on time.
      if (a.timeMillis() < sinceMillis) {
        continue;
      }
      if (receiver != null && !receiver.isEmpty() && !receiver.equals(a.receiver())) {
        continue;
      }
      out.add(a);
      if (limit > 0 && out.size() >= limit) {
        break;
      }
    }
    return out;
  }

  public synchronized int size() {
    expire();
    return attempts.size();
  }

  private void expire() {
    long cutoff = clock.getAsLong() - retentionMillis;
    while (!attempts.isEmpty() && attempts.peekFirst().timeMillis() < cutoff) {
      attempts.removeFirst();
    }
  }
}
