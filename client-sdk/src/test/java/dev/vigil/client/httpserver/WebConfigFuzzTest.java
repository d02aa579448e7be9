package dev.vigil.client.httpserver;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Timeout;

/**
 * Fuzzes the {@code --web.config.file} parser (its small YAML reader included), which every
 * Vigil endpoint uses: arbitrary bytes either parse or fail with a {@link WebConfigException}.
 * Anything else would stop an exporter from starting, or break the reload that keeps the previous
 * file, so it is a finding. File names resolve in an empty directory, so no input can make the
 * parser read this machine's certificates.
 *
 * <p>Without {@code JAZZER_FUZZ} the seeds under {@code WebConfigFuzzTestInputs/} run as ordinary
 * tests; see docs/fuzzing.md for the fuzzing runs.
 */
class WebConfigFuzzTest {
  private static final int MAX_INPUT = 16 * 1024;
  private final Path emptyDir;

  WebConfigFuzzTest() {
    try {
      emptyDir = Files.createTempDirectory("web-config-fuzz");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    emptyDir.toFile().deleteOnExit();
  }

  @FuzzTest(maxDuration = "10s")
  @Timeout(30)
  void parse(byte[] data) {
    if (data.length > MAX_INPUT) {
      return;
    }
    try {
      WebConfig.parse(new String(data, StandardCharsets.UTF_8), "web.yml", emptyDir);
    } catch (WebConfigException expected) {
      // The documented outcome for a bad file.
    }
  }
}
