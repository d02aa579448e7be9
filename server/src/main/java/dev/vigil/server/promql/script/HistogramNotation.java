package dev.vigil.server.promql.script;

import dev.vigil.server.model.FloatHistogram;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the native histogram notation of test scripts:
 * {@code {{schema:0 sum:5 count:4 z_bucket:1 z_bucket_w:0.001 buckets:[1 2] offset:1
 * n_buckets:[1] n_offset:0 custom_values:[1 5] counter_reset_hint:gauge}}}. Every field is
 * optional; bucket lists start at their offset (0 by default).
 */
final class HistogramNotation {
  private HistogramNotation() {}

  /** Parses {@code text} (with or without the braces); the message says what is wrong. */
  static FloatHistogram parse(String text) {
    String s = text.strip();
    if (s.startsWith("{{")) {
      s = s.substring(2);
    }
    if (s.endsWith("}}")) {
      s = s.substring(0, s.length() - 2);
    }
    int schema = 0;
    double sum = 0;
    double count = 0;
    double zeroCount = 0;
    double zeroWidth = 0;
    double[] buckets = null;
    double[] negBuckets = null;
    double[] custom = null;
    int offset = 0;
    int negOffset = 0;
    byte hint = FloatHistogram.UNKNOWN;
    int p = 0;
    while (p < s.length()) {
      if (Character.isWhitespace(s.charAt(p))) {
        p++;
        continue;
      }
      int colon = s.indexOf(':', p);
      if (colon < 0) {
        throw new IllegalArgumentException("expected key:value in histogram at \""
            + s.substring(p) + "\"");
      }
      String key = s.substring(p, colon).strip();
      p = colon + 1;
      String value;
      if (p < s.length() && s.charAt(p) == '[') {
        int close = s.indexOf(']', p);
        if (close < 0) {
          throw new IllegalArgumentException("missing ']' after " + key);
        }
        value = s.substring(p + 1, close);
        p = close + 1;
      } else {
        int end = p;
        while (end < s.length() && !Character.isWhitespace(s.charAt(end))) {
          end++;
        }
        value = s.substring(p, end);
        p = end;
      }
      switch (key) {
        case "schema" -> schema = Integer.parseInt(value);
        case "sum" -> sum = Numbers.parse(value);
        case "count" -> count = Numbers.parse(value);
        case "z_bucket" -> zeroCount = Numbers.parse(value);
        case "z_bucket_w" -> zeroWidth = Numbers.parse(value);
        case "buckets" -> buckets = list(value);
        case "n_buckets" -> negBuckets = list(value);
        case "offset" -> offset = Integer.parseInt(value);
        case "n_offset" -> negOffset = Integer.parseInt(value);
        case "custom_values" -> custom = list(value);
        case "counter_reset_hint" -> hint = switch (value) {
          case "unknown" -> FloatHistogram.UNKNOWN;
          case "reset" -> FloatHistogram.COUNTER_RESET;
          case "not_reset" -> FloatHistogram.NOT_COUNTER_RESET;
          case "gauge" -> FloatHistogram.GAUGE;
          default -> throw new IllegalArgumentException("unknown counter_reset_hint " + value);
        };
        default -> throw new IllegalArgumentException("unknown histogram field \"" + key + "\"");
      }
    }
    return new FloatHistogram(hint, schema, zeroWidth, zeroCount, count, sum,
        indexes(offset, buckets), buckets, indexes(negOffset, negBuckets), negBuckets, custom);
  }

  private static int[] indexes(int offset, double[] counts) {
    if (counts == null) {
      return null;
    }
    int[] r = new int[counts.length];
    for (int i = 0; i < r.length; i++) {
      r[i] = offset + i;
    }
    return r;
  }

  private static double[] list(String value) {
    List<Double> out = new ArrayList<>();
    for (String part : value.strip().split("\\s+")) {
      if (!part.isEmpty()) {
        out.add(Numbers.parse(part));
      }
    }
    double[] r = new double[out.size()];
    for (int i = 0; i < r.length; i++) {
      r[i] = out.get(i);
    }
    return r;
  }
}
