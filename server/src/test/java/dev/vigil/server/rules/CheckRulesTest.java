package dev.vigil.server.rules;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code check rules} on the files under src/test/resources/rules/check: output and exit code. */
class CheckRulesTest {
  static final String DIR = "src/test/resources/rules/check/";

  record Run(int code, String out, String err) {}

  static Run check(boolean lintFatal, String stdin, String... files) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    List<Path> paths = Arrays.stream(files).map(f -> Path.of(DIR + f)).toList();
    int code = CheckRules.run(paths, new ByteArrayInputStream(stdin.getBytes(
        StandardCharsets.UTF_8)), true, lintFatal, false, TemplateFactory.PROMETHEUS,
        new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
    return new Run(code, out.toString(StandardCharsets.UTF_8),
        err.toString(StandardCharsets.UTF_8));
  }

  @Test
  void validFile() {
    Run r = check(false, "", "good.yml");
    assertThat(r).isEqualTo(new Run(0,
        "Checking " + DIR + "good.yml\n  SUCCESS: 3 rules found\n\n", ""));
  }

  @Test
  void duplicatesAreALintFinding() {
    Run r = check(false, "", "duplicates.yml");
    assertThat(r).isEqualTo(new Run(0, "Checking " + DIR + "duplicates.yml\n\n",
        "  FAILED:\nlint error 1 duplicate rule(s) found.\nMetric: job:up:sum\nLabel(s):\n"
            + "\tteam: infra\nMight cause inconsistency while recording expressions\n"));
    assertThat(check(true, "", "duplicates.yml").code()).isEqualTo(3);
  }

  @Test
  void invalidFilesListEveryProblemWithPositions() {
    Run r = check(true, "", "bad-name.yml", "bad-expr.yml", "bad-field.yml", "good.yml");
    assertThat(r.code()).isEqualTo(1);
    assertThat(r.out()).isEqualTo("Checking " + DIR + "bad-name.yml\n\nChecking " + DIR
        + "bad-expr.yml\n\nChecking " + DIR + "bad-field.yml\n\nChecking " + DIR
        + "good.yml\n  SUCCESS: 3 rules found\n\n");
    assertThat(r.err()).isEqualTo("  FAILED:\n"
        + DIR + "bad-name.yml:4:5: groups[0].rules[0].record: invalid recording rule name:"
        + " job up sum\n"
        + DIR + "bad-name.yml:6:3: groups[1].name: groupname \"example\" is repeated in the same"
        + " file (first at line 2)\n"
        + "  FAILED:\n"
        + DIR + "bad-expr.yml:5:5: groups[0].rules[0].expr: could not parse expression: 1:17:"
        + " parse error: unclosed left parenthesis\n"
        + "  FAILED:\n"
        + DIR + "bad-field.yml:6:5: field \"bogus\" not found in rule\n");
  }

  @Test
  void templatesAreParsedOnLoad() {
    Run r = check(false, "", "bad-template.yml");
    assertThat(r).isEqualTo(new Run(1, "Checking " + DIR + "bad-template.yml\n\n", "  FAILED:\n"
        + DIR + "bad-template.yml:6:5: groups[0].rules[0].annotations: summary: template:"
        + " __alert_Broken:1: unclosed action\n"));
  }

  @Test
  void readsStandardInputWithoutFiles() {
    Run r = check(false, "groups:\n- name: g\n  rules:\n  - record: r\n    expr: up\n");
    assertThat(r).isEqualTo(new Run(0,
        "Checking standard input\n  SUCCESS: 1 rules found\n\n", ""));
  }
}
