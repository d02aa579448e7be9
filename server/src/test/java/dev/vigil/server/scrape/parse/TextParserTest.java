package dev.vigil.server.scrape.parse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class TextParserTest {

  static Stream<Arguments> valid() {
    return Stream.of(
        Arguments.of("plain", "a 1\n", "a{} 1.0"),
        Arguments.of("no final newline", "a 1", "a{} 1.0"),
        Arguments.of("empty input", "", ""),
        Arguments.of("labels", "a{b=\"c\",d=\"e\"} 2\n", "a{b=\"c\", d=\"e\"} 2.0"),
        Arguments.of("label order is sorted", "a{z=\"1\",b=\"2\"} 2", "a{b=\"2\", z=\"1\"} 2.0"),
        Arguments.of("trailing comma", "a{b=\"c\",} 2\n", "a{b=\"c\"} 2.0"),
        Arguments.of("blanks inside braces", "a { b = \"c\" , d=\"e\" } 2",
            "a{b=\"c\", d=\"e\"} 2.0"),
        Arguments.of("empty braces", "a{} 3", "a{} 3.0"),
        Arguments.of("empty value drops the label", "a{b=\"\"} 3", "a{} 3.0"),
        Arguments.of("escapes", "a{b=\"x\\\\y\\\"z\\nw\"} 1",
            "a{b=\"x\\\\y\\\"z\\nw\"} 1.0"),
        Arguments.of("unknown escape kept", "a{b=\"x\\zy\"} 1", "a{b=\"x\\\\zy\"} 1.0"),
        Arguments.of("utf-8 value", "a{b=\"☃ü\"} 1", "a{b=\"☃ü\"} 1.0"),
        Arguments.of("braces and hash in value", "a{b=\"{}# x\"} 1", "a{b=\"{}# x\"} 1.0"),
        Arguments.of("NaN", "a NaN", "a{} NaN"),
        Arguments.of("nan lower", "a nan", "a{} NaN"),
        Arguments.of("+Inf", "a +Inf", "a{} Infinity"),
        Arguments.of("-Inf", "a -Inf", "a{} -Infinity"),
        Arguments.of("Inf", "a Inf", "a{} Infinity"),
        Arguments.of("infinity", "a -infinity", "a{} -Infinity"),
        Arguments.of("exponent", "a 1.5e3", "a{} 1500.0"),
        Arguments.of("exponent sign", "a 2.478268416e+09", "a{} 2.478268416E9"),
        Arguments.of("small", "a 1e-300", "a{} 1.0E-300"),
        Arguments.of("long mantissa", "a 0.013300656000000001", "a{} 0.013300656000000001"),
        Arguments.of("leading dot", "a .5", "a{} 0.5"),
        Arguments.of("trailing dot", "a 5.", "a{} 5.0"),
        Arguments.of("negative zero", "a -0", "a{} -0.0"),
        Arguments.of("uint64", "a 18446744073709551615", "a{} 1.8446744073709552E19"),
        Arguments.of("leading zeros", "a 007", "a{} 7.0"),
        Arguments.of("timestamp", "a 1 1700000000123", "a{} 1.0 @1700000000123"),
        Arguments.of("negative timestamp", "a 1 -5", "a{} 1.0 @-5"),
        Arguments.of("tabs and trailing blanks", "a\t1\t 5 \t\n", "a{} 1.0 @5"),
        Arguments.of("CRLF", "a 1\r\nb 2\r\n", "a{} 1.0\nb{} 2.0"),
        Arguments.of("blank lines and indentation", "\n  \na 1\n\n   b 2\n", "a{} 1.0\nb{} 2.0"),
        Arguments.of("colon name", "a:b_c 1", "a:b_c{} 1.0"),
        Arguments.of("blank before brace", "a {b=\"c\"} 1", "a{b=\"c\"} 1.0"),
        Arguments.of("help and type",
            "# HELP a Some \\\\ help\\nmore \\t x\n# TYPE a counter\na 1\n",
            "HELP a Some \\\\ help\\nmore \\\\t x\nTYPE a COUNTER\na{} 1.0"),
        Arguments.of("empty help", "# HELP a\n", "HELP a "),
        Arguments.of("untyped", "# TYPE a untyped", "TYPE a UNKNOWN"),
        Arguments.of("type with trailing blank", "# TYPE a gauge \n", "TYPE a GAUGE"),
        Arguments.of("metadata without space", "#HELP a x\n#\tTYPE a summary",
            "HELP a x\nTYPE a SUMMARY"),
        Arguments.of("comments", "# hello\n#\n# HELPER x\na 1",
            "COMMENT hello\nCOMMENT \nCOMMENT HELPER x\na{} 1.0"),
        Arguments.of("quoted metric name", "{\"my.metric\",\"label.name\"=\"v\"} 1",
            "my.metric{label.name=\"v\"} 1.0"),
        Arguments.of("quoted name last", "{a=\"b\", \"my.metric\"} 1",
            "my.metric{a=\"b\"} 1.0"),
        Arguments.of("quoted label name", "a{\"x-y\"=\"1\"} 1", "a{x-y=\"1\"} 1.0"),
        Arguments.of("quoted metadata", "# TYPE \"my.metric\" gauge\n# HELP \"my.metric\" h",
            "TYPE my.metric GAUGE\nHELP my.metric h"),
        Arguments.of("many labels", "a{a=\"1\",b=\"2\",c=\"3\",d=\"4\",e=\"5\",f=\"6\",g=\"7\","
            + "h=\"8\",i=\"9\",j=\"10\",k=\"11\",l=\"12\",m=\"13\",n=\"14\",o=\"15\",p=\"16\","
            + "q=\"17\"} 1", "a{a=\"1\", b=\"2\", c=\"3\", d=\"4\", e=\"5\", f=\"6\", g=\"7\","
            + " h=\"8\", i=\"9\", j=\"10\", k=\"11\", l=\"12\", m=\"13\", n=\"14\", o=\"15\","
            + " p=\"16\", q=\"17\"} 1.0"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("valid")
  void parses(String name, String input, String expected) throws ParseException {
    assertThat(Render.text(input)).isEqualTo(expected);
  }

  static Stream<Arguments> invalid() {
    return Stream.of(
        Arguments.of("missing value", "a\n", 1, "expected a blank and a value"),
        Arguments.of("blank but no value", "a \n", 1, "missing value"),
        Arguments.of("missing value after labels", "a{b=\"c\"}\n", 1, "expected a blank"),
        Arguments.of("bad value", "a 1x", 1, "invalid value \"1x\""),
        Arguments.of("hex value", "a 0x1p3", 1, "invalid value"),
        Arguments.of("underscore value", "a 1_000", 1, "invalid value"),
        Arguments.of("out of range", "a 1e400", 1, "invalid value"),
        Arguments.of("signed nan", "a -NaN", 1, "invalid value"),
        Arguments.of("float timestamp", "a 1 1.5", 1, "invalid timestamp"),
        Arguments.of("timestamp overflow", "a 1 99999999999999999999", 1, "invalid timestamp"),
        Arguments.of("extra token", "a 1 2 3", 1, "after the sample"),
        Arguments.of("unterminated value", "a 1\nb{c=\"d} 2\n", 2, "line feed inside"),
        Arguments.of("unterminated at end", "b{c=\"d", 1, "unterminated"),
        Arguments.of("duplicate label", "ok 1\n\na{b=\"1\",b=\"2\"} 1", 3, "duplicate label"),
        Arguments.of("label without quotes", "a{b=c} 1", 1, "expected '\"'"),
        Arguments.of("missing equals", "a{b \"c\"} 1", 1, "expected '='"),
        Arguments.of("missing comma", "a{b=\"c\" d=\"e\"} 1", 1, "expected ',' or '}'"),
        Arguments.of("bad label name", "a{1b=\"c\"} 1", 1, "expected label name"),
        Arguments.of("bad metric name", "1a 1", 1, "expected metric name"),
        Arguments.of("dash in name", "a-b 1", 1, "expected a blank"),
        Arguments.of("labels without name", "{b=\"c\"} 1", 1, "missing metric name"),
        Arguments.of("two quoted names", "{\"a\",\"b\"} 1", 1, "metric name given twice"),
        Arguments.of("__name__ label", "a{__name__=\"b\"} 1", 1, "__name__ is not allowed"),
        Arguments.of("bad type", "# TYPE a gaugehistogram", 1, "invalid metric type"),
        Arguments.of("type without type", "# TYPE a\n", 1, "expected a blank and a type"),
        Arguments.of("type trailing junk", "# TYPE a gauge x", 1, "after the type"),
        Arguments.of("invalid utf-8", "a{b=\"\u00ff\"} 1", 1, "invalid UTF-8"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("invalid")
  void rejects(String name, String input, int line, String message) {
    byte[] bytes = name.equals("invalid utf-8")
        ? input.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1)
        : input.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    assertThatThrownBy(() -> Render.all(new TextParser(bytes)))
        .isInstanceOf(ParseException.class)
        .hasMessageContaining(message)
        .satisfies(e -> assertThat(((ParseException) e).line()).isEqualTo(line))
        .hasMessageStartingWith("line " + line + ", column ");
  }

  @org.junit.jupiter.api.Test
  void columnPointsAtTheProblem() {
    assertThatThrownBy(() -> Render.text("a 1\nabc{d=\"e\"} zz\n"))
        .isInstanceOfSatisfying(ParseException.class, e -> {
          assertThat(e.line()).isEqualTo(2);
          assertThat(e.column()).isEqualTo(12);
        });
  }

  @org.junit.jupiter.api.Test
  void lengthLimitsTheBuffer() throws ParseException {
    byte[] buf = "a 1\nb 2\n".getBytes(java.nio.charset.StandardCharsets.UTF_8);
    assertThat(Render.all(new TextParser(buf, 4))).isEqualTo("a{} 1.0");
  }

  @org.junit.jupiter.api.Test
  void namesAreInterned() throws ParseException {
    TextParser p = new TextParser("a{b=\"c\"} 1\na{b=\"c\"} 2\n".getBytes());
    p.next();
    String first = p.metricName();
    p.next();
    assertThat(p.metricName()).isSameAs(first);
  }

  @org.junit.jupiter.api.Test
  void contentTypePicksTheParser() {
    byte[] b = new byte[0];
    assertThat(ExpositionParser.forContentType(
        "application/openmetrics-text; version=1.0.0; charset=utf-8", b, 0))
        .isInstanceOf(OpenMetricsParser.class);
    assertThat(ExpositionParser.forContentType("text/plain; version=0.0.4", b, 0))
        .isInstanceOf(TextParser.class);
    assertThat(ExpositionParser.forContentType(null, b, 0)).isInstanceOf(TextParser.class);
  }
}
