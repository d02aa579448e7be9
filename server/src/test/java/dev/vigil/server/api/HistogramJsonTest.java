package dev.vigil.server.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.vigil.server.model.FloatHistogram;
import dev.vigil.server.model.Labels;
import dev.vigil.server.promql.value.InstantVector;
import dev.vigil.server.promql.value.Matrix;
import dev.vigil.server.promql.value.Sample;
import dev.vigil.server.promql.value.Series;
import dev.vigil.server.promql.value.Value;
import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Native histograms in query results, golden strings in Prometheus's shape: {@code histogram}
 * instead of {@code value} in vectors, {@code histograms} next to {@code values} in matrices,
 * buckets as {@code [boundary rule, "lower", "upper", "count"]} from the lowest, empty ones out.
 */
class HistogramJsonTest {
  private static final long T0 = 1_700_000_000_000L;
  /** Negative bucket [-1,-0.5), zero bucket [-0.5,0.5], positive (0.5,1], (1,2], (2,4]. */
  private static final FloatHistogram EXP = new FloatHistogram(FloatHistogram.UNKNOWN, 0, 0.5,
      1, 7, 3.5, new int[] {0, 1, 2, 3}, new double[] {1, 2, 0, 2}, new int[] {0},
      new double[] {1}, null);
  private static final FloatHistogram NHCB = new FloatHistogram(FloatHistogram.UNKNOWN,
      FloatHistogram.CUSTOM, 0, 0, 3, 0.75, new int[] {0, 2}, new double[] {1, 2}, null, null,
      new double[] {0.1, 0.2});

  @Test
  void vectorElementsCarryAHistogramInsteadOfAValue() throws Exception {
    String json = write(new InstantVector(List.of(
        new Sample(Labels.of("__name__", "h"), T0, 0, EXP),
        new Sample(Labels.of("__name__", "f"), T0, 2.5))));
    assertThat(json).isEqualTo("[{\"metric\":{\"__name__\":\"h\"},\"histogram\":[1700000000,"
        + "{\"count\":\"7\",\"sum\":\"3.5\",\"buckets\":[[1,\"-1\",\"-0.5\",\"1\"],"
        + "[3,\"-0.5\",\"0.5\",\"1\"],[0,\"0.5\",\"1\",\"1\"],[0,\"1\",\"2\",\"2\"],"
        + "[0,\"4\",\"8\",\"2\"]]}]},"
        + "{\"metric\":{\"__name__\":\"f\"},\"value\":[1700000000,\"2.5\"]}]");
  }

  @Test
  void customBucketsRunFromMinusInfinityToPlusInfinity() throws Exception {
    String json = write(new InstantVector(List.of(new Sample(Labels.EMPTY, T0, 0, NHCB))));
    assertThat(json).isEqualTo("[{\"metric\":{},\"histogram\":[1700000000,{\"count\":\"3\","
        + "\"sum\":\"0.75\",\"buckets\":[[0,\"-Inf\",\"0.1\",\"1\"],[0,\"0.2\",\"+Inf\",\"2\"]]}]}]");
  }

  @Test
  void anEmptyHistogramHasNoBucketsField() throws Exception {
    FloatHistogram empty = new FloatHistogram(FloatHistogram.GAUGE, 0, 0, 0, 0, 0, null, null,
        null, null, null);
    assertThat(write(new InstantVector(List.of(new Sample(Labels.EMPTY, T0, 0, empty)))))
        .isEqualTo("[{\"metric\":{},\"histogram\":[1700000000,{\"count\":\"0\",\"sum\":\"0\"}]}]");
  }

  @Test
  void matrixSeriesSplitFloatsAndHistograms() throws Exception {
    Series mixed = new Series(Labels.of("a", "b"), new long[] {T0, T0 + 1500, T0 + 3000},
        new double[] {1, 0, 0}, new FloatHistogram[] {null, NHCB, NHCB}, 3);
    Series onlyHistograms = new Series(Labels.of("a", "c"), new long[] {T0},
        new double[] {0}, new FloatHistogram[] {NHCB}, 1);
    Series floats = new Series(Labels.of("a", "d"), new long[] {T0}, new double[] {4}, 1);
    String h = "{\"count\":\"3\",\"sum\":\"0.75\",\"buckets\":[[0,\"-Inf\",\"0.1\",\"1\"],"
        + "[0,\"0.2\",\"+Inf\",\"2\"]]}";
    assertThat(write(new Matrix(List.of(mixed, onlyHistograms, floats)))).isEqualTo(
        "[{\"metric\":{\"a\":\"b\"},\"values\":[[1700000000,\"1\"]],\"histograms\":"
            + "[[1700000001.500," + h + "],[1700000003," + h + "]]},"
            + "{\"metric\":{\"a\":\"c\"},\"histograms\":[[1700000000," + h + "]]},"
            + "{\"metric\":{\"a\":\"d\"},\"values\":[[1700000000,\"4\"]]}]");
  }

  private static String write(Value v) throws Exception {
    StringWriter out = new StringWriter();
    try (JsonGenerator g = new JsonFactory().createGenerator(out)) {
      QueryJson.result(g, v);
    }
    return out.toString();
  }
}
