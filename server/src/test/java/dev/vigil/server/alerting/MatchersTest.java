package dev.vigil.server.alerting;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.vigil.server.model.Labels;
import dev.vigil.server.model.Matcher;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Alertmanager matcher syntax: valid inputs and what they parse to, invalid ones and why. */
class MatchersTest {
  /** Input, then the parsed matchers formatted back (Alertmanager's String form). */
  private static final String[][] VALID = {
    {"foo=bar", "{foo=\"bar\"}"},
    {"{foo=\"bar\", dings!=\"bums\"}", "{foo=\"bar\",dings!=\"bums\"}"},
    {"{alertname=\"Watchdog\", severity=~\"warning|critical\",}",
        "{alertname=\"Watchdog\",severity=~\"warning|critical\"}"},
    {"alertname=\"Watchdog\", severity=~\"warning|critical\"",
        "{alertname=\"Watchdog\",severity=~\"warning|critical\"}"},
    {"{\n   alertname = \"Watchdog\",\n   severity =~ \"warning|critical\",\n}",
        "{alertname=\"Watchdog\",severity=~\"warning|critical\"}"},
    {"alertname = Watchdog", "{alertname=\"Watchdog\"}"},
    {"env !~ preprod", "{env!~\"preprod\"}"},
    {"foo=", "{foo=\"\"}"},
    {"foo=\"\"", "{foo=\"\"}"},
    {"", "{}"},
    {"{}", "{}"},
    {" { } ", "{}"},
    {"foo=~\"\\\\d+\"", "{foo=~\"\\\\d+\"}"},
    {"foo = \"bar,baz\"", "{foo=\"bar,baz\"}"},
    {"quote=~\"She said: \\\"Hi, all!( How're you…)?\\\"\"",
        "{quote=~\"She said: \\\"Hi, all!( How're you…)?\\\"\"}"},
    {"foo=bar baz", "{foo=\"bar baz\"}"},
    {"a:b=c", "{\"a:b\"=\"c\"}"},
    // Only the UTF-8 parser reads quoted or non-ASCII label names.
    {"\"service.name\"=\"api\"", "{\"service.name\"=\"api\"}"},
    {"Προμηθεύς=bar", "{\"Προμηθεύς\"=\"bar\"}"},
    {"{\"foo bar\"=~\"x|y\", 🙂=\"\\u00e9\"}", "{\"foo bar\"=~\"x|y\",\"🙂\"=\"é\"}"},
    // Both parsers accept this but disagree; Alertmanager's fallback mode keeps the classic
    // reading (a literal backslash-x sequence), and so does Vigil.
    {"qux=\"\\xf0\\x9f\\x99\\x82\"", "{qux=\"\\\\xf0\\\\x9f\\\\x99\\\\x82\"}"},
    {"foo=\"line\\nbreak\"", "{foo=\"line\\nbreak\"}"},
    {"foo!~\"a|b\",bar!=x", "{foo!~\"a|b\",bar!=\"x\"}"},
  };

  /** Input, then a part of the error message. */
  private static final String[][] INVALID = {
    {"foo", "unexpected end of input: expected one of =, !=, =~, !~ at column 4"},
    {"=bar", "unexpected '=': expected label name at column 1"},
    {"{{foo=bar}}", "unexpected '{': expected label name at column 2"},
    {"foo=\"bar", "unterminated quoted string at column 5"},
    {"foo=bar,,baz=qux", "unexpected ',': expected a matcher or the end at column 9"},
    {"foo=~\"(\"", "invalid regular expression \"(\" for label foo"},
    {"\"a\"=b c", "unexpected 'c': expected ',' or '}' at column 7"},
    {"{\"\"=x}", "label name must not be empty at column 2"},
    {"\"a\"!x", "expected one of =, !=, =~, !~ at column 4"},
    {"{a=\"b\"} c", "unexpected input after closing '}' at column 9"},
    {"\"a\\q\"=b", "invalid escape sequence \\q in quoted string at column 3"},
    {"\"a\"=\"\\xff\"", "quoted string is not valid UTF-8 at column 5"},
  };

