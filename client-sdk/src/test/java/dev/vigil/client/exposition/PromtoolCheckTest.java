package dev.vigil.client.exposition;

import static dev.vigil.client.exposition.PrometheusTextWriterTest.write;
import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.client.ExternalTools;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Feeds the text output to Prometheus' own parser, {@code promtool check metrics}, when promtool
 * is installed (Debian package {@code prometheus}); skipped otherwise, failed under CI. The
 * fixtures lack HELP on purpose, so lint findings are allowed here; parse errors are not.
 */
class PromtoolCheckTest {

  private static void check(String exposition) throws Exception {
    String promtool = ExternalTools.require("promtool", "prometheus");
    Process p = new ProcessBuilder(promtool, "check", "metrics")
        .redirectErrorStream(true).start();
    try (OutputStream in = p.getOutputStream()) {
      in.write(exposition.getBytes(StandardCharsets.UTF_8));
    }
    String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
    // 0: clean, 3: lint findings only (such as "no help text"); 1 would be a parse error.
    assertThat(p.exitValue()).as(output).isIn(0, 3);
    assertThat(output).doesNotContain("error");
  }

  @Test
  void textFormatParses() throws Exception {
    check(write(new PrometheusTextWriter(), Fixtures.everything()));
  }

  @Test
  void textFormatWithCreatedFamiliesParses() throws Exception {
    check(write(PrometheusTextWriter.builder().includeCreatedTimestamps(true).build(),
        Fixtures.everything()));
  }
}
