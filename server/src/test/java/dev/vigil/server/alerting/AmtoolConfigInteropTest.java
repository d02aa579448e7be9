package dev.vigil.server.alerting;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.vigil.server.alerting.config.AmConfigLoader;
import dev.vigil.server.alerting.config.TestIntegrationFactory;
import dev.vigil.server.testing.ExternalTools;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Vigil and the real {@code amtool} (Alertmanager 0.25) agree: on whether each example file is
 * valid ({@code amtool check-config}), and on the receivers each alert of RouteTest's tables is
 * routed to ({@code amtool config routes test}). Files marked {@code # vigil-only} are refused by
 * Vigil for a reason Alertmanager does not share (an integration Vigil lacks). Skips when amtool
 * is not installed, except under CI=true.
 */
class AmtoolConfigInteropTest {
  private static final Path DIR = Path.of("src/test/resources/alerting/config");

  @Test
  void checkConfigVerdictsAgree() throws Exception {
    Path amtool = ExternalTools.require("amtool", "prometheus-alertmanager");
    List<String> disagreements = new ArrayList<>();
    int compared = 0;
    for (String kind : List.of("valid", "invalid")) {
      for (Path f : ymlFiles(DIR.resolve(kind))) {
        boolean want = kind.equals("valid");
        boolean vigilOk = catchThrowable(
            () -> AmConfigLoader.load(f, new TestIntegrationFactory())) == null;
        if (vigilOk != want) {
          disagreements.add(f + ": expected " + kind + ", vigil accepted=" + vigilOk);
        }
        if (Files.readString(f).startsWith("# vigil-only")) {
          continue;
        }
        String[] out = new String[1];
        boolean amOk = run(amtool, out, "check-config", f.toString()) == 0;
        compared++;
        if (amOk != want) {
          disagreements.add(f + ": expected " + kind + ", amtool accepted=" + amOk + ": "
              + out[0]);
        }
      }
    }
    assertThat(compared).isGreaterThanOrEqualTo(25);
    assertThat(disagreements).isEmpty();
  }

  @Test
  void routesTestAgrees() throws Exception {
    Path amtool = ExternalTools.require("amtool", "prometheus-alertmanager");
    List<String> disagreements = new ArrayList<>();
    for (Map.Entry<String, String[][]> e : RouteTest.ROUTING.entrySet()) {
      Path file = DIR.resolve("valid").resolve(e.getKey());
      Route root = RouteTest.load(e.getKey()).route();
      for (String[] c : e.getValue()) {
        List<String> args = new ArrayList<>(List.of("config", "routes", "test",
            "--config.file=" + file));
        args.addAll(List.of(c[0].split(" ")));
        String[] out = new String[1];
        int rc = run(amtool, out, args.toArray(String[]::new));
        String amtoolSays = out[0].strip();
        String vigilSays = RouteTest.receivers(root, RouteTest.labels(c[0]));
        if (rc != 0 || !amtoolSays.equals(vigilSays)) {
          disagreements.add(e.getKey() + " " + c[0] + ": amtool (rc " + rc + ") " + amtoolSays
              + ", vigil " + vigilSays);
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

  /** Runs amtool; stdout (without its warnings on stderr) goes to out[0]; returns the exit code. */
  private static int run(Path amtool, String[] out, String... args) throws Exception {
    List<String> cmd = new ArrayList<>();
    cmd.add(amtool.toString());
    cmd.addAll(List.of(args));
    Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD).start();
    try {
      byte[] bytes = p.getInputStream().readAllBytes();
      if (!p.waitFor(30, TimeUnit.SECONDS)) {
        throw new AssertionError("amtool timed out: " + cmd);
      }
      out[0] = new String(bytes, StandardCharsets.UTF_8);
      return p.exitValue();
    } finally {
      p.destroyForcibly();
    }
  }
}
