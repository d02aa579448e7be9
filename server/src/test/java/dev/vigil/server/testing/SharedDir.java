package dev.vigil.server.testing;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.abort;

import java.nio.file.Files;
import java.nio.file.Path;

/** Finds /work/shared-style data next to the checkout; skips locally, fails under CI=true. */
public final class SharedDir {
  private SharedDir() {}

  public static Path require(String relative) {
    String env = System.getenv("VIGIL_SHARED_DIR");
    Path[] candidates = {
      env == null || env.isEmpty() ? null : Path.of(env),
      Path.of("").toAbsolutePath().getParent().resolveSibling("shared"),
    };
    for (Path c : candidates) {
      if (c != null && Files.isDirectory(c.resolve(relative))) {
        return c.resolve(relative);
      }
    }
    String msg = relative + " not found under $VIGIL_SHARED_DIR (" + env + ") or "
        + candidates[1];
    if ("true".equals(System.getenv("CI"))) {
      fail(msg + " (CI=true: required)");
    }
    abort(msg + "; skipping");
    return null;
  }
}
