package dev.vigil.server.testing;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.abort;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Finds programs that tests run as real peers (promtool, node_exporter). Missing one skips the
 * test on a laptop, but fails it under {@code CI=true}, where .ci/run must have installed it.
 */
public final class ExternalTools {
  private ExternalTools() {}

  /** The executable {@code program} on the PATH. */
  public static Path require(String program, String debianPackage) {
    String path = System.getenv("PATH");
    if (path != null) {
      for (String dir : path.split(File.pathSeparator)) {
        Path p = Path.of(dir, program);
        if (Files.isExecutable(p)) {
          return p;
        }
      }
    }
    return missing(program + " is not on the PATH", debianPackage);
  }

  /** The executable at a fixed path, such as a daemon Debian installs outside the PATH. */
  public static Path requireAt(Path executable, String debianPackage) {
    return Files.isExecutable(executable) ? executable
        : missing(executable + " is missing", debianPackage);
  }

  private static Path missing(String what, String debianPackage) {
    String msg = what + " (Debian package " + debianPackage + ")";
    if ("true".equals(System.getenv("CI"))) {
      fail(msg + ", and CI=true: .ci/run must install it");
    }
    abort(msg + "; skipping");
    return null;
  }
}
