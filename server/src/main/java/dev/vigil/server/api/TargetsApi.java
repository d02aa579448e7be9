package dev.vigil.server.api;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.vigil.server.scrape.ScrapeManager;
import dev.vigil.server.scrape.Target;
import dev.vigil.server.scrape.TargetBuilder;
import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

/** {@code GET /api/v1/targets} in Prometheus's JSON shape, with its state and pool filters. */
public final class TargetsApi {
  private static final String NEVER = "0001-01-01T00:00:00Z";

  private final ScrapeManager scrapes;

  public TargetsApi(ScrapeManager scrapes) {
    this.scrapes = scrapes;
  }

  public ApiResponse targets(ApiRequest r) {
    String state = r.get("state").isEmpty() ? "any" : r.get("state");
    String pool = r.get("scrapePool").isEmpty() ? null : r.get("scrapePool");
    // A consistent view: pools are read once, before writing starts.
    List<ScrapeManager.PoolView> pools = scrapes.pools().stream()
        .filter(p -> pool == null || pool.equals(p.name())).toList();
    return ApiResponse.of(g -> {
      g.writeStartObject();
      g.writeArrayFieldStart("activeTargets");
      if (!state.equals("dropped")) {
        for (ScrapeManager.PoolView p : pools) {
          for (Target t : p.active()) {
            target(g, t, p);
          }
        }
      }
      g.writeEndArray();
      g.writeArrayFieldStart("droppedTargets");
      if (!state.equals("active")) {
        for (ScrapeManager.PoolView p : pools) {
          for (TargetBuilder.Result d : p.dropped()) {
            g.writeStartObject();
            g.writeFieldName("discoveredLabels");
            ApiJson.labels(g, d.discovered());
            g.writeStringField("scrapePool", p.name());
            g.writeEndObject();
          }
        }
      }
      g.writeEndArray();
      g.writeObjectFieldStart("droppedTargetCounts");
      for (ScrapeManager.PoolView p : pools) {
        g.writeNumberField(p.name(), p.dropped().size());
      }
      g.writeEndObject();
      g.writeEndObject();
    });
  }

  private static void target(JsonGenerator g, Target t, ScrapeManager.PoolView p)
      throws IOException {
    g.writeStartObject();
    g.writeFieldName("discoveredLabels");
    ApiJson.labels(g, t.discoveredLabels());
    g.writeFieldName("labels");
    ApiJson.labels(g, t.labels());
    g.writeStringField("scrapePool", p.name());
    g.writeStringField("scrapeUrl", t.url());
    g.writeStringField("globalUrl", t.url());
    g.writeStringField("lastError", t.lastError());
    g.writeStringField("lastScrape", t.lastScrapeMillis() == 0 ? NEVER
        : Instant.ofEpochMilli(t.lastScrapeMillis()).toString());
    g.writeNumberField("lastScrapeDuration", t.lastScrapeDurationSeconds());
    g.writeStringField("health", t.health().name().toLowerCase(Locale.ROOT));
    g.writeStringField("scrapeInterval", p.interval());
    g.writeStringField("scrapeTimeout", p.timeout());
    g.writeEndObject();
  }
}
