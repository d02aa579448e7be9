package dev.vigil.client;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;

/**
 * Finds programs that tests run as real peers (promtool, ...). Missing one skips the test on a
 * laptop, but fails it under {@code CI=true}, where .ci/run must have installed it.
 */
public final class ExternalTools {
  private ExternalTools() {}

  /** The executable's path; skips (or fails under CI) when it is not on the PATH. */
  public static String require(String program, String debianPackage) {
    String path = System.getenv("PATH");
    if (path != null) {
      for (String dir : path.split(File.pathSeparator)) {
        File f = new File(dir, program);
        if (f.canExecute()) {
          return f.getPath();
        }
      }
    }
    String message = program + " is not installed (Debian package " + debianPackage + ")";
    if ("true".equals(System.getenv("CI"))) {
      fail(message + ", and CI=true: .ci/run must install it");
    }
    assumeTrue(false, message + "; skipping");
    return null;
  }
}
