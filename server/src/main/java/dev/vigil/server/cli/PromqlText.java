package dev.vigil.server.cli;

import dev.vigil.server.promql.parser.Printer;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Query answers as promtool's {@code -o promql} prints them: {@code metric => value @[time]} per
 * sample, a series' points under {@code metric =>}, {@code scalar: v @[t]}, and label sets as
 * {@code {a="b", c="d"}}. Values and times are printed as the server sent them, which for a
 * Prometheus-compatible server is already Go's shortest decimal text.
 */
final class PromqlText {
  private PromqlText() {}

  /** The {@code data} of a query answer ({@code resultType} and {@code result}). */
  static String value(JsonNode data) {
    String type = data.path("resultType").asText();
    JsonNode result = data.path("result");
    switch (type) {
      case "scalar":
        return "scalar: " + result.get(1).asText() + " @[" + number(result.get(0)) + "]";
      case "string":
        return result.get(1).asText();
      case "vector": {
        List<String> lines = new ArrayList<>();
        for (JsonNode s : result) {
          lines.add(metric(s.path("metric")) + " => "
              + pair(s.has("histogram") ? s.path("histogram") : s.path("value")));
        }
        return String.join("\n", lines);
      }
      case "matrix": {
        List<String> blocks = new ArrayList<>();
        for (JsonNode s : result) {
          StringBuilder b = new StringBuilder(metric(s.path("metric"))).append(" =>");
          for (JsonNode p : s.path("values")) {
            b.append('\n').append(pair(p));
          }
          for (JsonNode p : s.path("histograms")) {
            b.append('\n').append(pair(p));
          }
          blocks.add(b.toString());
        }
        return String.join("\n", blocks);
      }
      default:
        throw new IllegalArgumentException("unknown result type \"" + type + "\"");
    }
  }

  /** {@code value @[time]}; a native histogram's value is its JSON object. */
  private static String pair(JsonNode p) {
    JsonNode v = p.get(1);
    return (v.isValueNode() ? v.asText() : v.toString()) + " @[" + number(p.get(0)) + "]";
  }

  /** A JSON number as plain decimal text ({@code 100}, not {@code 1E+2}). */
  private static String number(JsonNode n) {
    return n.isBigDecimal() ? n.decimalValue().toPlainString() : n.asText();
  }

  /** {@code name{a="b", c="d"}}, or {@code name} or {@code {}} when there are no other labels. */
  static String metric(JsonNode labels) {
    String name = labels.has("__name__") ? labels.get("__name__").asText() : "";
    List<String> rest = new ArrayList<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = labels.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      if (!e.getKey().equals("__name__")) {
        rest.add(e.getKey() + "=" + Printer.quote(e.getValue().asText()));
      }
    }
    if (rest.isEmpty()) {
      return name.isEmpty() ? "{}" : name;
    }
    rest.sort(null);
    return name + "{" + String.join(", ", rest) + "}";
  }

  /** A series' label set, {@code __name__} among the others: {@code {__name__="up", job="x"}}. */
  static String labelSet(JsonNode labels) {
    List<String> all = new ArrayList<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = labels.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      all.add(e.getKey() + "=" + Printer.quote(e.getValue().asText()));
    }
    all.sort(null);
    return "{" + String.join(", ", all) + "}";
  }
}
