package dev.vigil.server.alerting;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The real clock: one timer thread and a bounded pool of notification threads (a slow receiver
 * delays only the groups waiting behind it, never the timers). When the pool's queue is full the
 * timer thread runs the task itself, which slows timers rather than losing notifications.
 */
public final class SystemScheduler implements Scheduler, AutoCloseable {
  private final ScheduledThreadPoolExecutor timers;
  private final ThreadPoolExecutor workers;

  public SystemScheduler(int notifyThreads, int queueCapacity) {
    AtomicInteger n = new AtomicInteger();
    timers = new ScheduledThreadPoolExecutor(1, r -> daemon(r, "alert-timer"));
    timers.setRemoveOnCancelPolicy(true);
    workers = new ThreadPoolExecutor(notifyThreads, notifyThreads, 60, TimeUnit.SECONDS,
        new ArrayBlockingQueue<>(queueCapacity),
        r -> daemon(r, "alert-notify-" + n.incrementAndGet()),
        new ThreadPoolExecutor.CallerRunsPolicy());
    workers.allowCoreThreadTimeOut(true);
  }

  private static Thread daemon(Runnable r, String name) {
    Thread t = new Thread(r, name);
    t.setDaemon(true);
    return t;
  }

  @Override
  public long nowMillis() {
    return System.currentTimeMillis();
  }

  @Override
  public Cancellable schedule(long delayMillis, Runnable task) {
    ScheduledFuture<?> f = timers.schedule(task, Math.max(0, delayMillis), TimeUnit.MILLISECONDS);
    return () -> f.cancel(false);
  }

  @Override
  public void execute(Runnable task) {
    workers.execute(task);
  }

  @Override
  public void sleep(long millis) throws InterruptedException {
    Thread.sleep(millis);
  }

  /** Stops the timers and waits up to 5 s for running notifications. */
  @Override
  public void close() {
    timers.shutdownNow();
    workers.shutdown();
    try {
      if (!workers.awaitTermination(5, TimeUnit.SECONDS)) {
        workers.shutdownNow();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      workers.shutdownNow();
    }
  }
}
