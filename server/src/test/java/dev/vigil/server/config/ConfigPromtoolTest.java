package dev.vigil.server.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.vigil.server.testing.ExternalTools;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Vigil and the real {@code promtool check config} must agree on the test files: every file in
 * config/valid is accepted by both, every file in config/invalid rejected by both. Skips when
 * promtool is not installed, except under CI=true, where a missing peer is a failure.
 */
class ConfigPromtoolTest {
  @Test
  void agreesWithPromtool() throws Exception {
    Path promtool = ExternalTools.require("promtool", "prometheus");
    List<String> disagreements = new ArrayList<>();
    for (String kind : List.of("valid", "invalid")) {
      List<Path> files = new ArrayList<>(ymlFiles(ConfigLoaderTest.DIR.resolve(kind)));
      if (kind.equals("valid")) {
        files.add(Path.of("src/test/resources/relabel/prometheus-cases.yml"));
      }
      for (Path f : files) {
        boolean vigilOk = catchThrowable(() -> ConfigLoader.load(f)) == null;
        boolean promOk = promtoolAccepts(promtool, f);
        boolean want = kind.equals("valid");
        if (vigilOk != want || promOk != want) {
          disagreements.add(f + ": expected " + kind + ", vigil=" + vigilOk + " promtool="
              + promOk);
        }
      }
    }
    assertThat(disagreements).isEmpty();
  }

  private static List<Path> ymlFiles(Path dir) throws Exception {
    try (Stream<Path> s = Files.list(dir)) {
      return s.filter(p -> p.toString().endsWith(".yml")).sorted().toList();
    }
  }

  private static boolean promtoolAccepts(Path promtool, Path file) throws Exception {
    Process p = new ProcessBuilder(promtool.toString(), "check", "config", file.toString())
        .redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.DISCARD)
        .start();
    if (!p.waitFor(30, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError("promtool timed out on " + file);
    }
    return p.exitValue() == 0;
  }
}
