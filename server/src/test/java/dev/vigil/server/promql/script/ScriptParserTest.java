package dev.vigil.server.promql.script;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.server.model.StaleNaN;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ScriptParserTest {
  @ParameterizedTest(name = "[{index}] {0}")
  @CsvSource(delimiter = '|', quoteCharacter = '^', textBlock = """
      1 2 3                               | 1 2 3
      1+2x3                               | 1 3 5 7
      1-1x4                               | 1 0 -1 -2 -3
      5x2                                 | 5 5 5
      -1+1x2                              | -1 0 1
      1 -1                                | 1 -1
      1 +2 x3                             | 1 3 5 7
      _                                   | _
      _x3                                 | _ _ _
      1 _x2 4                             | 1 _ _ 4
      stale                               | stale
      stalex2                             | stale stale stale
      Inf -Inf +Inf NaN nan               | +Inf -Inf +Inf NaN NaN
      1e3 2.5e-1 .5                       | 1000 0.25 0.5
      0.1+0.1x2                           | 0.1 0.2 0.30000000000000004
      {{schema:1 sum:3 count:22 buckets:[5 10 7]}} | {{schema:1 count:22 sum:3 buckets:[5 10 7]}}
      1 {{sum:1 count:1}}x1 _             | 1 {{schema:0 count:1 sum:1}} {{schema:0 count:1 sum:1}} _
      {{sum:2 count:2}}+{{sum:3 count:3}}x1 | {{schema:0 count:2 sum:2}} {{schema:0 count:5 sum:5}}
      {{buckets:[1 0 2] offset:-1 n_buckets:[1] z_bucket:1 z_bucket_w:0.5 counter_reset_hint:gauge}} | {{schema:0 count:0 sum:0 z_bucket:1 z_bucket_w:0.5 offset:-1 buckets:[1 0 2] n_buckets:[1] counter_reset_hint:gauge}}
      {{schema:-53 custom_values:[1 5] buckets:[1 2 3]}}-{{schema:-53 custom_values:[1 5] buckets:[1 1 1]}}x1 | {{schema:-53 count:0 sum:0 buckets:[1 2 3] custom_values:[1 5]}} {{schema:-53 count:0 sum:0 offset:1 buckets:[1 2] custom_values:[1 5] counter_reset_hint:gauge}}
      ^^                                  | ^^
      """)
  void expandsValueNotation(String values, String expanded) throws Exception {
    assertThat(points(values).toString()).isEqualTo(expanded);
  }

  @Test
  void staleIsTheStalenessMarkerAndIncrementsAddRepeatedly() throws Exception {
    assertThat(StaleNaN.is(points("stale").value(0))).isTrue();
    // Prometheus adds the step again and again; 0.1 + 0.1 + 0.1 is not 3 * 0.1 + 0.
    assertThat(points("0+0.1x3").value(3)).isEqualTo(0.1 + 0.1 + 0.1);
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @CsvSource(delimiter = '|', quoteCharacter = '^', textBlock = """
      1+                 | 1:7: expected a number after '+' at the end of the line
      1x                 | 1:6: expected a number or 'stale', found "x"
      abc                | 1:5: expected a number or 'stale', found "abc"
      1x2.5              | 1:7: expected a whole repeat count after 'x', found '2.5'
      1 ; 2              | 1:7: unexpected character ';' in the values
      -stale             | 1:6: a stale marker cannot have a sign
      stale+1x2          | 1:10: a stale marker cannot be incremented
      1+{{sum:1}}x2      | 1:7: a number cannot be incremented by a native histogram
      {{schema:1 sum:3   | 1:5: unterminated native histogram: missing '}}'
      0+1x100000000      | 1:9: too many points: more than 10000000 in one series
      """)
  void rejectsBadValuesWithTheirColumn(String values, String message) {
    assertThatThrownBy(() -> points(values))
        .isInstanceOf(ScriptSyntaxException.class)
        .hasMessage("t.test:" + message.replaceFirst("^1:(\\d+)", "2:$1"));
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @CsvSource(delimiter = '|', quoteCharacter = '^', textBlock = """
      m                                       | m{}
      m{a="b"}                                | m{a="b"}
      {__name__="m", a="b",}                  | m{a="b"}
      {}                                      | {}
      {"dotted.name", "odd label"="v"}        | dotted.name{odd label="v"}
      m:rate5m{ a = 'x\\ty' , b=`r\\n`}       | m:rate5m{a="x\ty", b="r\\\\n"}
      m{a="\\xc3\\xa9\\u00e9\\101"}           | m{a="ééA"}
      m{a=""}                                 | m{}
      m{v="{count:20, sum:10, (1,2]:2}"}      | m{v="{count:20, sum:10, (1,2]:2}"}
      """)
  void parsesLabelSetsInSelectorSyntax(String series, String labels) throws Exception {
    Command.Load load = (Command.Load) parse("load 1m\n  " + series + " 1").get(0);
    assertThat(load.series().get(0).labels().toString()).isEqualTo(labels);
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @CsvSource(delimiter = '|', quoteCharacter = '^', textBlock = """
      m{a!="b"} 1         | 2:6: only '=' is allowed in a series, not '!='
      m{a="b" 1           | 2:11: expected ',' or '}' after label a
      m{a="b", a="c"} 1   | 2:12: label a is given twice
      m{a=b} 1            | 2:7: expected a quoted value for label a
      m{a="b} 1           | 2:7: unterminated string
      m{a="\\q"} 1        | 2:8: unknown escape sequence \\q
      m{a="b"}1           | 2:11: expected a space between the series and its values, found '1'
      1abc 2              | 2:3: expected a metric name or '{' to start a series
      """)
  void rejectsBadLabelSetsWithTheirPosition(String series, String message) {
    assertThatThrownBy(() -> parse("load 1m\n  " + series))
        .isInstanceOf(ScriptSyntaxException.class)
        .hasMessage("t.test:" + message);
  }

  @Test
  void parsesCommandsAndBlocks() throws Exception {
    List<Command> cmds = parse("""
        # A comment line.
        load 10s53ms
          a 1 2
          b{x="y"} 3

        eval instant at 1m30s sum(a) by (x)
          expect no_warn
          expect info regex: PromQL info: .* \\(1:5\\)
          {} 3

        clear
        eval range from 0 to 2m step 1m a
          expect warn
          expect warn msg: PromQL warning: odd (1:1)
          a 1 _ 3

        eval instant at 1m 1 + 1
          2
        """);
    assertThat(cmds).hasSize(5);
    Command.Load load = (Command.Load) cmds.get(0);
    assertThat(load.line()).isEqualTo(2);
    assertThat(load.intervalMs()).isEqualTo(10_053);
    assertThat(load.series()).extracting(s -> s.labels().toString())
        .containsExactly("a{}", "b{x=\"y\"}");

    Command.Eval instant = (Command.Eval) cmds.get(1);
    assertThat(instant.line()).isEqualTo(6);
    assertThat(instant.expr()).isEqualTo("sum(a) by (x)");
    assertThat(instant.range()).isFalse();
    assertThat(instant.startMs()).isEqualTo(90_000);
    assertThat(instant.expect().noWarn()).isTrue();
    assertThat(instant.expect().infos()).hasSize(1);
    assertThat(instant.expect().infos().get(0).matches("PromQL info: boom (1:5)")).isTrue();
    assertThat(instant.expect().infos().get(0).matches("PromQL info: boom (1:6)")).isFalse();
    assertThat(instant.series()).hasSize(1);

    assertThat(cmds.get(2)).isInstanceOf(Command.Clear.class);
    Command.Eval range = (Command.Eval) cmds.get(3);
    assertThat(range.range()).isTrue();
    assertThat(List.of(range.startMs(), range.endMs(), range.stepMs()))
        .containsExactly(0L, 120_000L, 60_000L);
    assertThat(range.expect().warns()).hasSize(2);
    assertThat(range.expect().warns().get(1).matches("PromQL warning: odd (1:1)")).isTrue();
    assertThat(range.series().get(0).points().toString()).isEqualTo("1 _ 3");

    Command.Eval scalar = (Command.Eval) cmds.get(4);
    assertThat(scalar.expr()).isEqualTo("1 + 1");
    assertThat(scalar.scalar()).isEqualTo(2.0);
  }

  @Test
  void parsesNewerExpectLines() throws Exception {
    List<Command> cmds = parse("""
        eval instant at 50m ("Foo")
        \texpect string `Foo`

        eval instant at 0 "a\\"b"
          expect string "a\\"b"

        eval instant at 1m some_metric[1m]
          expect range vector from 10s to 1m step 10s
          some_metric{env="a"} 2 3 4 5 6

        eval instant at 1m sort(x)
          expect ordered
          x{a="2"} 1
          x{a="1"} 2

        eval instant at 1m ceil(x)
          expect fail msg: vector cannot contain metrics with the same labelset
          expect fail regex: same label(set)?
        """);
    Command.Eval str = (Command.Eval) cmds.get(0);
    assertThat(str.expect().string()).isEqualTo("Foo");
    assertThat(((Command.Eval) cmds.get(1)).expect().string()).isEqualTo("a\"b");
    Command.Eval rv = (Command.Eval) cmds.get(2);
    assertThat(rv.expect().rangeVector()).isEqualTo(new Expectations.Grid(10_000, 60_000, 10_000));
    assertThat(rv.series().get(0).points().size()).isEqualTo(5);
    // The spec writes it both with and without "from".
    Command.Eval noFrom = (Command.Eval) parse("eval instant at 1m a[1m]\n"
        + "  expect range vector 10s to 1m step 10s").get(0);
    assertThat(noFrom.expect().rangeVector()).isEqualTo(rv.expect().rangeVector());
    Command.Eval ordered = (Command.Eval) cmds.get(3);
    assertThat(ordered.expect().ordered()).isTrue();
    assertThat(ordered.series()).extracting(s -> s.labels().get("a")).containsExactly("2", "1");
    Command.Eval fail = (Command.Eval) cmds.get(4);
    assertThat(fail.expect().fail()).isTrue();
    String msg = "vector cannot contain metrics with the same labelset";
    assertThat(fail.expect().fails()).allMatch(m -> m.matches(msg));
  }

  @Test
  void mapsDeprecatedEvalFormsToExpectations() throws Exception {
    List<Command> cmds = parse("""
        eval_fail instant at 0 a
          expected_fail_message boom

        eval_fail instant at 0 a
          expected_fail_regexp bo+m

        eval_fail range from 0 to 1m step 1m a

        eval_warn instant at 0 a

        eval_info instant at 0 a

        eval_ordered instant at 0 a
        """);
    Expectations exact = ((Command.Eval) cmds.get(0)).expect();
    assertThat(exact.fails()).hasSize(1);
    assertThat(exact.fails().get(0).matches("boom")).isTrue();
    assertThat(exact.fails().get(0).matches("boom!")).isFalse();
    Expectations regex = ((Command.Eval) cmds.get(1)).expect();
    assertThat(regex.fails().get(0).matches("it went booom")).isTrue();
    assertThat(((Command.Eval) cmds.get(2)).expect().fails()).containsExactly(MessageMatch.ANY);
    assertThat(((Command.Eval) cmds.get(3)).expect().warns()).containsExactly(MessageMatch.ANY);
    assertThat(((Command.Eval) cmds.get(4)).expect().infos()).containsExactly(MessageMatch.ANY);
    assertThat(((Command.Eval) cmds.get(5)).expect().ordered()).isTrue();
    // The instant time may be left out: it is then 0.
    assertThat(((Command.Eval) parse("eval instant a").get(0)).startMs()).isZero();
  }

  @Test
  void duplicateSeriesInABlockKeepTheLastPointsAsPrometheusDoes() throws Exception {
    Command.Load load = (Command.Load) parse("load 1m\n  a 1\n  b 2\n  a 3").get(0);
    assertThat(load.series()).extracting(s -> s.points().toString()).containsExactly("3", "2");
  }

  @Test
  void parsesLoadWithNhcb() throws Exception {
    Command.Load load = (Command.Load) parse("load_with_nhcb 5m\n  a_bucket{le=\"1\"} 1")
        .get(0);
    assertThat(load.withNhcb()).isTrue();
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @CsvSource(delimiter = '|', quoteCharacter = '^', textBlock = """
      ^load 1m\\n  a 1\\n# comment ends the block\\n  b 2^ | 4:3: invalid command "b": expected load, clear or eval
      evil instant at 1m a                         | 1:1: invalid command "evil": expected load, clear or eval
      clear all                                    | 1:7: unexpected text after clear
      load 0                                       | 1:6: the load interval must be greater than 0
      load 1x                                      | 1:6: invalid load interval "1x": invalid duration "1x"
      loads 1m                                     | 1:1: invalid command "loads": expected load or load_with_nhcb
      eval_bogus instant at 0 a                    | 1:1: invalid command "eval_bogus": expected eval, eval_fail, eval_warn, eval_info or eval_ordered
      eval instant at 1q a                         | 1:17: invalid evaluation time "1q": invalid duration "1q"
      eval instant at 1m                           | 1:19: missing the query expression
      eval instnt at 1m a                          | 1:6: expected "instant" or "range" after eval, found "instnt"
      eval range from 5m to 1m step 1m a           | 1:31: the end time is before the start time
      eval range from 0 to 1m step 0 a             | 1:30: the step must be greater than 0
      eval range from 0 until 1m step 1m a         | 1:19: expected "to", found "until"
      eval_ordered range from 0 to 1m step 1m a    | 1:14: eval_ordered only applies to instant queries
      ^eval instant at 0 a\\n  expect bogus^       | 2:10: unknown expectation "bogus": expected fail, warn, info, no_warn, no_info, ordered, string or range vector
      ^eval range from 0 to 1m step 1m a\\n  expect ordered^ | 2:10: expect ordered only applies to instant queries: range results are always sorted by labels
      ^eval instant at 0 a\\n  expect warn msg:^   | 2:15: expect warn msg: needs a non-empty message
      ^eval instant at 0 a\\n  expect fail boom^   | 2:15: expect fail takes "msg: text" or "regex: pattern", found "boom"
      ^eval instant at 0 a\\n  expect info regex: (^ | 2:15: invalid regex (: error parsing regexp: missing closing ): `(`
      ^eval instant at 0 a\\n  expect no_warn now^ | 2:18: expect no_warn takes no message
      ^eval instant at 0 a\\n  expect string Foo^  | 2:17: expected a quoted string
      ^eval range from 0 to 1m step 1m a\\n  expect string "x"^ | 2:10: expect string only applies to instant queries
      ^eval instant at 0 a\\n  expected_fail_message x^ | 2:3: expected_fail_message is only allowed after eval_fail
      ^eval instant at 0 a\\n  a 1 2^              | 2:0: an instant query expects exactly one value per series (use 'expect range vector' for a range vector result)
      ^eval instant at 0 a\\n  1\\n  a 1^          | 3:3: a series cannot follow the scalar result on line 2
      """)
  void reportsScriptErrorsWithFileLineAndColumn(String script, String message) {
    assertThatThrownBy(() -> parse(script.replace("\\n", "\n")))
        .isInstanceOf(ScriptSyntaxException.class)
        .hasMessage("t.test:" + message.replace(":0:", ":"));
  }

  private static Points points(String values) throws ScriptSyntaxException {
    // Values start at column 5 of line 2, after "  m ".
    Command.Load load = (Command.Load) parse("load 1m\n  m " + values).get(0);
    return load.series().get(0).points();
  }

  private static List<Command> parse(String text) throws ScriptSyntaxException {
    return ScriptParser.parse("t.test", text).commands();
  }
}
