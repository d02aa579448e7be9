package dev.vigil.server.api;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Compares two API answers as Prometheus clients read them: status, error type and text,
 * result type, and results as sets of series (order ignored: only sort functions promise one)
 * whose points agree in time exactly (as written) and in value within a tiny relative tolerance.
 */
final class ResponseDiff {
  private static final double TOLERANCE = 1e-9;

  private ResponseDiff() {}

  /** Null when {@code a} and {@code b} agree; otherwise what differs first. */
  static String diff(JsonNode a, JsonNode b) {
    String sa = a.path("status").asText();
    if (!sa.equals(b.path("status").asText())) {
      return "status " + sa + " vs " + b.path("status").asText()
          + (sa.equals("error") ? " (" + a.path("error").asText() + ")"
              : " (" + b.path("error").asText() + ")");
    }
    if (sa.equals("error")) {
      if (!a.path("errorType").asText().equals(b.path("errorType").asText())) {
        return "errorType " + a.path("errorType") + " vs " + b.path("errorType");
      }
      if (!a.path("error").asText().equals(b.path("error").asText())) {
        return "error " + a.path("error") + " vs " + b.path("error");
      }
      return null;
    }
    JsonNode da = a.path("data");
    JsonNode db = b.path("data");
    if (da.isArray()) {
      // Label names, values and series: sorted by both servers, so compared in order.
      return da.equals(db) ? null : "data " + da.size() + " items vs " + db.size() + " items";
    }
    if (!da.path("resultType").equals(db.path("resultType"))) {
      return "resultType " + da.path("resultType") + " vs " + db.path("resultType");
    }
    JsonNode ra = da.path("result");
    JsonNode rb = db.path("result");
    String type = da.path("resultType").asText();
    if (type.equals("scalar") || type.equals("string")) {
      return point(ra, rb, type.equals("string"));
    }
    Map<String, JsonNode> ma = bySeries(ra);
    Map<String, JsonNode> mb = bySeries(rb);
    if (!ma.keySet().equals(mb.keySet())) {
      List<String> onlyA = new ArrayList<>(ma.keySet());
      onlyA.removeAll(mb.keySet());
      List<String> onlyB = new ArrayList<>(mb.keySet());
      onlyB.removeAll(ma.keySet());
      return ma.size() + " series vs " + mb.size() + "; only in prometheus " + first(onlyA)
          + ", only in vigil " + first(onlyB);
    }
    for (Map.Entry<String, JsonNode> e : ma.entrySet()) {
      JsonNode sa2 = e.getValue();
      JsonNode sb2 = mb.get(e.getKey());
      if (type.equals("vector")) {
        String d = point(sa2.path("value"), sb2.path("value"), false);
        if (d != null) {
          return e.getKey() + ": " + d;
        }
      } else {
        JsonNode va = sa2.path("values");
        JsonNode vb = sb2.path("values");
        if (va.size() != vb.size()) {
          return e.getKey() + ": " + va.size() + " points vs " + vb.size();
        }
        for (int i = 0; i < va.size(); i++) {
          String d = point(va.get(i), vb.get(i), false);
          if (d != null) {
            return e.getKey() + " point " + i + ": " + d;
          }
        }
      }
    }
    return null;
  }

  private static String first(List<String> l) {
    return l.isEmpty() ? "none" : l.get(0) + (l.size() > 1 ? " (+" + (l.size() - 1) + ")" : "");
  }

  private static Map<String, JsonNode> bySeries(JsonNode result) {
    Map<String, JsonNode> m = new TreeMap<>();
    for (JsonNode s : result) {
      m.put(new TreeMap<>(labels(s.path("metric"))).toString(), s);
    }
    return m;
  }

  private static Map<String, String> labels(JsonNode metric) {
    Map<String, String> m = new TreeMap<>();
    metric.fields().forEachRemaining(e -> m.put(e.getKey(), e.getValue().asText()));
    return m;
  }

  private static String point(JsonNode a, JsonNode b, boolean text) {
    // Compared as text: read with exact decimals, so 1.500 and 1.5 differ as they print.
    if (!a.get(0).asText().equals(b.get(0).asText())) {
      return "time " + a.get(0) + " vs " + b.get(0);
    }
    String va = a.get(1).asText();
    String vb = b.get(1).asText();
    if (text || va.equals(vb)) {
      return va.equals(vb) ? null : "value " + va + " vs " + vb;
    }
    double x = parse(va);
    double y = parse(vb);
    if (Double.isNaN(x) && Double.isNaN(y)) {
      return null;
    }
    if (x == y || Math.abs(x - y) <= TOLERANCE * Math.max(Math.abs(x), Math.abs(y))) {
      return null;
    }
    return "value " + va + " vs " + vb;
  }

  private static double parse(String v) {
    return switch (v) {
      case "+Inf" -> Double.POSITIVE_INFINITY;
      case "-Inf" -> Double.NEGATIVE_INFINITY;
      case "NaN" -> Double.NaN;
      default -> Double.parseDouble(v);
    };
  }
}
