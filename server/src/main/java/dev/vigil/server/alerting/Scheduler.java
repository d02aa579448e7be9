package dev.vigil.server.alerting;

/**
 * Time for the alert handling: the clock, timers, a place to run notifications, and waiting
 * between retries. Injected so that timing tests advance a fake clock instead of waiting.
 *
 * <p>Implementations are thread-safe.
 */
public interface Scheduler {
  /** Now, Unix milliseconds. */
  long nowMillis();

  /** Runs {@code task} once {@code delayMillis} passed (0 = soon); the handle cancels it. */
  Cancellable schedule(long delayMillis, Runnable task);

  /** Runs {@code task} off the timer thread (a notification may take long). */
  void execute(Runnable task);

  /** Waits between retries. */
  void sleep(long millis) throws InterruptedException;

  /** A scheduled task that has not run yet can be cancelled; cancelling later is harmless. */
  @FunctionalInterface
  interface Cancellable {
    void cancel();
  }
}
