package dev.vigil.server.notify;

import dev.vigil.server.config.AlertmanagerConfig;
import dev.vigil.server.config.FileSdConfig;
import dev.vigil.server.config.HttpSdConfig;
import dev.vigil.server.config.StaticConfig;
import dev.vigil.server.discovery.FileDiscovery;
import dev.vigil.server.discovery.HttpDiscovery;
import dev.vigil.server.http.HttpClients;
import dev.vigil.server.model.Alert;
import dev.vigil.server.model.Labels;
import dev.vigil.server.relabel.RelabelConfig;
import dev.vigil.server.relabel.Relabeler;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;
import okhttp3.Call;
import okhttp3.Callback;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One {@code alertmanager_config}: its discovered Alertmanagers, its queue and the one thread
 * that drains the queue in batches and posts each batch to every Alertmanager of the set. A slow
 * set therefore never holds back another. Thread-safe.
 */
final class AlertmanagerSet {
  private static final Logger LOG = LoggerFactory.getLogger(AlertmanagerSet.class);
  private static final MediaType JSON = MediaType.get("application/json");
  static final String ALERTS_PATH_LABEL = "__alerts_path__";
  static final String SCHEME_LABEL = "__scheme__";
  static final String ADDRESS_LABEL = "__address__";

  final String name;
  final AlertmanagerConfig cfg;
  private final OkHttpClient client;
  private final AlertQueue queue;
  private final NotifierMetrics metrics;
  private final LongSupplier nanoTime;
  private final int maxBatch;
  // Target groups per discovery source, so one source's update leaves the others' targets.
  private final Map<String, List<Labels>> sources = new LinkedHashMap<>();
  private final List<Runnable> stoppers = new ArrayList<>();
  private volatile Resolved resolved = new Resolved(List.of(), List.of());
  private volatile boolean running;
  private Thread thread;

  /** The URLs alerts go to, and the URLs of targets relabelling dropped. */
  record Resolved(List<String> active, List<String> dropped) {}

  AlertmanagerSet(String name, AlertmanagerConfig cfg, AlertQueue queue, int maxBatch,
      NotifierMetrics metrics, LongSupplier nanoTime) throws GeneralSecurityException,
      IOException {
    this.name = name;
    this.cfg = cfg;
    this.queue = queue;
    this.maxBatch = maxBatch;
    this.metrics = metrics;
    this.nanoTime = nanoTime;
    this.client = HttpClients.client(cfg.http(), cfg.timeout());
  }

  /** Starts discovery (on {@code scheduler}) and the sending thread. */
  synchronized void start(ScheduledExecutorService scheduler) {
    List<Labels> statics = new ArrayList<>();
    for (StaticConfig sc : cfg.staticConfigs()) {
      for (String t : sc.targets()) {
        statics.add(sc.labels().toBuilder().set(ADDRESS_LABEL, t).build());
      }
    }
    sources.put("static", statics);
    int i = 0;
    for (FileSdConfig f : cfg.fileSdConfigs()) {
      String key = "file/" + i++;
      FileDiscovery d = new FileDiscovery(f.files(), f.refreshInterval().toMillis(),
          groups -> update(key, groups));
      d.start(scheduler);
      stoppers.add(d::stop);
    }
    i = 0;
    for (HttpSdConfig h : cfg.httpSdConfigs()) {
      String key = "http/" + i++;
      try {
        HttpDiscovery d = new HttpDiscovery(h.url(), h.refreshInterval().toMillis(),
            HttpClients.client(h.http(), java.time.Duration.ofSeconds(30)),
            groups -> update(key, groups));
        d.start(scheduler);
        stoppers.add(d::stop);
      } catch (GeneralSecurityException | IOException e) {
        LOG.error("alertmanager {} http_sd {}: tls_config: {}", name, h.url(), e.getMessage());
      }
    }
    recompute();
    running = true;
    thread = new Thread(this::loop, "notify-" + name);
    thread.setDaemon(true);
    thread.start();
  }

