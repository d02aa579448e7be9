package dev.vigil.server.api;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.vigil.server.tsdb.Head;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code GET /api/v1/status/tsdb}: head statistics and the highest-cardinality metrics, label
 * names and label pairs, in Prometheus's JSON shape, {@code limit} entries each (default 10,
 * at most 10000).
 */
public final class TsdbStatusApi {
  private static final int MAX_LIMIT = 10_000;

  private final Head head;

  public TsdbStatusApi(Head head) {
    this.head = head;
  }

  public ApiResponse status(ApiRequest r) throws ApiException {
    int limit = 10;
    String l = r.get("limit");
    if (!l.isEmpty()) {
      try {
        limit = Integer.parseInt(l);
      } catch (NumberFormatException e) {
        limit = -1;
      }
      if (limit <= 0) {
        throw ApiException.badData("limit must be a positive number");
      }
      if (limit > MAX_LIMIT) {
        throw ApiException.badData("limit must not exceed " + MAX_LIMIT);
      }
    }
    Map<String, Long> byMetric = new HashMap<>();
    Map<String, Long> valuesPerName = new HashMap<>();
    Map<String, Long> bytesPerName = new HashMap<>();
    Map<String, Long> byPair = new HashMap<>();
    head.postings().forEachPair((name, value, series) -> {
      if (name.equals("__name__")) {
        byMetric.put(value, (long) series);
      }
      valuesPerName.merge(name, 1L, Long::sum);
      // As Prometheus counts it: the length of each distinct value (values are interned).
      bytesPerName.merge(name, (long) value.length(), Long::sum);
      byPair.put(name + "=" + value, (long) series);
    });
    Head.Stats stats = head.stats();
    long perSeries = head.memoryBytesPerSeries();
    int n = limit;
    return ApiResponse.of(g -> {
      g.writeStartObject();
      g.writeObjectFieldStart("headStats");
      g.writeNumberField("numSeries", stats.numSeries());
      g.writeNumberField("chunkCount", stats.chunkCount());
      g.writeNumberField("minTime", stats.numSeries() == 0 ? 0 : stats.minTime());
      g.writeNumberField("maxTime", stats.numSeries() == 0 ? 0 : stats.maxTime());
      // Not in Prometheus's response: Vigil's estimate of the heap an active series costs.
      g.writeNumberField("memoryBytesPerSeries", perSeries);
      g.writeEndObject();
      top(g, "seriesCountByMetricName", byMetric, n);
      top(g, "labelValueCountByLabelName", valuesPerName, n);
      top(g, "memoryInBytesByLabelName", bytesPerName, n);
      top(g, "seriesCountByLabelValuePair", byPair, n);
      g.writeEndObject();
    });
  }

  private static void top(JsonGenerator g, String field, Map<String, Long> counts, int limit)
      throws IOException {
    List<Map.Entry<String, Long>> entries = new ArrayList<>(counts.entrySet());
    entries.sort(Map.Entry.<String, Long>comparingByValue(Comparator.reverseOrder())
        .thenComparing(Map.Entry.comparingByKey()));
    g.writeArrayFieldStart(field);
    for (int i = 0; i < Math.min(limit, entries.size()); i++) {
      g.writeStartObject();
      g.writeStringField("name", entries.get(i).getKey());
      g.writeNumberField("value", entries.get(i).getValue());
      g.writeEndObject();
    }
    g.writeEndArray();
  }
}
