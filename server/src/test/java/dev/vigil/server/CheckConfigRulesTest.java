package dev.vigil.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code check config} also checks the rule files the configuration names, as promtool does. */
class CheckConfigRulesTest {
  @TempDir
  Path dir;

  private int run(ByteArrayOutputStream out, ByteArrayOutputStream err) {
    PrintStream o = System.out;
    PrintStream e = System.err;
    System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
    System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    try {
      return Main.commandLine().execute("check", "config",
          dir.resolve("prometheus.yml").toString());
    } finally {
      System.setOut(o);
      System.setErr(e);
    }
  }

  @Test
  void validRulesPassAndABadRuleFileFailsTheCheckWithItsPosition() throws Exception {
    Files.writeString(dir.resolve("prometheus.yml"), "rule_files: ['rules/*.yml']\n");
    Files.createDirectories(dir.resolve("rules"));
    Files.writeString(dir.resolve("rules/a.yml"),
        "groups:\n  - name: g\n    rules:\n      - record: job:up:sum\n        expr: sum(up)\n");
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    assertThat(run(out, err)).isZero();
    assertThat(out.toString(StandardCharsets.UTF_8))
        .contains("SUCCESS: 0 scrape configs, 1 rule files").contains("SUCCESS: 1 rules found");

    Files.writeString(dir.resolve("rules/a.yml"),
        "groups:\n  - name: g\n    rules:\n      - record: job:up:sum\n        expr: sum(up\n");
    out.reset();
    assertThat(run(out, err)).isEqualTo(1);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("a.yml:5:").contains("expr");
  }
}