  @Test
  void validInputs() {
    for (String[] c : VALID) {
      assertThat(Matchers.format(Matchers.parse(c[0]))).as(c[0]).isEqualTo(c[1]);
    }
  }

  @Test
  void invalidInputs() {
    for (String[] c : INVALID) {
      Throwable t = catchThrowable(() -> Matchers.parse(c[0]));
      assertThat(t).as(c[0]).isInstanceOf(IllegalArgumentException.class);
      assertThat(t.getMessage()).as(c[0]).contains(c[1]);
    }
  }

  @Test
  void utf8ParserRefusesUnbalancedBraces() {
    // The classic parser strips a lone brace, so in fallback mode these parse; the UTF-8 parser
    // (strict mode) refuses them as the specification says.
    assertThat(Matchers.parse("{foo=bar")).hasSize(1);
    assertThatThrownBy(() -> MatchersUtf8Parser.parse("{alertname=\"Watchdog\""))
        .hasMessageContaining("missing closing '}'");
    assertThatThrownBy(() -> MatchersUtf8Parser.parse("alertname=\"Watchdog\"}"))
        .hasMessageContaining("unexpected '}' without an opening '{'");
    assertThat(MatchersUtf8Parser.parse("{a=\"b\",c=d,}")).hasSize(2);
  }

  @Test
  void classicParserRules() {
    assertThat(MatchersClassicParser.parse("a=\"x\\\\y\"").get(0).value()).isEqualTo("x\\y");
    assertThat(MatchersClassicParser.parse("a=x\\").get(0).value()).isEqualTo("x\\");
    assertThat(MatchersClassicParser.parse("a=\"x\\qy\"").get(0).value()).isEqualTo("x\\qy");
    assertThatThrownBy(() -> MatchersClassicParser.parse("a=\"x\"y\""))
        .hasMessageContaining("matcher value contains unescaped double quote");
    assertThatThrownBy(() -> MatchersClassicParser.parse("1a=b"))
        .hasMessageContaining("bad matcher format: 1a=b");
  }

  @Test
  void parseOneWantsExactlyOne() {
    Matcher m = Matchers.parseOne("{severity=~\"crit.*\"}");
    assertThat(m.type()).isEqualTo(Matcher.Type.REGEX);
    assertThat(m.name()).isEqualTo("severity");
    assertThatThrownBy(() -> Matchers.parseOne("a=b,c=d"))
        .hasMessageContaining("expected 1 matcher, found 2");
    assertThatThrownBy(() -> Matchers.parseOne("{}"))
        .hasMessageContaining("expected 1 matcher, found 0");
  }

  @Test
  void regexesAreAnchoredAndMissingLabelsAreEmpty() {
    List<Matcher> ms = Matchers.parse("service=~\"mysql|cassandra\"");
    assertThat(Matchers.matches(ms, Labels.of("service", "mysql"))).isTrue();
    assertThat(Matchers.matches(ms, Labels.of("service", "mysql-replica"))).isFalse();
    assertThat(Matchers.matches(Matchers.parse("team=\"\""), Labels.of("x", "y"))).isTrue();
    assertThat(Matchers.matches(Matchers.parse("team!=\"\""), Labels.of("x", "y"))).isFalse();
    assertThat(Matchers.matches(Matchers.parse("team=~\".*\""), Labels.EMPTY)).isTrue();
  }

  @Test
  void sortedAsAlertmanagerSorts() {
    List<Matcher> ms = Matchers.sorted(Matchers.parse("b=1,a=~z,a=y,a!=y"));
    assertThat(Matchers.format(ms)).isEqualTo("{a=\"y\",a!=\"y\",a=~\"z\",b=\"1\"}");
  }
}
