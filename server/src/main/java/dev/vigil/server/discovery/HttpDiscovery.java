package dev.vigil.server.discovery;

import dev.vigil.server.model.Labels;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * HTTP service discovery: GETs the URL every refresh interval and expects a JSON list of target
 * groups with status 200. On failure the last good targets stay, as Prometheus keeps them.
 */
public final class HttpDiscovery {
  private static final Logger LOG = LoggerFactory.getLogger(HttpDiscovery.class);
  private static final int MAX_BODY = 16 << 20;

  private final String url;
  private final long refreshMillis;
  private final OkHttpClient client;
  private final Consumer<List<Labels>> listener;
  private ScheduledFuture<?> task;

  public HttpDiscovery(String url, long refreshMillis, OkHttpClient client,
      Consumer<List<Labels>> listener) {
    this.url = url;
    this.refreshMillis = refreshMillis;
    this.client = client;
    this.listener = listener;
  }

  public void start(ScheduledExecutorService scheduler) {
    task = scheduler.scheduleWithFixedDelay(this::refresh, 0, refreshMillis,
        TimeUnit.MILLISECONDS);
  }

  public void stop() {
    if (task != null) {
      task.cancel(false);
    }
  }

  void refresh() {
    Request req = new Request.Builder().url(url).header("Accept", "application/json")
        .header("X-Prometheus-Refresh-Interval-Seconds", Long.toString(refreshMillis / 1000))
        .build();
    try (Response resp = client.newCall(req).execute()) {
      if (resp.code() != 200) {
        LOG.error("http_sd {}: server returned HTTP status {}", url, resp.code());
        return;
      }
      byte[] body = resp.body().byteStream().readNBytes(MAX_BODY + 1);
      if (body.length > MAX_BODY) {
        LOG.error("http_sd {}: response larger than {} bytes", url, MAX_BODY);
        return;
      }
      listener.accept(TargetGroups.parse(new String(body, StandardCharsets.UTF_8), false, url,
          Labels.of("__meta_url", url)));
    } catch (IOException | RuntimeException e) {
      LOG.error("http_sd {}: {}", url, e.getMessage());
    }
  }
}
