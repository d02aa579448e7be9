package dev.vigil.server.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigCheckTest {
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  private int run(Path... files) {
    return CheckConfig.run(List.of(files), new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  @Test
  void validFileCountsScrapeConfigsAndRuleFiles() {
    Path file = ConfigLoaderTest.DIR.resolve("valid/rules.yml");
    assertThat(run(file)).isZero();
    assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("Checking " + file + "\n"
        + "  SUCCESS: 0 scrape configs, 1 rule files\n");
    assertThat(err.size()).isZero();
  }

  @Test
  void invalidFileListsEveryProblemWithFileAndLine(@TempDir Path dir) throws Exception {
    Path bad = dir.resolve("prometheus.yml");
    Files.writeString(bad, "scrape_configs:\n  - job_name: a\n    scrape_interval: 5 minutes\n"
        + "    scrape_intervall: 5s\n");
    assertThat(run(bad)).isEqualTo(1);
    assertThat(err.toString(StandardCharsets.UTF_8)).isEqualTo("  FAILED: " + bad + "\n"
        + bad + ":3:5: scrape_configs[0].scrape_interval: invalid duration \"5 minutes\"\n"
        + bad + ":4:5: field \"scrape_intervall\" not found in scrape_config\n");
  }

  @Test
  void missingRuleDirectoryIsAnError(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("p.yml");
    Files.writeString(file, "rule_files: ['nowhere/*.yml']\n");
    assertThat(run(file)).isEqualTo(1);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains(file + ": rule_files: directory \""
        + dir.resolve("nowhere") + "\" of \"" + dir.resolve("nowhere/*.yml") + "\" does not exist");
  }

  @Test
  void fileSdWithoutMatchesIsOnlyAWarning(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("p.yml");
    Files.writeString(file, "scrape_configs:\n  - job_name: f\n    file_sd_configs:\n"
        + "      - files: ['sd/*.json']\n");
    assertThat(run(file)).isZero();
    assertThat(out.toString(StandardCharsets.UTF_8)).contains("WARNING: file \""
        + dir.resolve("sd/*.json") + "\" for file_sd in scrape job \"f\" does not exist",
        "SUCCESS: 1 scrape configs, 0 rule files");
  }

  @Test
  void oneBadFileFailsTheRun(@TempDir Path dir) throws Exception {
    Path good = ConfigLoaderTest.DIR.resolve("valid/basic.yml");
    Path missing = dir.resolve("missing.yml");
    assertThat(run(good, missing)).isEqualTo(1);
    assertThat(out.toString(StandardCharsets.UTF_8)).contains("SUCCESS: 2 scrape configs");
    assertThat(err.toString(StandardCharsets.UTF_8)).contains(missing + ": cannot read config");
  }
}
