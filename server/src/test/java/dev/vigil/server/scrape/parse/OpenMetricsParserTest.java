package dev.vigil.server.scrape.parse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Accessor values and error positions; acceptance as a whole is the conformance suite's job. */
class OpenMetricsParserTest {

  static Stream<Arguments> valid() {
    return Stream.of(
        Arguments.of("gauge", "# TYPE a gauge\n# UNIT a \n# HELP a h \\\" \\\\ \\n x\na 1\n# EOF\n",
            "TYPE a GAUGE\nUNIT a \nHELP a h \" \\\\ \\n x\na{} 1.0"),
        Arguments.of("eof without newline", "a 1\n# EOF", "a{} 1.0"),
        Arguments.of("empty", "# EOF\n", ""),
        Arguments.of("seconds to millis", "a 1 1.5\na 2 1604676851.123456789\na 3 1.7e9\n# EOF\n",
            "a{} 1.0 @1500\na{} 2.0 @1604676851123\na{} 3.0 @1700000000000"),
        Arguments.of("rounds to millis", "a 1 4.35\n# EOF\n", "a{} 1.0 @4350"),
        Arguments.of("exemplar", "# TYPE a counter\na_total{b=\"c\"} 3 # {trace=\"x\\\"y\"} 0.5 12.25"
            + "\n# EOF\n", "TYPE a COUNTER\na_total{b=\"c\"} 3.0 # {trace=\"x\\\"y\"} 0.5 @12250"),
        Arguments.of("exemplar after timestamp", "# TYPE a counter\na_total 3 5 # {} 1\n# EOF\n",
            "TYPE a COUNTER\na_total{} 3.0 @5000 # {} 1.0"),
        Arguments.of("histogram points by timestamp", "# TYPE h histogram\n"
            + "h_bucket{le=\"1\"} 1 10\nh_bucket{le=\"+Inf\"} 2 10\nh_count 2 10\nh_sum 3 10\n"
            + "h_bucket{le=\"1\"} 0 20\nh_bucket{le=\"+Inf\"} 4 20\nh_count 4 20\nh_sum 5 20\n"
            + "# EOF\n", "TYPE h HISTOGRAM\nh_bucket{le=\"1\"} 1.0 @10000\n"
            + "h_bucket{le=\"+Inf\"} 2.0 @10000\nh_count{} 2.0 @10000\nh_sum{} 3.0 @10000\n"
            + "h_bucket{le=\"1\"} 0.0 @20000\nh_bucket{le=\"+Inf\"} 4.0 @20000\n"
            + "h_count{} 4.0 @20000\nh_sum{} 5.0 @20000"),
        Arguments.of("stateset", "# TYPE s stateset\ns{s=\"a\"} 1\ns{s=\"b\"} 0\n# EOF\n",
            "TYPE s STATESET\ns{s=\"a\"} 1.0\ns{s=\"b\"} 0.0"),
        Arguments.of("info", "# TYPE i info\ni_info{v=\"1.2\"} 1\n# EOF\n",
            "TYPE i INFO\ni_info{v=\"1.2\"} 1.0"),
        Arguments.of("label order does not split a metric", "# TYPE h histogram\n"
            + "h_bucket{a=\"1\",le=\"+Inf\"} 1\nh_count{a=\"1\"} 1\nh_sum{a=\"1\"} 1\n"
            + "h_bucket{le=\"+Inf\",a=\"2\"} 1\nh_sum{a=\"2\"} 1\nh_count{a=\"2\"} 1\n# EOF\n",
            "TYPE h HISTOGRAM\nh_bucket{a=\"1\", le=\"+Inf\"} 1.0\nh_count{a=\"1\"} 1.0\n"
            + "h_sum{a=\"1\"} 1.0\nh_bucket{a=\"2\", le=\"+Inf\"} 1.0\nh_sum{a=\"2\"} 1.0\n"
            + "h_count{a=\"2\"} 1.0"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("valid")
  void parses(String name, String input, String expected) throws ParseException {
    assertThat(Render.om(input)).isEqualTo(expected);
  }

  static Stream<Arguments> invalid() {
    return Stream.of(
        Arguments.of("missing eof", "a 1\n", 2, "missing \"# EOF\""),
        Arguments.of("comment", "# hi\n# EOF\n", 1, "must be \"# TYPE\""),
        Arguments.of("clash with earlier family", "# TYPE a counter\na_total 1\n"
            + "# TYPE a_total gauge\n# EOF\n", 3, "appears twice or clashes"),
        Arguments.of("clash with later family", "a_created 1\n# TYPE a counter\n# EOF\n", 3,
            "would clash"),
        Arguments.of("interleaved families", "a 1\nb 1\na 2\n# EOF\n", 3, "appears twice"),
        Arguments.of("interleaved metrics", "a{x=\"1\"} 1\na{x=\"2\"} 1\na{x=\"1\"} 2\n# EOF\n",
            3, "interleaved"),
        Arguments.of("mixed timestamps", "a 1 1\na 2\n# EOF\n", 2, "timestamps or none"),
        Arguments.of("counter without suffix", "# TYPE a counter\na 1\n# EOF\n", 2,
            "not valid for counter a"),
        Arguments.of("quantile range", "# TYPE s summary\ns{quantile=\"1.5\"} 1\n# EOF\n", 2,
            "from 0 to 1"),
        Arguments.of("negative quantile value", "# TYPE s summary\ns{quantile=\"0.5\"} -1\n"
            + "# EOF\n", 2, "must not be negative"),
        Arguments.of("le on count", "# TYPE h histogram\nh_count{le=\"1\"} 1\n# EOF\n", 2,
            "only _bucket"),
        Arguments.of("fractional bucket", "# TYPE h histogram\nh_bucket{le=\"+Inf\"} 1.5\n"
            + "# EOF\n", 2, "integer"),
        Arguments.of("repeated le", "# TYPE h histogram\nh_bucket{le=\"1\"} 1\n"
            + "h_bucket{le=\"1.0\"} 1\nh_bucket{le=\"+Inf\"} 1\n# EOF\n", 3, "increasing le"),
        Arguments.of("missing +Inf", "# TYPE h histogram\nh_bucket{le=\"1\"} 1\n# EOF\n", 3,
            "+Inf"),
        Arguments.of("reserved label name", "a{__name__=\"b\"} 1\n# EOF\n", 1, "reserved"),
        Arguments.of("space in labels", "a{b=\"c\", d=\"e\"} 1\n# EOF\n", 1, "label name"),
        Arguments.of("crlf", "a 1\r\n# EOF\n", 1, "invalid value"),
        Arguments.of("unit on info", "# UNIT i_s s\n# TYPE i_s info\n# EOF\n", 2, "unit"),
        Arguments.of("long exemplar", "# TYPE a counter\na_total 1 # {a=\"" + "x".repeat(128)
            + "\"} 1\n# EOF\n", 2, "128"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("invalid")
  void rejects(String name, String input, int line, String message) {
    assertThatThrownBy(() -> Render.om(input))
        .isInstanceOf(ParseException.class)
        .hasMessageContaining(message)
        .hasMessageStartingWith("line " + line + ", column ");
  }
}
