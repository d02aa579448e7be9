package dev.vigil.server.template;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.server.model.Labels;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Golden cases for the engine; expected strings are what Go's text/template prints. */
class GoTemplateTest {
  static Map<String, Object> data() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("s", "hello");
    m.put("empty", "");
    m.put("i", 42L);
    m.put("zero", 0L);
    m.put("f", 1.5);
    m.put("t", true);
    m.put("list", List.of("a", "b", "c"));
    m.put("nolist", List.of());
    m.put("m", Map.of("z", 1L, "a", 2L, "m", 3L));
    m.put("labels", Labels.of("job", "api", "instance", "host:9090"));
    m.put("nested", Map.of("inner", Map.of("x", "deep")));
    m.put("nil", null);
    m.put("html", "<a href=\"x\">'&'</a>");
    return m;
  }

  static Stream<Arguments> cases() {
    return Stream.of(
        // text, actions, literals
        Arguments.of("plain text", "plain text"),
        Arguments.of("{{.s}} world", "hello world"),
        Arguments.of("{{ .i }}", "42"),
        Arguments.of("{{.f}}", "1.5"),
        Arguments.of("{{.t}}", "true"),
        Arguments.of("{{.list}}", "[a b c]"),
        Arguments.of("{{.m}}", "map[a:2 m:3 z:1]"),
        Arguments.of("{{.labels}}", "map[instance:host:9090 job:api]"),
        Arguments.of("{{.missing}}", "<no value>"),
        Arguments.of("{{.nil}}", "<no value>"),
        Arguments.of("{{.nested.inner.x}}", "deep"),
        Arguments.of("{{.missing.x}}", "<no value>"),
        Arguments.of("{{.labels.job}}", "api"),
        Arguments.of("{{.labels.nope}}", "<no value>"),
        Arguments.of("{{\"a\\tb\\u00e9\\x41\"}}", "a\tbéA"),
        Arguments.of("{{`raw\\n`}}", "raw\\n"),
        Arguments.of("{{'a'}}", "97"),
        Arguments.of("{{1e6}} {{1.0}} {{0x1F}} {{-3}} {{1_000}} {{0o17}} {{017}}",
            "1e+06 1 31 -3 1000 15 15"),
        Arguments.of("{{100000.0}} {{1234567.0}} {{0.0001}} {{0.00001}}",
            "100000 1.234567e+06 0.0001 1e-05"),
        Arguments.of("{{true}} {{false}}", "true false"),
        // comments and trim markers
        Arguments.of("a {{/* comment */}} b", "a  b"),
        Arguments.of("a {{- /* comment */ -}} b", "ab"),
        Arguments.of("a  \n {{- .s -}} \n  b", "ahellob"),
        Arguments.of("{{- .s}}  x", "hello  x"),
        Arguments.of("x {{.s -}}\n\n y", "x helloy"),
        Arguments.of("{{-3}}", "-3"),
        // if / else
        Arguments.of("{{if .t}}yes{{else}}no{{end}}", "yes"),
        Arguments.of("{{if .empty}}yes{{else}}no{{end}}", "no"),
        Arguments.of("{{if .zero}}yes{{else if .i}}i{{else}}no{{end}}", "i"),
        Arguments.of("{{if .nolist}}yes{{else}}no{{end}}", "no"),
        Arguments.of("{{if .missing}}yes{{else}}no{{end}}", "no"),
        Arguments.of("{{if .nil}}yes{{else}}no{{end}}", "no"),
        Arguments.of("{{if .m}}yes{{end}}", "yes"),
        Arguments.of("{{if 0.0}}yes{{else}}no{{end}}", "no"),
        // with
        Arguments.of("{{with .s}}[{{.}}]{{end}}", "[hello]"),
        Arguments.of("{{with .empty}}[{{.}}]{{else}}none {{.s}}{{end}}", "none hello"),
        Arguments.of("{{with $x := .i}}{{$x}}{{.}}{{end}}", "4242"),
        Arguments.of("{{with .zero}}a{{else with .i}}b{{.}}{{end}}", "b42"),
        // range
        Arguments.of("{{range .list}}<{{.}}>{{end}}", "<a><b><c>"),
        Arguments.of("{{range $i, $e := .list}}{{$i}}={{$e}} {{end}}", "0=a 1=b 2=c "),
        Arguments.of("{{range $e := .list}}{{$e}}{{end}}", "abc"),
        Arguments.of("{{range $k, $v := .m}}{{$k}}{{$v}}{{end}}", "a2m3z1"),
        Arguments.of("{{range .m}}{{.}}{{end}}", "231"),
        Arguments.of("{{range $k, $v := .labels}}{{$k}}={{$v}};{{end}}",
            "instance=host:9090;job=api;"),
        Arguments.of("{{range .nolist}}x{{else}}empty{{end}}", "empty"),
        Arguments.of("{{range .missing}}x{{else}}empty{{end}}", "empty"),
        Arguments.of("{{range .list}}{{if eq . \"b\"}}{{break}}{{end}}{{.}}{{end}}", "a"),
        Arguments.of("{{range .list}}{{if eq . \"b\"}}{{continue}}{{end}}{{.}}{{end}}", "ac"),
        Arguments.of("{{range .list}}{{$}}{{end}}", "").equals(null) ? null
            : Arguments.of("{{range .list}}{{$.s}}{{end}}", "hellohellohello"),
        // variables and scope
        Arguments.of("{{$x := 1}}{{$x}}{{$x = 2}}{{$x}}", "12"),
        Arguments.of("{{$x := \"out\"}}{{if true}}{{$x := \"in\"}}{{$x}}{{end}}{{$x}}", "inout"),
        Arguments.of("{{$x := \"out\"}}{{if true}}{{$x = \"in\"}}{{end}}{{$x}}", "in"),
        Arguments.of("{{$x := 0}}{{range .list}}{{$x = .}}{{end}}{{$x}}", "c"),
        Arguments.of("{{$.s}}", "hello"),
        Arguments.of("{{$m := .m}}{{$m.a}}", "2"),
        // pipelines and parentheses
        Arguments.of("{{.s | printf \"%s!\"}}", "hello!"),
        Arguments.of("{{\"x\" | printf \"%s-%s\" \"y\"}}", "y-x"),
        Arguments.of("{{(len .list) | printf \"%d\"}}", "3"),
        Arguments.of("{{(index .nested \"inner\").x}}", "deep"),
        Arguments.of("{{with .nested}}{{(.inner).x}}{{end}}", "deep"),
        // builtins
        Arguments.of("{{len .s}} {{len .list}} {{len .m}} {{len .labels}} {{len \"é\"}}",
            "5 3 3 2 2"),
        Arguments.of("{{index .list 1}} {{index .m \"a\"}} {{index .labels \"job\"}}", "b 2 api"),
        Arguments.of("{{index .labels \"nope\"}}|{{index .m \"nope\"}}", "|<no value>"),
        Arguments.of("{{index \"abc\" 1}}", "98"),
        Arguments.of("{{slice .list 1}} {{slice .list 1 2}} {{slice .s 1 3}}", "[b c] [b] el"),
        Arguments.of("{{and 1 0 2}} {{and 1 2}} {{or 0 \"\" 3}} {{or 0 \"\"}} {{not 0}}",
            "0 2 3  true"),
        Arguments.of("{{and .nil .nil.x}}", "<no value>"),
        Arguments.of("{{or 1 .nil.x}}", "1"),
        Arguments.of("{{eq 1 2 3 1}} {{eq \"a\" \"a\"}} {{ne 1 2}} {{eq .nil nil}}",
            "true true true true"),
        Arguments.of("{{lt 1 2}} {{le 2 2}} {{gt 1.5 1.0}} {{ge \"b\" \"a\"}} {{lt \"a\" \"b\"}}",
            "true true true true true"),
        Arguments.of("{{print 1 2 \"a\" \"b\" 3}}", "1 2ab3"),
        Arguments.of("{{print \"a\" 1 2 \"b\"}}", "a1 2b"),
        Arguments.of("{{println 1 \"a\"}}", "1 a\n"),
        Arguments.of("{{html .html}}", "&lt;a href=&#34;x&#34;&gt;&#39;&amp;&#39;&lt;/a&gt;"),
        Arguments.of("{{js \"a'b\\\"c<d>&=\\\\\"}}", "a\\'b\\\"c\\u003Cd\\u003E\\u0026\\u003D\\\\"),
        Arguments.of("{{urlquery \"a b&c=d/é~\"}}", "a+b%26c%3Dd%2F%C3%A9~"),
        Arguments.of("{{.s | html}}", "hello"),
        Arguments.of("{{print nil}}", "<nil>"),
        Arguments.of("{{printf \"%v\" .missing}}", "<nil>"),
        // the examples of Go's text/template documentation
        Arguments.of("{{23 -}} < {{- 45}}", "23<45"),
        Arguments.of("{{\"\\\"output\\\"\"}}", "\"output\""),
        Arguments.of("{{`\"output\"`}}", "\"output\""),
        Arguments.of("{{printf \"%q\" \"output\"}}", "\"output\""),
        Arguments.of("{{\"output\" | printf \"%q\"}}", "\"output\""),
        Arguments.of("{{printf \"%q\" (print \"out\" \"put\")}}", "\"output\""),
        Arguments.of("{{\"put\" | printf \"%s%s\" \"out\" | printf \"%q\"}}", "\"output\""),
        Arguments.of("{{\"output\" | printf \"%s\" | printf \"%q\"}}", "\"output\""),
        Arguments.of("{{with \"output\"}}{{printf \"%q\" .}}{{end}}", "\"output\""),
        Arguments.of("{{with $x := \"output\" | printf \"%q\"}}{{$x}}{{end}}", "\"output\""),
        Arguments.of("{{with $x := \"output\"}}{{$x | printf \"%q\"}}{{end}}", "\"output\""),
        // define, template, block
        Arguments.of("{{define \"T\"}}[{{.}}]{{end}}{{template \"T\" .s}}", "[hello]"),
        Arguments.of("{{define \"T\"}}[{{.}}]{{end}}{{template \"T\"}}", "[<no value>]"),
        Arguments.of("{{define \"T\"}}{{$}}{{end}}{{template \"T\" 5}}", "5"),
        Arguments.of("{{block \"B\" .i}}<{{.}}>{{end}}", "<42>"),
        Arguments.of("{{define \"R\"}}{{if gt . 0}}{{.}}{{template \"R\" (len (slice \"aaaaaaaaa\" 1 .))}}{{end}}{{end}}"
            + "{{template \"R\" 3}}", "321"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void executesLikeGo(String text, String expected) throws TemplateException {
    GoTemplate t = GoTemplate.parse("t", text, FuncMap.builtins());
    assertThat(t.execute(data())).isEqualTo(expected);
  }

  @Test
  void missingKeyZero() throws TemplateException {
    GoTemplate t = GoTemplate.parse("t", "[{{.missing}}][{{.labels.nope}}]", null)
        .missingKeyZero(true);
    assertThat(t.execute(data())).isEqualTo("[][]");
  }

  @Test
  void withAddsDefinitionsAndEmptyDoesNotReplace() throws TemplateException {
    GoTemplate t = GoTemplate.parse("root", "{{define \"a\"}}A1{{end}}root", null);
    t = t.with("more", "{{define \"a\"}}A2{{end}}{{define \"b\"}}B{{end}}");
    assertThat(t.execute("a", null)).isEqualTo("A2");
    assertThat(t.execute("b", null)).isEqualTo("B");
    assertThat(t.execute(null)).isEqualTo("root");
    assertThat(t.has("more")).isTrue();
    assertThat(t.has("zzz")).isFalse();
    GoTemplate u = t.with("x", "{{define \"a\"}} {{end}}");
    assertThat(u.execute("a", null)).isEqualTo("A2");
  }

  static Stream<Arguments> parseErrors() {
    return Stream.of(
        Arguments.of("{{ .foo }", "template: t:1: unexpected \"}\" in operand"),
        Arguments.of("{{.foo}", "template: t:1: bad character U+007D '}'"),
        Arguments.of("{{if .x}}", "template: t:1: unexpected EOF"),
        Arguments.of("a\n{{end}}", "template: t:2: unexpected {{end}}"),
        Arguments.of("{{nope 1}}", "template: t:1: function \"nope\" not defined"),
        Arguments.of("{{$x}}", "template: t:1: undefined variable \"$x\""),
        Arguments.of("{{.x", "template: t:1: unclosed action"),
        Arguments.of("{{\"abc}}", "template: t:1: unterminated quoted string"),
        Arguments.of("{{/* x", "template: t:1: unclosed comment"),
        Arguments.of("{{break}}", "template: t:1: {{break}} outside {{range}}"),
        Arguments.of("{{if}}{{end}}", "template: t:1: missing value for if"),
        Arguments.of("{{.x | 1}}", "template: t:1: non executable command in pipeline stage 2"),
        Arguments.of("{{template .x}}", "template: t:1: unexpected \".x\" in template clause"),
        Arguments.of("{{(1}}", "template: t:1: unclosed left paren"),
        Arguments.of("{{1)}}", "template: t:1: unexpected right paren"),
        Arguments.of("{{#}}", "template: t:1: unexpected \"#\" in command"),
        Arguments.of("{{3k}}", "template: t:1: bad number syntax: \"3k\""),
        Arguments.of("{{define \"x\"}}", "template: t:1: unexpected EOF"),
        Arguments.of("{{range .x}}{{else}}{{else}}{{end}}", "template: t:1: expected end; found {{else}}"),
        Arguments.of("{{range .x}}{{block \"b\" .}}{{break}}{{end}}{{end}}", "template: t:1: {{break}} outside {{range}}"),
        Arguments.of("{{range .x}}{{else if .y}}{{end}}", "template: t:1: unexpected <if> in input"),
        Arguments.of("{{$a, $b := .x}}", "template: t:1: too many declarations in command"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("parseErrors")
  void parseErrorsLikeGo(String text, String message) {
    assertThatThrownBy(() -> GoTemplate.parse("t", text, null))
        .isInstanceOf(TemplateException.class).hasMessage(message);
  }

  static Stream<Arguments> execErrors() {
    return Stream.of(
        Arguments.of("{{.s.x}}", "template: t:1:4: executing \"t\" at <.s.x>: can't evaluate field x in type string"),
        Arguments.of("ab\n  {{len 3}}", "template: t:2:4: executing \"t\" at <len 3>: error calling len: len of type int"),
        Arguments.of("{{index .list 5}}", "template: t:1:2: executing \"t\" at <index .list 5>: error calling index: index out of range: 5"),
        Arguments.of("{{eq 1 1.0}}", "template: t:1:2: executing \"t\" at <eq 1 1.0>: error calling eq: incompatible types for comparison"),
        Arguments.of("{{lt .list 1}}", "template: t:1:2: executing \"t\" at <lt .list 1>: error calling lt: invalid type for comparison"),
        Arguments.of("{{template \"nope\"}}", "template: t:1:11: executing \"t\" at <{{template \"nope\"}}>: template: no template \"nope\" associated with template \"t\""),
        Arguments.of("{{nil}}", "template: t:1:2: executing \"t\" at <nil>: nil is not a command"),
        Arguments.of("{{range .s}}{{end}}", "template: t:1:8: executing \"t\" at <{{range .s}}>: range can't iterate over hello"),
        Arguments.of("{{.m.a 1}}", "template: t:1:4: executing \"t\" at <.m.a>: a is not a method but has arguments"),
        Arguments.of("{{not 1 2}}", "template: t:1:2: executing \"t\" at <not>: wrong number of args for not: want 1 got 2"),
        Arguments.of("{{.nil.x}}", "template: t:1:6: executing \"t\" at <.nil.x>: nil pointer evaluating interface {}.x"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("execErrors")
  void execErrorsLikeGo(String text, String message) throws TemplateException {
    GoTemplate t = GoTemplate.parse("t", text, null);
    assertThatThrownBy(() -> t.execute(data()))
        .isInstanceOf(TemplateException.class).hasMessage(message);
  }

  @Test
  void recursionIsBounded() throws TemplateException {
    GoTemplate t = GoTemplate.parse("t", "{{define \"r\"}}{{template \"r\" .}}{{end}}{{template \"r\"}}", null);
    assertThatThrownBy(() -> t.execute(null)).isInstanceOf(TemplateException.class)
        .hasMessageContaining("exceeded maximum template depth");
  }

  @Test
  void outputIsBounded() throws TemplateException {
    GoTemplate t = GoTemplate.parse("t",
        "{{define \"d\"}}{{.}}{{.}}{{end}}{{define \"x\"}}{{template \"d\" (print . .)}}{{end}}"
            + "{{range .}}{{range $}}{{range $}}{{range $}}{{printf \"%01000d\" 1}}{{end}}{{end}}{{end}}{{end}}",
        null);
    List<Long> many = java.util.Collections.nCopies(40, 1L);
    assertThatThrownBy(() -> t.execute(many)).isInstanceOf(TemplateException.class)
        .hasMessageContaining("template output exceeds 1048576 bytes");
  }

  @Test
  void customFunctionsAndTemplateObjects() throws TemplateException {
    TemplateObject obj = new TemplateObject() {
      @Override
      public Object field(String name, List<Object> args) {
        return switch (name) {
          case "Name" -> "obj";
          case "Join" -> String.join("+", args.stream().map(String::valueOf).toList());
          default -> MISSING;
        };
      }

      @Override
      public String toString() {
        return "OBJ";
      }
    };
    FuncMap f = FuncMap.builtins().with("double", a -> ((Long) a.get(0)) * 2);
    GoTemplate t = GoTemplate.parse("t",
        "{{double 21}} {{.Name}} {{.Join \"a\" \"b\"}} {{\"z\" | .Join \"y\"}} {{.}} {{printf \"%s|%v\" . .}}", f);
    assertThat(t.execute(obj)).isEqualTo("42 obj a+b y+z OBJ OBJ|OBJ");
    assertThatThrownBy(() -> GoTemplate.parse("t", "{{.Nope}}", null).execute(obj))
        .hasMessageContaining("can't evaluate field Nope in type");
  }
}
