package dev.vigil.server.testing;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * A small tmpfs mounted for a test, so a disk really fills up. Needs root (CI runs as root);
 * elsewhere the test is skipped, and under {@code CI=true} it fails instead.
 */
public final class Tmpfs implements AutoCloseable {
  private final Path dir;

  private Tmpfs(Path dir) {
    this.dir = dir;
  }

  public static Tmpfs mount(Path dir, String size) throws IOException, InterruptedException {
    Process p = new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=" + size, "tmpfs",
        dir.toString()).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (p.waitFor() != 0) {
      String message = "cannot mount a tmpfs at " + dir + " (needs root): " + out.strip();
      if ("true".equals(System.getenv("CI"))) {
        fail(message + ", and CI=true");
      }
      assumeTrue(false, message + "; skipping");
    }
    return new Tmpfs(dir);
  }

  public Path dir() {
    return dir;
  }

  @Override
  public void close() throws IOException, InterruptedException {
    new ProcessBuilder("umount", "-l", dir.toString()).inheritIO().start().waitFor();
  }
}
