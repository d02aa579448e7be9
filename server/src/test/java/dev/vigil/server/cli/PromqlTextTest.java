package dev.vigil.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

/** promtool's text output of query results, native histograms included. */
class PromqlTextTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void histogramElementsPrintTheirJson() throws Exception {
    String vector = "{\"resultType\":\"vector\",\"result\":[{\"metric\":{\"__name__\":\"h\"},"
        + "\"histogram\":[1700000000,{\"count\":\"1\",\"sum\":\"2\"}]},"
        + "{\"metric\":{\"__name__\":\"f\"},\"value\":[1700000000,\"3\"]}]}";
    assertThat(PromqlText.value(JSON.readTree(vector))).isEqualTo(
        "h => {\"count\":\"1\",\"sum\":\"2\"} @[1700000000]\nf => 3 @[1700000000]");
    String matrix = "{\"resultType\":\"matrix\",\"result\":[{\"metric\":{\"a\":\"b\"},"
        + "\"values\":[[1,\"4\"]],\"histograms\":[[2,{\"count\":\"1\",\"sum\":\"2\"}]]}]}";
    assertThat(PromqlText.value(JSON.readTree(matrix))).isEqualTo(
        "{a=\"b\"} =>\n4 @[1]\n{\"count\":\"1\",\"sum\":\"2\"} @[2]");
  }
}
