package dev.vigil.exporters.host;

import dev.vigil.exporters.common.TimedCollectors;
import java.net.URISyntaxException;
import java.nio.file.Path;
import picocli.CommandLine;

/** The /proc and /sys trees captured from a real machine, and a HostCommand reading them. */
final class Fixtures {
  private Fixtures() {}

  static Path root() {
    try {
      return Path.of(Fixtures.class.getResource("/host/fixtures").toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  /** HostCommand's collectors as the command line {@code args} configure them. */
  static TimedCollectors collectors(String... args) {
    HostCommand cmd = new HostCommand();
    new CommandLine(cmd).parseArgs(args);
    return cmd.collectors();
  }

  /** The fixture-tree flags followed by {@code more}. */
  static String[] onFixtures(String... more) {
    String[] base = {"--path.procfs=" + root().resolve("proc"),
        "--path.sysfs=" + root().resolve("sys")};
    String[] all = new String[base.length + more.length];
    System.arraycopy(base, 0, all, 0, base.length);
    System.arraycopy(more, 0, all, base.length, more.length);
    return all;
  }
}
