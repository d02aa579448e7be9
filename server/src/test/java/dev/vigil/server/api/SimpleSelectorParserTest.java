package dev.vigil.server.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.server.model.Matcher;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SimpleSelectorParserTest {
  private final SimpleSelectorParser parser = new SimpleSelectorParser();

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "up|[__name__=\"up\"]",
      "  job:rate5m  |[__name__=\"job:rate5m\"]",
      "up{job=\"a\"}|[__name__=\"up\", job=\"a\"]",
      "{ job != 'b' , x=~\"c.*\", y!~\"d\", }|[job!=\"b\", x=~\"c.*\", y!~\"d\"]",
  })
  void parses(String text, String matchers) {
    List<Matcher> got = parser.apply(text);
    assertThat(got.toString()).isEqualTo(matchers);
  }

  @Test
  void unescapesValues() {
    List<Matcher> got = parser.apply("m{a=\"q\\\"\\\\\\n\\t\"}");
    assertThat(got.get(1).value()).isEqualTo("q\"\\\n\t");
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @CsvSource(delimiter = '|', value = {
      "''|1:1: parse error: expected a metric name or \"{\"",
      "up{|1:4: parse error: unclosed \"{\"",
      "up{a}|1:5: parse error: expected one of =, !=, =~, !~",
      "up{a=b}|1:6: parse error: expected a quoted label value",
      "up{a=\"b|1:8: parse error: unterminated quoted string",
      "up{a=\"b\" c=\"d\"}|1:10: parse error: expected \",\" or \"}\"",
      "up}|1:3: parse error: unexpected \"}\"",
      "{1a=\"b\"}|1:2: parse error: expected a label name",
  })
  void refuses(String text, String message) {
    assertThatThrownBy(() -> parser.apply(text)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage(message);
  }
}
