package dev.vigil.server.rules;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.server.testing.ExternalTools;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Runs {@code promtool check rules} and {@code promtool test rules} (Debian's prometheus 2.42)
 * on the example files and asserts Vigil reaches the same verdicts; {@code test rules} reports
 * must match byte for byte.
 */
@Timeout(120)
class PromtoolInteropTest {
  private static Path promtool;

  @BeforeAll
  static void find() {
    promtool = ExternalTools.require("promtool", "prometheus");
  }

  record Run(int code, String out, String err) {}

  private static Run promtool(String... args) throws Exception {
    Path out = Files.createTempFile("promtool", ".out");
    Path err = Files.createTempFile("promtool", ".err");
    List<String> cmd = new java.util.ArrayList<>(List.of(promtool.toString()));
    cmd.addAll(List.of(args));
    Process p = new ProcessBuilder(cmd).redirectOutput(out.toFile())
        .redirectError(err.toFile()).directory(new File(".")).start();
    try {
      if (!p.waitFor(60, TimeUnit.SECONDS)) {
        throw new AssertionError("promtool did not finish: " + cmd);
      }
      return new Run(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
          Files.readString(err, StandardCharsets.UTF_8));
    } finally {
      p.destroyForcibly();
      Files.deleteIfExists(out);
      Files.deleteIfExists(err);
    }
  }

  @Test
  void checkRulesVerdictsMatch() throws Exception {
    for (String f : List.of("good.yml", "duplicates.yml", "bad-expr.yml", "bad-field.yml",
        "bad-name.yml", "bad-template.yml")) {
      Run theirs = promtool("check", "rules", CheckRulesTest.DIR + f);
      CheckRulesTest.Run ours = CheckRulesTest.check(false, "", f);
      assertThat(ours.code()).as(f + "\nours: " + ours + "\ntheirs: " + theirs)
          .isEqualTo(theirs.code());
      assertThat(ours.out().lines().findFirst()).isEqualTo(theirs.out().lines().findFirst());
      assertThat(ours.err().isEmpty()).as(f).isEqualTo(theirs.err().isEmpty());
    }
  }

  @Test
  void testRulesReportsMatch() throws Exception {
    for (String f : List.of("recording.test.yml", "recording-failing.test.yml",
        "passing.test.yml", "failing.test.yml")) {
      String path = RuleUnitTestsTest.DIR + f;
      Run theirs = promtool("test", "rules", path);
      RuleUnitTestsTest.Run ours = RuleUnitTestsTest.run(path);
      assertThat(new Run(ours.code(), ours.out(), ours.err())).as(f).isEqualTo(theirs);
    }
  }
}