  /** Stops discovery and the thread, and returns what was still queued. */
  List<Alert> stop() {
    Thread t;
    synchronized (this) {
      running = false;
      stoppers.forEach(Runnable::run);
      t = thread;
    }
    queue.close();
    if (t != null) {
      t.interrupt();
      try {
        t.join(TimeUnit.SECONDS.toMillis(5));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    return queue.drain();
  }

  int enqueue(List<Alert> alerts) {
    return queue.add(alerts);
  }

  AlertQueue queue() {
    return queue;
  }

  Resolved resolved() {
    return resolved;
  }

  private synchronized void update(String source, List<Labels> groups) {
    sources.put(source, List.copyOf(groups));
    recompute();
  }

  private void recompute() {
    List<Labels> all = new ArrayList<>();
    sources.values().forEach(all::addAll);
    resolved = resolve(all, cfg);
  }

  /** Applies the set's scheme, path and relabel_configs to discovered targets, as Prometheus. */
  static Resolved resolve(List<Labels> targets, AlertmanagerConfig cfg) {
    LinkedHashSet<String> active = new LinkedHashSet<>();
    List<String> dropped = new ArrayList<>();
    for (Labels t : targets) {
      Labels pre = t.toBuilder().set(SCHEME_LABEL, cfg.scheme())
          .set(ALERTS_PATH_LABEL, postPath(cfg.pathPrefix())).build();
      Labels post = Relabeler.process(pre, cfg.relabelConfigs());
      if (post == null) {
        dropped.add(url(pre));
        continue;
      }
      String addr = post.get(ADDRESS_LABEL);
      if (addr == null || addr.contains("/")) {
        LOG.error("alertmanager target {}: address \"{}\" is not host:port; skipped", post,
            addr == null ? "" : addr);
        dropped.add(url(pre));
        continue;
      }
      active.add(url(post));
    }
    return new Resolved(List.copyOf(active), List.copyOf(dropped));
  }

  private static String url(Labels l) {
    String scheme = l.get(SCHEME_LABEL);
    String path = l.get(ALERTS_PATH_LABEL);
    String addr = l.get(ADDRESS_LABEL);
    return (scheme == null ? "http" : scheme) + "://" + (addr == null ? "" : addr)
        + (path == null ? "" : path);
  }

  /** Go's {@code path.Join("/", prefix, "/api/v2/alerts")}: one slash between the parts. */
  static String postPath(String prefix) {
    return ("/" + prefix + "/api/v2/alerts").replaceAll("/+", "/");
  }

  private void loop() {
    while (running) {
      try {
        List<Alert> batch = queue.take(maxBatch, 1000);
        if (!batch.isEmpty()) {
          sendBatch(batch);
        }
      } catch (InterruptedException e) {
        if (!running) {
          return;
        }
      } catch (RuntimeException e) {
        // Never let one bad batch end the thread: later alerts must still go out.
        LOG.error("alertmanager {}: sending failed", name, e);
      }
    }
  }

  /** Relabels and posts one batch to every Alertmanager of the set, in parallel. */
  void sendBatch(List<Alert> batch) throws InterruptedException {
    List<Alert> alerts = relabel(batch, cfg.alertRelabelConfigs());
    if (alerts.isEmpty()) {
      return;
    }
    List<String> urls = resolved.active();
    byte[] body = AlertsJson.encode(alerts);
    AtomicInteger ok = new AtomicInteger();
    CountDownLatch done = new CountDownLatch(urls.size());
    for (String url : urls) {
      long start = nanoTime.getAsLong();
      Request req = HttpClients.headers(new Request.Builder().url(url), cfg.http())
          .header("User-Agent", "Vigil")
          .post(RequestBody.create(body, JSON)).build();
      client.newCall(req).enqueue(new Callback() {
        @Override
        public void onFailure(Call call, IOException e) {
          finish(url, alerts.size(), start, "error sending alerts: " + e.getMessage());
          done.countDown();
        }

        @Override
        public void onResponse(Call call, Response r) {
          try (r) {
            if (r.code() / 100 == 2) {
              finish(url, alerts.size(), start, null);
              ok.incrementAndGet();
            } else {
              finish(url, alerts.size(), start, "bad response status " + r.code() + ": "
                  + HttpClients.bodyStart(r.body()));
            }
          } finally {
            done.countDown();
          }
        }
      });
    }
    done.await();
    if (ok.get() == 0) {
      metrics.dropped.inc(alerts.size());
    }
  }

  private void finish(String url, int count, long startNanos, String error) {
    if (error != null) {
      LOG.error("Error sending alerts to alertmanager {} ({} alerts): {}", url, count, error);
      metrics.errors.labelValues(url).inc(count);
    }
    metrics.latency.labelValues(url).observe((nanoTime.getAsLong() - startNanos) / 1e9);
    metrics.sent.labelValues(url).inc(count);
  }

  /** Alerts after relabelling; ones dropped or left with no labels are left out. */
  static List<Alert> relabel(List<Alert> in, List<RelabelConfig> rules) {
    if (rules.isEmpty()) {
      return in;
    }
    List<Alert> out = new ArrayList<>(in.size());
    for (Alert a : in) {
      Labels l = Relabeler.process(a.labels(), rules);
      if (l != null && !l.isEmpty()) {
        out.add(l == a.labels() ? a : new Alert(l, a.annotations(), a.startsAtMillis(),
            a.endsAtMillis(), a.generatorUrl()));
      }
    }
    return out;
  }
}
