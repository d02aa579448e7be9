package dev.vigil.server.promql.engine;

import dev.vigil.server.model.FloatHistogram;
import dev.vigil.server.promql.functions.FloatFormat;

/**
 * A histogram as Prometheus's Go code prints it, which {@code count_values} puts in a label:
 * {@code {count:20, sum:10, [-2,-1):2, [-0.001,0.001]:2, (0.5,1]:1}}, negative buckets from the
 * lowest, then the zero bucket, then positive buckets; empty buckets left out.
 */
final class HistogramText {
  private HistogramText() {}

  static String go(FloatHistogram h) {
    StringBuilder b = new StringBuilder("{");
    if (h.counterResetHint() == FloatHistogram.GAUGE) {
      b.append("gauge ");
    }
    b.append("count:").append(g(h.count())).append(", sum:").append(g(h.sum()));
    int[] ni = h.negativeIndexes();
    double[] nc = h.negativeCounts();
    for (int i = ni.length - 1; i >= 0; i--) {
      b.append(", [").append(g(-FloatHistogram.upperBound(ni[i], h.schema()))).append(',')
          .append(g(-FloatHistogram.upperBound(ni[i] - 1, h.schema()))).append("):")
          .append(g(nc[i]));
    }
    if (h.zeroCount() != 0) {
      b.append(", [").append(g(-h.zeroThreshold())).append(',').append(g(h.zeroThreshold()))
          .append("]:").append(g(h.zeroCount()));
    }
    int[] pi = h.positiveIndexes();
    double[] pc = h.positiveCounts();
    for (int i = 0; i < pi.length; i++) {
      b.append(", (").append(g(h.positiveLower(pi[i]))).append(',')
          .append(g(h.positiveUpper(pi[i]))).append("]:").append(g(pc[i]));
    }
    return b.append('}').toString();
  }

  private static String g(double v) {
    return FloatFormat.goG(v);
  }
}
