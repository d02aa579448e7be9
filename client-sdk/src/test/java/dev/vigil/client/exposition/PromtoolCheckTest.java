package dev.vigil.client.exposition;

import static dev.vigil.client.exposition.PrometheusTextWriterTest.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Feeds the text output to Prometheus' own parser, {@code promtool check metrics}, when promtool
 * is installed (Debian package {@code prometheus}); skipped otherwise.
 */
class PromtoolCheckTest {

  private static File promtool() {
    String path = System.getenv("PATH");
    if (path == null) {
      return null;
    }
    for (String dir : path.split(File.pathSeparator)) {
      File f = new File(dir, "promtool");
      if (f.canExecute()) {
        return f;
      }
    }
    return null;
  }

  private static void check(String exposition) throws Exception {
    File promtool = promtool();
    assumeTrue(promtool != null, "promtool not installed");
    Process p = new ProcessBuilder(promtool.getPath(), "check", "metrics")
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
