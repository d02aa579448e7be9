package dev.vigil.server.alerting.config;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.vigil.server.alerting.receivers.Receivers;
import dev.vigil.server.config.ConfigException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Timeout;

/**
 * Fuzzes the {@code alertmanager.yml} loader with the real receiver factory (webhook, Slack and
 * email entries, their notification templates included). Allowed out: a {@link ConfigException}.
 * Template globs resolve in an empty directory, so no input can make the loader read this
 * machine's files.
 *
 * <p>Without {@code JAZZER_FUZZ} the seeds under {@code AmConfigFuzzTestInputs/} run as ordinary
 * tests; see docs/fuzzing.md for the fuzzing runs.
 */
class AmConfigFuzzTest {
  private static final int MAX_INPUT = 16 * 1024;
  private final Path emptyDir;

  AmConfigFuzzTest() {
    try {
      emptyDir = Files.createTempDirectory("am-fuzz");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    emptyDir.toFile().deleteOnExit();
  }

  @FuzzTest(maxDuration = "10s")
  @Timeout(30)
  void alertmanagerYml(byte[] data) {
    if (data.length > MAX_INPUT) {
      return;
    }
    try {
      AmConfigLoader.parse(new String(data, StandardCharsets.UTF_8), "alertmanager.yml",
          emptyDir, new Receivers());
    } catch (ConfigException expected) {
      // The documented outcome for a bad file.
    }
  }
}
