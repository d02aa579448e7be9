package dev.vigil.server.api;

import dev.vigil.server.model.Labels;
import dev.vigil.server.model.Matcher;
import dev.vigil.server.scrape.ScrapeManager;
import dev.vigil.server.scrape.Target;
import dev.vigil.server.scrape.TargetMetadata;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * {@code /api/v1/metadata} (metadata per metric family across targets, distinct entries only)
 * and {@code /api/v1/targets/metadata} (per target), from what the active targets exposed.
 */
public final class MetadataApi {
  private final ScrapeManager scrapes;
  private final Function<String, List<Matcher>> selectors;

  public MetadataApi(ScrapeManager scrapes, Function<String, List<Matcher>> selectors) {
    this.scrapes = scrapes;
    this.selectors = selectors;
  }

  /** One distinct metadata entry as the endpoint shows it. */
  private record Entry(String type, String help, String unit) {}

  public ApiResponse metadata(ApiRequest r) throws ApiException {
    int limit = number(r, "limit");
    int perMetric = number(r, "limit_per_metric");
    String metric = r.get("metric");
    // Sorted by family, so a limit keeps the same families from one call to the next.
    Map<String, Set<Entry>> byFamily = new TreeMap<>();
    for (Target t : activeTargets()) {
      List<TargetMetadata.Metric> list = metric.isEmpty() ? t.metadata().list()
          : single(t.metadata().get(metric));
      for (TargetMetadata.Metric m : list) {
        Set<Entry> set = byFamily.computeIfAbsent(m.family(), f -> new LinkedHashSet<>());
        if (perMetric <= 0 || set.size() < perMetric) {
          set.add(new Entry(m.type(), m.help(), m.unit()));
        }
      }
    }
    return ApiResponse.of(g -> {
      g.writeStartObject();
      int n = 0;
      for (Map.Entry<String, Set<Entry>> e : byFamily.entrySet()) {
        if (limit >= 0 && n++ >= limit) {
          break;
        }
        g.writeArrayFieldStart(e.getKey());
        for (Entry m : e.getValue()) {
          g.writeStartObject();
          g.writeStringField("type", m.type());
          g.writeStringField("help", m.help());
          g.writeStringField("unit", m.unit());
          g.writeEndObject();
        }
        g.writeEndArray();
      }
      g.writeEndObject();
    });
  }

  public ApiResponse targetMetadata(ApiRequest r) throws ApiException {
    int limit = number(r, "limit");
    String matchTarget = r.get("match_target");
    List<Matcher> matchers = List.of();
    if (!matchTarget.isEmpty()) {
      try {
        matchers = selectors.apply(matchTarget);
      } catch (IllegalArgumentException e) {
        throw ApiException.invalidParam("match_target", e.getMessage());
      }
    }
    String metric = r.get("metric");
    record Row(Labels target, TargetMetadata.Metric m) {}
    List<Row> rows = new ArrayList<>();
    for (Target t : activeTargets()) {
      // As Prometheus counts it: the limit is checked per target, on rows so far.
      if (limit >= 0 && rows.size() >= limit) {
        break;
      }
      if (!matches(t.labels(), matchers)) {
        continue;
      }
      List<TargetMetadata.Metric> list = metric.isEmpty() ? t.metadata().list()
          : single(t.metadata().get(metric));
      for (TargetMetadata.Metric m : list) {
        rows.add(new Row(t.labels(), m));
      }
    }
    boolean withName = metric.isEmpty();
    return ApiResponse.of(g -> {
      g.writeStartArray();
      for (Row row : rows) {
        g.writeStartObject();
        g.writeFieldName("target");
        ApiJson.labels(g, row.target());
        if (withName) {
          g.writeStringField("metric", row.m().family());
        }
        g.writeStringField("type", row.m().type());
        g.writeStringField("help", row.m().help());
        g.writeStringField("unit", row.m().unit());
        g.writeEndObject();
      }
      g.writeEndArray();
    });
  }

  private List<Target> activeTargets() {
    List<Target> out = new ArrayList<>();
    for (ScrapeManager.PoolView p : scrapes.pools()) {
      out.addAll(p.active());
    }
    return out;
  }

  private static boolean matches(Labels labels, List<Matcher> matchers) {
    for (Matcher m : matchers) {
      if (!m.matches(labels)) {
        return false;
      }
    }
    return true;
  }

  private static List<TargetMetadata.Metric> single(TargetMetadata.Metric m) {
    return m == null ? List.of() : List.of(m);
  }

  /** An optional count; absent means -1 (no limit), as Prometheus reads these two. */
  private static int number(ApiRequest r, String name) throws ApiException {
    String v = r.get(name);
    if (v.isEmpty()) {
      return -1;
    }
    try {
      return Integer.parseInt(v);
    } catch (NumberFormatException e) {
      throw ApiException.badData(name + " must be a number");
    }
  }
}
