package dev.vigil.exporters.redis;

import dev.vigil.exporters.common.Families;
import dev.vigil.client.model.Labels;
import dev.vigil.client.model.MetricMetadata;
import dev.vigil.client.model.MetricSnapshot;
import dev.vigil.client.model.MetricSnapshots;
import dev.vigil.client.model.SummarySnapshot;
import dev.vigil.client.model.MultiCollector;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.DoubleAdder;

/**
 * The exporter's collector: scrapes its targets in parallel, each bounded by the connection
 * timeout, and adds redis_exporter's process-wide metrics. With several targets every sample
 * gets a {@code redis_addr} label (the address without its password) so they stay apart.
 */
final class RedisExporter implements MultiCollector, AutoCloseable {
  static final String VERSION = "0.1.0";

  private final String namespace;
  private final Duration timeout;
  private final List<RedisTarget> targets;
  private final AtomicLong requestErrors = new AtomicLong();
  private final AtomicLong scrapeCount = new AtomicLong();
  private final DoubleAdder scrapeSeconds = new DoubleAdder();
  private final ExecutorService pool = Executors.newCachedThreadPool(r -> {
    Thread t = new Thread(r, "redis-scrape");
    t.setDaemon(true);
    return t;
  });

  private final KeyChecks keys;

  RedisExporter(String namespace, Duration timeout, List<RedisAddress> addresses) {
    this(namespace, timeout, addresses, KeyChecks.NONE);
  }

  RedisExporter(String namespace, Duration timeout, List<RedisAddress> addresses,
      KeyChecks keys) {
    this.namespace = namespace;
    this.timeout = timeout;
    this.keys = keys;
    List<RedisTarget> ts = new ArrayList<>();
    for (RedisAddress a : addresses) {
      ts.add(addresses.size() == 1 ? new RedisTarget(a, namespace, timeout, keys)
          : new RedisTarget(a, namespace, timeout, keys, "redis_addr", a.toString()));
    }
    this.targets = List.copyOf(ts);
  }

  /** A bad {@code /scrape} request (no or invalid target), for the peer's error counter. */
  void countRequestError() {
    requestErrors.incrementAndGet();
  }

  /** A collector for one {@code /scrape?target=} request; shares this exporter's counters. */
  MultiCollector forTarget(RedisAddress address) {
    RedisTarget target = new RedisTarget(address, namespace, timeout, keys);
    return () -> {
      Families out = new Families();
      try {
        target.scrape().addTo(out);
      } finally {
        target.close(); // one request, one connection: nothing kept for arbitrary targets
      }
      processWide(out);
      return out.build();
    };
  }

  @Override
  public MetricSnapshots collect() {
    long start = System.nanoTime();
    Families out = new Families();
    if (targets.size() == 1) {
      targets.get(0).scrape().addTo(out);
    } else {
      List<Future<RedisScrape>> running = new ArrayList<>();
      for (RedisTarget t : targets) {
        running.add(pool.submit(t::scrape));
      }
      // Each scrape is bounded by its socket timeouts (connect + a few commands); the extra
      // wait only guards against a target the timeouts somehow miss.
      long deadline = System.nanoTime() + timeout.toNanos() * 4 + TimeUnit.SECONDS.toNanos(1);
      for (Future<RedisScrape> f : running) {
        try {
          f.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS).addTo(out);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          break;
        } catch (Exception e) {
          f.cancel(true);
        }
      }
    }
    processWide(out);
    scrapeSeconds.add((System.nanoTime() - start) / 1e9);
    scrapeCount.incrementAndGet();
    // Families has no summaries; the peer's scrape-duration summary (sum and count only) is
    // added to the built snapshots.
    List<MetricSnapshot<?>> all = new ArrayList<>(out.build().asList());
    all.add(new SummarySnapshot(new MetricMetadata(namespace + "_exporter_scrape_duration_seconds",
        "Durations of scrapes by the exporter", null), List.of(new SummarySnapshot.DataPoint(
        Labels.EMPTY, scrapeCount.get(), scrapeSeconds.sum(), new double[0], new double[0], 0))));
    return new MetricSnapshots(all);
  }

  private void processWide(Families out) {
    out.counter(namespace + "_target_scrape_request_errors_total",
        "Errors in requests to the exporter", requestErrors.get());
    out.info(namespace + "_exporter_build_info", "redis exporter build_info",
        "version", VERSION, "commit_sha", "", "build_date", "",
        "golang_version", "java" + Runtime.version().feature());
  }

  @Override
  public void close() {
    pool.shutdownNow();
    targets.forEach(RedisTarget::close);
  }
}
