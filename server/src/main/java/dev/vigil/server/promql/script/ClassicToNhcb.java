package dev.vigil.server.promql.script;

import dev.vigil.server.model.FloatHistogram;
import dev.vigil.server.model.Labels;
import dev.vigil.server.storage.Appender;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code load_with_nhcb}: besides the classic histogram series as loaded, each group of
 * {@code <name>_bucket} series (same labels but {@code le}) also becomes one native histogram
 * series {@code <name>} with custom buckets: the finite {@code le} values are the bounds, bucket
 * counts are the differences of the cumulative ones, the count is the +Inf bucket and the sum
 * comes from {@code <name>_sum} (0 without one). A step where a bucket has no float is skipped.
 */
final class ClassicToNhcb {
  private ClassicToNhcb() {}

  static void append(Command.Load load, Appender app) {
    Map<Labels, TreeMap<Double, Points>> groups = new LinkedHashMap<>();
    Map<Labels, Points> sums = new LinkedHashMap<>();
    for (SeriesLine s : load.series()) {
      String name = s.labels().metricName();
      if (name == null) {
        continue;
      }
      if (name.endsWith("_bucket") && s.labels().get("le") != null) {
        Labels base = s.labels().toBuilder().delete("le")
            .set(Labels.METRIC_NAME, name.substring(0, name.length() - 7)).build();
        double le;
        try {
          le = Numbers.parse(s.labels().get("le"));
        } catch (NumberFormatException e) {
          continue;
        }
        groups.computeIfAbsent(base, k -> new TreeMap<>()).put(le, s.points());
      } else if (name.endsWith("_sum")) {
        sums.put(s.labels().toBuilder()
            .set(Labels.METRIC_NAME, name.substring(0, name.length() - 4)).build(), s.points());
      }
    }
    for (Map.Entry<Labels, TreeMap<Double, Points>> g : groups.entrySet()) {
      List<Double> bounds = new ArrayList<>(g.getValue().keySet());
      List<Points> cumulative = new ArrayList<>(g.getValue().values());
      if (bounds.get(bounds.size() - 1) != Double.POSITIVE_INFINITY) {
        continue; // no +Inf bucket: not a complete classic histogram
      }
      double[] custom = new double[bounds.size() - 1];
      for (int i = 0; i < custom.length; i++) {
        custom[i] = bounds.get(i);
      }
      Points sum = sums.get(g.getKey());
      int steps = Integer.MAX_VALUE;
      for (Points p : cumulative) {
        steps = Math.min(steps, p.size());
      }
      long ref = 0;
      for (int t = 0; t < steps; t++) {
        double[] counts = new double[bounds.size()];
        int[] idx = new int[bounds.size()];
        boolean complete = true;
        double prev = 0;
        for (int b = 0; b < cumulative.size() && complete; b++) {
          Points p = cumulative.get(b);
          if (p.kind(t) != Points.VALUE) {
            complete = false;
            break;
          }
          idx[b] = b;
          counts[b] = p.value(t) - prev;
          prev = p.value(t);
        }
        if (!complete) {
          continue;
        }
        double s = sum != null && t < sum.size() && sum.kind(t) == Points.VALUE ? sum.value(t) : 0;
        FloatHistogram h = new FloatHistogram(FloatHistogram.UNKNOWN, FloatHistogram.CUSTOM, 0, 0,
            prev, s, idx, counts, null, null, custom);
        ref = app.appendHistogram(ref, g.getKey(), t * load.intervalMs(), h);
      }
    }
  }
}
