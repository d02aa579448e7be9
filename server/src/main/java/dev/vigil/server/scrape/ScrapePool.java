package dev.vigil.server.scrape;

import dev.vigil.server.storage.Appendable;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Supplier;

/**
 * The loops of one scrape job. {@link #sync} starts loops for new targets, stops the loops of
 * targets that went away (marking their series stale), and leaves unchanged targets alone, so a
 * reload or a discovery update causes no gap.
 */
final class ScrapePool {
  private final String name;
  private final Appendable storage;
  private volatile Fetcher fetcher;
  private final Supplier<BodyParser> parsers;
  private final ScheduledExecutorService scheduler;
  private final ScrapeLoop.Clock clock;
  private final ScrapeMetrics metrics;
  private volatile ScrapeSettings settings;
  private volatile List<ScrapeLoop> loops = List.of();
  private volatile List<TargetBuilder.Result> dropped = List.of();

  ScrapePool(String name, ScrapeSettings settings, Appendable storage, Fetcher fetcher,
      Supplier<BodyParser> parsers, ScheduledExecutorService scheduler, ScrapeLoop.Clock clock,
      ScrapeMetrics metrics) {
    this.name = name;
    this.metrics = metrics;
    this.settings = settings;
    this.storage = storage;
    this.fetcher = fetcher;
    this.parsers = parsers;
    this.scheduler = scheduler;
    this.clock = clock;
  }

  String name() {
    return name;
  }

  /**
   * New settings or HTTP client restart every loop, at the same offsets and without staleness
   * markers: the targets are still there.
   */
  synchronized void updateSettings(ScrapeSettings next, Fetcher nextFetcher) {
    settings = next;
    fetcher = nextFetcher;
    List<ScrapeLoop> restarted = new ArrayList<>();
    for (ScrapeLoop l : loops) {
      l.stop(false);
      ScrapeLoop fresh = new ScrapeLoop(l.target(), next, storage, fetcher, parsers.get(),
          clock, metrics);
      fresh.takeOver(l);
      fresh.start(scheduler);
      restarted.add(fresh);
    }
    loops = List.copyOf(restarted);
  }

  /** Makes the running loops match {@code results}' targets. */
  synchronized void sync(List<TargetBuilder.Result> results) {
    List<ScrapeLoop> next = new ArrayList<>();
    List<TargetBuilder.Result> drops = new ArrayList<>();
    List<ScrapeLoop> old = new ArrayList<>(loops);
    for (TargetBuilder.Result r : results) {
      if (r.target() == null) {
        drops.add(r);
        continue;
      }
      ScrapeLoop keep = null;
      for (ScrapeLoop l : old) {
        if (l.target().sameAs(r.target())) {
          keep = l;
          break;
        }
      }
      if (keep != null) {
        old.remove(keep);
        next.add(keep);
      } else if (next.stream().noneMatch(l -> l.target().sameAs(r.target()))) {
        ScrapeLoop l = new ScrapeLoop(r.target(), settings, storage, fetcher, parsers.get(),
            clock, metrics);
        l.start(scheduler);
        next.add(l);
      }
    }
    for (ScrapeLoop gone : old) {
      gone.stop(true);
    }
    loops = List.copyOf(next);
    dropped = List.copyOf(drops);
  }

  void stop() {
    sync(List.of());
  }

  List<Target> activeTargets() {
    List<Target> out = new ArrayList<>();
    for (ScrapeLoop l : loops) {
      out.add(l.target());
    }
    return out;
  }

  List<TargetBuilder.Result> droppedTargets() {
    return dropped;
  }

  ScrapeSettings settings() {
    return settings;
  }
}
