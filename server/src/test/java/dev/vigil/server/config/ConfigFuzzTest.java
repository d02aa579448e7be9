package dev.vigil.server.config;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Timeout;

/**
 * Fuzzes the {@code prometheus.yml} loader, YAML reader included: arbitrary bytes either load or
 * fail with a {@link ConfigException} (which is what a reload reports and keeps the old config
 * for). Anything else would take the server down at start or on reload, so it is a finding.
 * Environment lookups answer nothing, so the result does not depend on the machine.
 *
 * <p>Without {@code JAZZER_FUZZ} the seeds under {@code ConfigFuzzTestInputs/} run as ordinary
 * tests; see docs/fuzzing.md for the fuzzing runs.
 */
class ConfigFuzzTest {
  private static final int MAX_INPUT = 16 * 1024;

  @FuzzTest(maxDuration = "10s")
  @Timeout(30)
  void prometheusYml(byte[] data) {
    if (data.length > MAX_INPUT) {
      return;
    }
    try {
      ConfigLoader.parse(new String(data, StandardCharsets.UTF_8), "prometheus.yml", null,
          name -> null);
    } catch (ConfigException expected) {
      // The documented outcome for a bad file.
    }
  }
}
