package dev.vigil.server.rules;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.vigil.server.config.ConfigException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Timeout;

/**
 * Fuzzes the rule file parser with the server's own template checker, so the PromQL in
 * {@code expr} and the Go templates in labels and annotations are parsed too. Allowed out: a
 * {@link ConfigException} listing the problems. Anything else is a finding.
 *
 * <p>Without {@code JAZZER_FUZZ} the seeds under {@code RuleFileFuzzTestInputs/} run as ordinary
 * tests; see docs/fuzzing.md for the fuzzing runs.
 */
class RuleFileFuzzTest {
  private static final int MAX_INPUT = 16 * 1024;
  private final RuleFileParser parser =
      new RuleFileParser(new PrometheusTemplateExpander(null, "http://vigil.example:9090"));

  @FuzzTest(maxDuration = "10s")
  @Timeout(30)
  void ruleFile(byte[] data) {
    if (data.length > MAX_INPUT) {
      return;
    }
    try {
      parser.parse(new String(data, StandardCharsets.UTF_8), "rules.yml");
    } catch (ConfigException expected) {
      // The documented outcome for a bad file.
    }
  }
}
