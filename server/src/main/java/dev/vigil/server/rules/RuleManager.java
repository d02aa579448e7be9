package dev.vigil.server.rules;

import dev.vigil.client.model.Registry;
import dev.vigil.server.config.Config;
import dev.vigil.server.config.ConfigException;
import dev.vigil.server.model.AlertSink;
import dev.vigil.server.model.Labels;
import dev.vigil.server.storage.Appendable;
import dev.vigil.server.storage.Appender;
import dev.vigil.server.storage.Queryable;
import dev.vigil.server.model.StaleNaN;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loads the rule files a configuration names and runs their groups, each on its own schedule.
 * A reload is all or nothing: when any file is bad, {@link #applyConfig} throws and the old
 * groups keep running. Groups of the new configuration take over the alerts and written series
 * of the same rules in the old one. Thread-safe; {@link #applyConfig} and {@link #stop} are
 * serialised.
 *
 * <p>Wiring: construct, {@link #applyConfig} with the first config, {@link #start()}; on reload
 * {@link #applyConfig} again; on shutdown {@link #stop()} (before the storage closes).
 */
public final class RuleManager implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(RuleManager.class);

  private final RuleOptions options;
  private final QueryFunction query;
  private final Appendable storage;
  private final Queryable restoreFrom;
  private final AlertSink sink;
  private final TemplateExpander templates;
  private final RuleMetrics metrics;
  private final Clock clock;
  private final ScheduledExecutorService scheduler;
  private final Map<String, Loop> loops = new LinkedHashMap<>();
  private volatile List<RuleGroup> groups = List.of();
  private boolean started;
  private boolean stopped;
  private boolean firstLoad = true;

  /**
   * @param query how rules evaluate PromQL
   * @param storage where recorded series, ALERTS and ALERTS_FOR_STATE are written
   * @param restoreFrom where ALERTS_FOR_STATE is read back after a restart; null to skip that
   * @param sink where firing and resolved alerts go
   * @param templates expands alert labels and annotations; also checks them on load
   * @param registry where self-metrics are registered; null for none
   * @param clock the time evaluations run at
   */
  public RuleManager(RuleOptions options, QueryFunction query, Appendable storage,
      Queryable restoreFrom, AlertSink sink, TemplateExpander templates, Registry registry,
      Clock clock) {
    this.options = options;
    this.query = query;
    this.storage = storage;
    this.restoreFrom = restoreFrom;
    this.sink = sink;
    this.templates = templates;
    this.metrics = new RuleMetrics(registry);
    this.clock = clock;
    ScheduledThreadPoolExecutor s = new ScheduledThreadPoolExecutor(options.maxConcurrentEvals(),
        r -> {
          Thread t = new Thread(r, "rule-eval");
          t.setDaemon(true);
          return t;
        });
    s.setRemoveOnCancelPolicy(true);
    this.scheduler = s;
  }

  /** Loads {@code config}'s rule files; all or nothing. */
  public void applyConfig(Config config) throws ConfigException {
    update(config.ruleFiles(), config.global().evaluationInterval(),
        config.global().ruleQueryOffset(), config.global().externalLabels());
  }

  /**
   * Loads the rule files matching {@code globs} and replaces the running groups with them.
   *
   * @throws ConfigException listing every problem of every file; nothing changes then
   */
  public synchronized void update(List<String> globs, Duration evaluationInterval,
      Duration ruleQueryOffset, Labels externalLabels) throws ConfigException {
    if (stopped) {
      throw new IllegalStateException("the rule manager is stopped");
    }
    List<GroupDefinition> defs = load(globs, templates);
    GroupDeps deps = new GroupDeps(query, storage, sink, templates, options, externalLabels,
        metrics);
    List<RuleGroup> next = new ArrayList<>();
    for (GroupDefinition d : defs) {
      next.add(new RuleGroup(d, evaluationInterval, ruleQueryOffset, deps));
    }
    Map<String, RuleGroup> old = new LinkedHashMap<>();
    for (RuleGroup g : groups) {
      old.put(g.key(), g);
    }
    // Stop the old loops first: a group must not evaluate while its state is copied.
    for (Loop l : loops.values()) {
      l.stop();
    }
    loops.clear();
    long now = clock.millis();
    for (RuleGroup g : next) {
      RuleGroup o = old.remove(g.key());
      if (o != null) {
        writeStale(g.copyState(o), now - g.queryOffset().toMillis());
      } else if (firstLoad && restoreFrom != null) {
        g.setRestored(false);
      }
      metrics.addGroup(g.key(), g.rules().size(), g.interval().toMillis() / 1000.0);
    }
    for (RuleGroup o : old.values()) {
      o.markStale(now - o.queryOffset().toMillis());
      metrics.removeGroup(o.key());
    }
    groups = List.copyOf(next);
    firstLoad = false;
    if (started) {
      startLoops();
    }
    LOG.info("Loaded {} rule groups from {} rule file globs", next.size(), globs.size());
  }

  /** Parses every file matching {@code globs}; throws with all problems of all files. */
  public static List<GroupDefinition> load(List<String> globs, TemplateExpander templates)
      throws ConfigException {
    List<Path> files;
    try {
      files = RuleFiles.expand(globs);
    } catch (IOException e) {
      throw new ConfigException("rule_files: " + e.getMessage(), e);
    }
    RuleFileParser parser = new RuleFileParser(templates);
    List<GroupDefinition> defs = new ArrayList<>();
    List<String> problems = new ArrayList<>();
    for (Path f : files) {
      try {
        defs.addAll(parser.parse(f));
      } catch (ConfigException e) {
        problems.addAll(e.problems());
      }
    }
    if (!problems.isEmpty()) {
      throw new ConfigException(problems);
    }
    return defs;
  }

  /** Starts evaluating the loaded groups on their schedules (and those of later reloads). */
  public synchronized void start() {
    if (started || stopped) {
      return;
    }
    started = true;
    startLoops();
  }

  private void startLoops() {
    for (RuleGroup g : groups) {
      Loop l = new Loop(g);
      loops.put(g.key(), l);
      l.scheduleFirst();
    }
  }

  /** Stops every group, waiting for running evaluations. The manager cannot start again. */
  public synchronized void stop() {
    stopped = true;
    for (Loop l : loops.values()) {
      l.stop();
    }
    loops.clear();
    scheduler.shutdownNow();
  }

  @Override
  public void close() {
    stop();
  }

  /** The loaded groups, in file order. */
  public List<RuleGroup> groups() {
    return groups;
  }

  /** Every alerting rule of every group. */
  public List<AlertingRule> alertingRules() {
    List<AlertingRule> out = new ArrayList<>();
    for (RuleGroup g : groups) {
      for (Rule r : g.rules()) {
        if (r instanceof AlertingRule ar) {
          out.add(ar);
        }
      }
    }
    return out;
  }

  public RuleOptions options() {
    return options;
  }

  /**
   * One iteration of {@code g} at {@code ts}: the evaluation, then (the first time after
   * startup) restoring the {@code for} state. What the schedule runs; tests call it directly.
   */
  void runIteration(RuleGroup g, long ts) {
    metrics.iterations.labelValues(g.key()).inc();
    g.evaluate(ts);
    if (restoreFrom != null) {
      boolean pending = false;
      for (Rule r : g.rules()) {
        pending |= r instanceof AlertingRule ar && !ar.restored();
      }
      if (pending) {
        ForStateRestorer.restore(g, restoreFrom, ts, options);
      }
    }
  }

  private void writeStale(Set<Labels> series, long ts) {
    if (series.isEmpty()) {
      return;
    }
    Appender app = storage.appender();
    for (Labels l : series) {
      app.append(0, l, ts, StaleNaN.VALUE);
    }
    app.commit();
  }

  /**
   * The schedule of one group. Each run evaluates the due iteration and schedules the next one;
   * iterations that passed while an evaluation ran too long are counted as missed, not run.
   */
  private final class Loop implements Runnable {
    private final RuleGroup group;
    private final long intervalMs;
    private long due;
    private boolean done;
    private ScheduledFuture<?> next;

    Loop(RuleGroup group) {
      this.group = group;
      this.intervalMs = group.interval().toMillis();
    }

    synchronized void scheduleFirst() {
      long now = clock.millis();
      due = group.evalTimestamp(now) + intervalMs;
      next = scheduler.schedule(this, due - now, TimeUnit.MILLISECONDS);
    }

    @Override
    public synchronized void run() {
      if (done) {
        return;
      }
      try {
        runIteration(group, due);
      } catch (RuntimeException e) {
        LOG.error("rule group {} failed", group.key(), e);
      }
      long now = clock.millis();
      long missed = (now - due) / intervalMs - 1;
      if (missed > 0) {
        metrics.missed.labelValues(group.key()).inc(missed);
        metrics.iterations.labelValues(group.key()).inc(missed);
      }
      due += (Math.max(0, missed) + 1) * intervalMs;
      if (!done) {
        next = scheduler.schedule(this, Math.max(0, due - now), TimeUnit.MILLISECONDS);
      }
    }

    /** Cancels the schedule; waits for an evaluation in progress (it holds the lock). */
    synchronized void stop() {
      done = true;
      if (next != null) {
        next.cancel(false);
      }
    }
  }
}
