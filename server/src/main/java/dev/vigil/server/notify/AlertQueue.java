package dev.vigil.server.notify;

import dev.vigil.server.model.Alert;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A bounded FIFO of alerts that drops the oldest when full, as Prometheus's notifier does: the
 * newest state of an alert matters more than an old one. Thread-safe; one consumer takes
 * batches, any number of producers add.
 */
final class AlertQueue {
  private final int capacity;
  private final ArrayDeque<Alert> queue = new ArrayDeque<>();
  private boolean closed;

  AlertQueue(int capacity) {
    if (capacity < 1) {
      throw new IllegalArgumentException("queue capacity must be positive, got " + capacity);
    }
    this.capacity = capacity;
  }

  /** Adds {@code alerts} in order; returns how many alerts (new or queued) were dropped. */
  synchronized int add(List<Alert> alerts) {
    int dropped = 0;
    int from = 0;
    if (alerts.size() > capacity) {
      // More than fits even in an empty queue: only the newest capacity alerts can stay.
      from = alerts.size() - capacity;
      dropped += from;
    }
    int overflow = queue.size() + (alerts.size() - from) - capacity;
    for (int i = 0; i < overflow; i++) {
      queue.pollFirst();
      dropped++;
    }
    for (int i = from; i < alerts.size(); i++) {
      queue.addLast(alerts.get(i));
    }
    notifyAll();
    return dropped;
  }

  /**
   * Waits up to {@code timeoutMillis} for alerts and takes at most {@code max} of them.
   *
   * @return the batch, empty on timeout or when closed
   */
  synchronized List<Alert> take(int max, long timeoutMillis) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
    while (queue.isEmpty() && !closed) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        return List.of();
      }
      TimeUnit.NANOSECONDS.timedWait(this, left);
    }
    List<Alert> out = new ArrayList<>(Math.min(max, queue.size()));
    while (out.size() < max && !queue.isEmpty()) {
      out.add(queue.pollFirst());
    }
    return out;
  }

  /** Removes and returns everything queued (used to hand alerts to a replacement queue). */
  synchronized List<Alert> drain() {
    List<Alert> out = new ArrayList<>(queue);
    queue.clear();
    return out;
  }

  synchronized void close() {
    closed = true;
    notifyAll();
  }

  synchronized int size() {
    return queue.size();
  }

  int capacity() {
    return capacity;
  }
}
