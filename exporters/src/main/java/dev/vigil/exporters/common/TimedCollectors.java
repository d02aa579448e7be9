package dev.vigil.exporters.common;

import dev.vigil.client.model.MetricSnapshot;
import dev.vigil.client.model.MetricSnapshots;
import dev.vigil.client.model.MultiCollector;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs an exporter's collectors in parallel, each under the scrape's timeout, and adds
 * {@code <prefix>_scrape_collector_success{collector}} and
 * {@code <prefix>_scrape_collector_duration_seconds{collector}}. A collector that fails or does
 * not finish in time contributes only {@code success 0}; the scrape itself always answers.
 *
 * <p>A collector still running from an earlier scrape (a hung mount, a stuck query) is not
 * started again until it returns, so hung collectors cannot pile up threads.
 */
public final class TimedCollectors implements MultiCollector, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(TimedCollectors.class);

  private final String prefix;
  private final List<Source> sources;
  private final Duration timeout;
  private final ExecutorService pool;
  private final Set<String> running = ConcurrentHashMap.newKeySet();

  /**
   * @param prefix the metric prefix of the self-metrics ({@code node}, {@code pg}, …)
   * @param timeout how long one scrape waits for all its collectors together
   */
  public TimedCollectors(String prefix, List<Source> sources, Duration timeout) {
    this.prefix = prefix;
    this.sources = List.copyOf(sources);
    this.timeout = timeout;
    this.pool = Executors.newCachedThreadPool(r -> {
      Thread t = new Thread(r, prefix + "-collector");
      t.setDaemon(true);
      return t;
    });
  }

  @Override
  public MetricSnapshots collect() {
    long deadline = System.nanoTime() + timeout.toNanos();
    List<Future<Families>> futures = new ArrayList<>(sources.size());
    List<long[]> starts = new ArrayList<>(sources.size());
    for (Source s : sources) {
      long[] t = {System.nanoTime(), -1};
      starts.add(t);
      if (!running.add(s.name())) {
        futures.add(null); // still busy with an earlier scrape
        continue;
      }
      futures.add(pool.submit(() -> {
        try {
          Families f = new Families();
          s.collect(f);
          return f;
        } finally {
          t[1] = System.nanoTime();
          running.remove(s.name());
        }
      }));
    }
    List<MetricSnapshot<?>> out = new ArrayList<>();
    Families self = new Families();
    for (int i = 0; i < sources.size(); i++) {
      Source s = sources.get(i);
      Future<Families> f = futures.get(i);
      boolean ok = false;
      if (f == null) {
        LOG.warn("collector {} is still running from an earlier scrape; skipped", s.name());
      } else {
        try {
          Families got = f.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
          got.build().forEach(out::add);
          ok = true;
        } catch (TimeoutException e) {
          LOG.warn("collector {} did not finish within {}", s.name(), timeout);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        } catch (Exception e) {
          Throwable cause = e.getCause() == null ? e : e.getCause();
          LOG.error("collector {} failed: {}", s.name(), cause.toString());
        }
      }
      long end = starts.get(i)[1] > 0 ? starts.get(i)[1] : System.nanoTime();
      self.gauge(prefix + "_scrape_collector_duration_seconds",
          prefix + "_exporter: Duration of a collector scrape.",
          (end - starts.get(i)[0]) / 1e9, "collector", s.name());
      self.gauge(prefix + "_scrape_collector_success",
          prefix + "_exporter: Whether a collector succeeded.", ok ? 1 : 0,
          "collector", s.name());
    }
    self.build().forEach(out::add);
    return new MetricSnapshots(out);
  }

  @Override
  public void close() {
    pool.shutdownNow();
  }
}
