package dev.vigil.server.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vigil.server.tsdb.Head;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code GET /api/v1/status/tsdb}: head statistics and the highest-cardinality metrics, label
 * names and label pairs, in Prometheus's JSON shape, {@code limit} entries each (default 10).
 */
public final class TsdbStatusApi implements HttpHandler {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Head head;

  public TsdbStatusApi(Head head) {
    this.head = head;
  }

  @Override
  public void handleRequest(HttpServerExchange ex) throws Exception {
    int limit = 10;
    Deque<String> l = ex.getQueryParameters().get("limit");
    if (l != null && !l.isEmpty()) {
      try {
        limit = Integer.parseInt(l.peekFirst());
      } catch (NumberFormatException e) {
        limit = -1;
      }
      if (limit <= 0) {
        ex.setStatusCode(400);
        ex.getResponseHeaders().put(Headers.CONTENT_TYPE, "application/json");
        ex.getResponseSender().send("{\"status\":\"error\",\"errorType\":\"bad_data\","
            + "\"error\":\"limit must be a positive number\"}");
        return;
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
    ObjectNode data = JSON.createObjectNode();
    ObjectNode hs = data.putObject("headStats");
    hs.put("numSeries", stats.numSeries());
    hs.put("chunkCount", stats.chunkCount());
    hs.put("minTime", stats.numSeries() == 0 ? 0 : stats.minTime());
    hs.put("maxTime", stats.numSeries() == 0 ? 0 : stats.maxTime());
    // Not in Prometheus's response: Vigil's estimate of the heap an active series costs.
    hs.put("memoryBytesPerSeries", head.memoryBytesPerSeries());
    top(data.putArray("seriesCountByMetricName"), byMetric, limit);
    top(data.putArray("labelValueCountByLabelName"), valuesPerName, limit);
    top(data.putArray("memoryInBytesByLabelName"), bytesPerName, limit);
    top(data.putArray("seriesCountByLabelValuePair"), byPair, limit);
    ObjectNode body = JSON.createObjectNode();
    body.put("status", "success");
    body.set("data", data);
    ex.getResponseHeaders().put(Headers.CONTENT_TYPE, "application/json");
    ex.getResponseSender().send(JSON.writeValueAsString(body));
  }

  private static void top(ArrayNode out, Map<String, Long> counts, int limit) {
    List<Map.Entry<String, Long>> entries = new ArrayList<>(counts.entrySet());
    entries.sort(Map.Entry.<String, Long>comparingByValue(Comparator.reverseOrder())
        .thenComparing(Map.Entry.comparingByKey()));
    for (int i = 0; i < Math.min(limit, entries.size()); i++) {
      out.addObject().put("name", entries.get(i).getKey()).put("value", entries.get(i).getValue());
    }
  }
}
