package dev.vigil.server.alerting;

import java.util.PriorityQueue;

/**
 * A test clock: tasks run when {@link #advance} passes their time, in time order, on the calling
 * thread; {@link #execute} runs at once and {@link #sleep} moves the clock without running
 * tasks, so timing tests are exact and never wait.
 */
public final class FakeScheduler implements Scheduler {
  private record Task(long at, long seq, Runnable run, boolean[] cancelled) {}

  private final PriorityQueue<Task> tasks = new PriorityQueue<>((a, b) -> a.at != b.at
      ? Long.compare(a.at, b.at) : Long.compare(a.seq, b.seq));
  private long now;
  private long seq;
  public long slept;

  public FakeScheduler(long startMillis) {
    this.now = startMillis;
  }

  @Override
  public synchronized long nowMillis() {
    return now;
  }

  @Override
  public synchronized Cancellable schedule(long delayMillis, Runnable task) {
    boolean[] cancelled = {false};
    tasks.add(new Task(now + Math.max(0, delayMillis), seq++, task, cancelled));
    return () -> cancelled[0] = true;
  }

  @Override
  public void execute(Runnable task) {
    task.run();
  }

  @Override
  public synchronized void sleep(long millis) {
    now += millis;
    slept += millis;
  }

  /** Moves the clock by {@code millis}, running every task that falls due on the way. */
  public void advance(long millis) {
    long target;
    synchronized (this) {
      target = now + millis;
    }
    while (true) {
      Task t;
      synchronized (this) {
        t = tasks.peek();
        if (t == null || t.at > target) {
          now = Math.max(now, target);
          return;
        }
        tasks.poll();
        if (t.cancelled[0]) {
          continue;
        }
        now = Math.max(now, t.at);
      }
      t.run.run();
    }
  }

  public void advanceSeconds(long s) {
    advance(s * 1000);
  }
}
