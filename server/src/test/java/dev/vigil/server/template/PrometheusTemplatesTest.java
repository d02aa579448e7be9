package dev.vigil.server.template;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.server.model.Labels;
import dev.vigil.server.template.PrometheusTemplates.QuerySample;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every Prometheus template function, with the strings Prometheus prints. */
class PrometheusTemplatesTest {
  private static final long EVAL = 1435065584128L;
  private final List<String> queries = new ArrayList<>();

  private PrometheusTemplates prom() {
    return new PrometheusTemplates((expr, t) -> {
      queries.add(expr + "@" + t);
      if (expr.equals("fail")) {
        throw new IllegalStateException("parse error at char 1");
      }
      if (expr.equals("empty")) {
        return List.of();
      }
      return List.of(
          new QuerySample(Labels.of("__name__", "up", "instance", "b", "job", "x"), 1),
          new QuerySample(Labels.of("__name__", "up", "instance", "a", "job", "x"), 0),
          new QuerySample(Labels.of("__name__", "up", "instance", "c", "__value__", "sv"), 11));
    }, "https://prom.example.com:9090/prefix", null);
  }

  static Stream<Arguments> cases() {
    return Stream.of(
        Arguments.of("{{ range query \"up\" }}{{ .Labels.instance }} {{ .Value }};{{ end }}",
            "b 1;a 0;c 11;"),
        Arguments.of("{{ query \"up\" | first | value }}", "1"),
        Arguments.of("{{ query \"up\" | first | label \"instance\" }}", "b"),
        Arguments.of("{{ with query \"up\" }}{{ . | first | value | humanize }}{{ end }}", "1"),
        Arguments.of("{{ range query \"up\" | sortByLabel \"instance\" }}{{ .Labels.instance }}{{ end }}",
            "abc"),
        Arguments.of("{{ with query \"empty\" }}x{{ else }}none{{ end }}", "none"),
        Arguments.of("{{ range query \"up\" }}[{{ strvalue . }}]{{ end }}", "[][][sv]"),
        Arguments.of("{{ with args 1 \"two\" }}{{ .arg0 }} {{ .arg1 }}{{ end }}", "1 two"),
        Arguments.of("{{ range . }}{{ humanize . }}:{{ end }}|0.0,1.0,1234567.0,0.12,-1234567.0,1e-20,12345.0",
            "0:1:1.235M:120m:-1.235M:10z:12.35k:"),
        Arguments.of("{{ humanize \"1234567.0\" }} {{ humanize 1234567 }} {{ humanize 0.1234567 }}",
            "1.235M 1.235M 123.5m"),
        Arguments.of("{{ range . }}{{ humanize1024 . }}:{{ end }}|0.0,1.0,1048576.0,0.12,1536.0,-2048.0",
            "0:1:1Mi:0.12:1.5ki:-2ki:"),
        Arguments.of("{{ range . }}{{ humanizeDuration . }}:{{ end }}|0,1,60,3600,86400,90000,-183845,899.99,3661",
            "0s:1s:1m 0s:1h 0m 0s:1d 0h 0m 0s:1d 1h 0m 0s:-2d 3h 4m 5s:14m 59s:1h 1m 1s:"),
        Arguments.of("{{ range . }}{{ humanizeDuration . }}:{{ end }}|0.1,0.0001,0.12345,60.1,60.5,1.2345,12.345,0.0015",
            "100ms:100us:123.5ms:1m 0s:1m 0s:1.234s:12.35s:1.5ms:"),
        Arguments.of("{{ humanizeDuration \"3661\" }}", "1h 1m 1s"),
        Arguments.of("{{ range . }}{{ humanizePercentage . }}:{{ end }}|0,0.1234567,1.0,-0.5",
            "0%:12.35%:100%:-50%:"),
        Arguments.of("{{ humanizeTimestamp 1435065584.128 }}", "2015-06-23 13:19:44.128 +0000 UTC"),
        Arguments.of("{{ humanizeTimestamp \"1234567890\" }}", "2009-02-13 23:31:30 +0000 UTC"),
        Arguments.of("{{ humanizeTimestamp -1.5 }}", "1969-12-31 23:59:58.5 +0000 UTC"),
        Arguments.of("{{ toTime 1435065584.128 }}", "2015-06-23 13:19:44.128 +0000 UTC"),
        Arguments.of("{{ (toTime 1435065584.128).Unix }} {{ (toTime 0).Format \"2006-01-02T15:04:05Z07:00\" }}",
            "1435065584 1970-01-01T00:00:00Z"),
        Arguments.of("{{ toDuration 60.5 }} {{ toDuration 0.0015 }} {{ toDuration 0 }} {{ toDuration 90061 }}",
            "1m0.5s 1.5ms 0s 25h1m1s"),
        Arguments.of("{{ parseDuration \"1h2m10ms\" }} {{ parseDuration \"1d\" }} {{ parseDuration \"0\" }}",
            "3720.01 86400 0"),
        Arguments.of("{{ now }}", "1.435065584128e+09"),
        Arguments.of("{{ title \"aa bb CC don't\" }} {{ toUpper \"aBc\" }} {{ toLower \"AbC\" }}",
            "Aa Bb CC Don't ABC abc"),
        Arguments.of("{{ stripPort \"foo.com:12345\" }} {{ stripPort \"[::1]:12345\" }} {{ stripPort \"foo.com\" }} {{ stripPort \"::1\" }}",
            "foo.com ::1 foo.com ::1"),
        Arguments.of("{{ stripDomain \"foo.example.com\" }} {{ stripDomain \"foo.example.com:12345\" }} "
            + "{{ stripDomain \"192.168.0.1:12345\" }} {{ stripDomain \"[2001:0DB8::1]:12345\" }} {{ stripDomain \"foo\" }}",
            "foo foo:12345 192.168.0.1:12345 [2001:0DB8::1]:12345 foo"),
        Arguments.of("{{ match \"a+\" \"xaay\" }} {{ match \"^a+$\" \"xaay\" }}", "true false"),
        Arguments.of("{{ reReplaceAll \"(a)b\" \"x$1\" \"abab\" }} {{ reReplaceAll \"(?P<n>a)b\" \"${n}c\" \"ab\" }} "
            + "{{ reReplaceAll \"(a)b\" \"$1x\" \"ab\" }}|{{ reReplaceAll \"a*\" \"-\" \"baac\" }} {{ reReplaceAll \"x\" \"$$\" \"x\" }}",
            "xaxa ac |-b-c- $"),
        Arguments.of("{{ reReplaceAll \":.*\" \"\" \"host:9090\" }}", "host"),
        Arguments.of("{{ graphLink \"up\" }} {{ tableLink \"rate(a[5m])\" }}",
            "/graph?g0.expr=up&g0.tab=0 /graph?g0.expr=rate%28a%5B5m%5D%29&g0.tab=1"),
        Arguments.of("{{ externalURL }} {{ pathPrefix }} {{ urlQueryEscape \"a b\" }}",
            "https://prom.example.com:9090/prefix /prefix a+b"),
        Arguments.of("{{ safeHtml \"<b>\" }}", "<b>"),
        Arguments.of("{{ define \"x\" }}[{{ . }}]{{ end }}{{ tmpl \"x\" 5 }}", "[5]"),
        Arguments.of("{{ printf \"%.2f\" 1.005 }}", "1.00"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void functionsLikePrometheus(String text, String expected) throws TemplateException {
    Object data = null;
    int bar = text.lastIndexOf('|');
    if (text.startsWith("{{ range . }}") && bar > 0) {
      List<Double> vals = new ArrayList<>();
      for (String v : text.substring(bar + 1).split(",")) {
        vals.add(Double.parseDouble(v));
      }
      data = vals;
      text = text.substring(0, bar);
    }
    GoTemplate t = GoTemplate.parse("t", text, prom().funcs(EVAL));
    assertThat(t.execute(data)).isEqualTo(expected);
  }

  @Test
  void queryRunsAtTheEvaluationTime() throws TemplateException {
    GoTemplate.parse("t", "{{ query \"up\" | len }}", prom().funcs(EVAL)).execute(null);
    assertThat(queries).containsExactly("up@" + EVAL);
  }

  static Stream<Arguments> errors() {
    return Stream.of(
        Arguments.of("{{ query \"fail\" }}",
            "template: t:1:3: executing \"t\" at <query \"fail\">: error calling query: error executing query fail: parse error at char 1"),
        Arguments.of("{{ query \"empty\" | first }}",
            "template: t:1:19: executing \"t\" at <first>: error calling first: first() called on vector with no elements"),
        Arguments.of("{{ humanize \"bad\" }}",
            "template: t:1:3: executing \"t\" at <humanize \"bad\">: error calling humanize: strconv.ParseFloat: parsing \"bad\": invalid syntax"),
        Arguments.of("{{ humanize true }}",
            "template: t:1:3: executing \"t\" at <humanize true>: error calling humanize: can't convert bool to float"),
        Arguments.of("{{ parseDuration \"1x\" }}",
            "template: t:1:3: executing \"t\" at <parseDuration \"1x\">: error calling parseDuration: unknown unit \"x\" in duration \"1x\""),
        Arguments.of("{{ parseDuration \"1m1h\" }}",
            "template: t:1:3: executing \"t\" at <parseDuration \"1m1h\">: error calling parseDuration: not a valid duration string: \"1m1h\""),
        Arguments.of("{{ match \"(\" \"x\" }}",
            "template: t:1:3: executing \"t\" at <match \"(\" \"x\">: error calling match: error parsing regexp: missing closing ): `(`"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("errors")
  void errorsLikePrometheus(String text, String message) throws TemplateException {
    GoTemplate t = GoTemplate.parse("t", text, prom().funcs(EVAL));
    assertThatThrownBy(() -> t.execute(null)).isInstanceOf(TemplateException.class)
        .hasMessage(message);
  }

  @Test
  void expandsAlertTemplates() throws TemplateException {
    PrometheusTemplates p = prom();
    Labels labels = Labels.of("alertname", "Down", "instance", "host:9100", "job", "node");
    Labels ext = Labels.of("cluster", "eu1");
    assertThat(p.expandAlert("__alert_Down",
        "{{ $labels.instance }} of {{ $labels.job }} down ({{ $value }}, {{ .Value | humanize }}) "
            + "in {{ $externalLabels.cluster }} [{{ $labels.nope }}] {{ $externalURL }}",
        labels, ext, 0.5, EVAL))
        .isEqualTo("host:9100 of node down (0.5, 500m) in eu1 [] https://prom.example.com:9090/prefix");
    assertThat(p.expandAlert("__alert_Down", "{{ if gt $value 0.4 }}high{{ end }}", labels, ext,
        0.5, EVAL)).isEqualTo("high");
    assertThatThrownBy(() -> p.expandAlert("__alert_Down", "{{ if gt $value 1 }}x{{ end }}",
        labels, ext, 0.5, EVAL))
        .hasMessage("error executing template __alert_Down: template: __alert_Down:1:118: "
            + "executing \"__alert_Down\" at <gt $value 1>: error calling gt: incompatible types for comparison");
    assertThatThrownBy(() -> p.expandAlert("__alert_Down", "{{ $labels", labels, ext, 0.5,
        EVAL)).hasMessage("error parsing template __alert_Down: template: __alert_Down:1: unclosed action");
  }
}
