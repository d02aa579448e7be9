package dev.vigil.server.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vigil.server.model.Labels;
import dev.vigil.server.scrape.ScrapeManager;
import dev.vigil.server.scrape.Target;
import dev.vigil.server.scrape.TargetBuilder;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import java.time.Instant;
import java.util.Deque;
import java.util.List;
import java.util.Map;

/** {@code GET /api/v1/targets} in Prometheus's JSON shape, with its state and pool filters. */
public final class TargetsApi implements HttpHandler {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String NEVER = "0001-01-01T00:00:00Z";

  private final ScrapeManager scrapes;

  public TargetsApi(ScrapeManager scrapes) {
    this.scrapes = scrapes;
  }

  @Override
  public void handleRequest(HttpServerExchange ex) throws Exception {
    String state = param(ex, "state", "any");
    String pool = param(ex, "scrapePool", null);
    ObjectNode data = JSON.createObjectNode();
    ArrayNode active = data.putArray("activeTargets");
    ArrayNode dropped = data.putArray("droppedTargets");
    ObjectNode droppedCounts = data.putObject("droppedTargetCounts");
    for (ScrapeManager.PoolView p : scrapes.pools()) {
      if (pool != null && !pool.equals(p.name())) {
        continue;
      }
      if (!state.equals("dropped")) {
        for (Target t : p.active()) {
          active.add(target(t, p));
        }
      }
      List<TargetBuilder.Result> drops = p.dropped();
      droppedCounts.put(p.name(), drops.size());
      if (!state.equals("active")) {
        for (TargetBuilder.Result r : drops) {
          ObjectNode d = dropped.addObject();
          d.set("discoveredLabels", labels(r.discovered()));
          d.put("scrapePool", p.name());
        }
      }
    }
    ObjectNode body = JSON.createObjectNode();
    body.put("status", "success");
    body.set("data", data);
    ex.getResponseHeaders().put(Headers.CONTENT_TYPE, "application/json");
    ex.getResponseSender().send(JSON.writeValueAsString(body));
  }

  private static ObjectNode target(Target t, ScrapeManager.PoolView p) {
    ObjectNode o = JSON.createObjectNode();
    o.set("discoveredLabels", labels(t.discoveredLabels()));
    o.set("labels", labels(t.labels()));
    o.put("scrapePool", p.name());
    o.put("scrapeUrl", t.url());
    o.put("globalUrl", t.url());
    o.put("lastError", t.lastError());
    o.put("lastScrape", t.lastScrapeMillis() == 0 ? NEVER
        : Instant.ofEpochMilli(t.lastScrapeMillis()).toString());
    o.put("lastScrapeDuration", t.lastScrapeDurationSeconds());
    o.put("health", t.health().name().toLowerCase());
    o.put("scrapeInterval", p.interval());
    o.put("scrapeTimeout", p.timeout());
    return o;
  }

  private static ObjectNode labels(Labels l) {
    ObjectNode o = JSON.createObjectNode();
    for (int i = 0; i < l.size(); i++) {
      o.put(l.name(i), l.value(i));
    }
    return o;
  }

  private static String param(HttpServerExchange ex, String name, String fallback) {
    Map<String, Deque<String>> q = ex.getQueryParameters();
    Deque<String> v = q.get(name);
    return v == null || v.isEmpty() || v.peekFirst().isEmpty() ? fallback : v.peekFirst();
  }
}
