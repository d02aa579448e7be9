package dev.vigil.exporters.testing;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.abort;

import java.io.File;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * What exporter tests need from the machine: the shared database services and the Debian peer
 * exporters. Missing one skips the test with a message on a laptop, and fails it under
 * {@code CI=true}, where .ci/run must have installed or started it.
 */
public final class Services {
  private Services() {}

  /** Fails or skips unless something accepts TCP connections at 127.0.0.1:{@code port}. */
  public static void requireTcp(int port, String what) {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress("127.0.0.1", port), 1000);
    } catch (IOException e) {
      missing(what + " is not reachable on 127.0.0.1:" + port + " (" + e.getMessage() + ")");
    }
  }

  /** The executable {@code program} on the PATH or at an absolute path. */
  public static Path requireProgram(String program, String debianPackage) {
    if (program.startsWith("/")) {
      Path p = Path.of(program);
      if (Files.isExecutable(p)) {
        return p;
      }
    } else {
      String path = System.getenv("PATH");
      for (String dir : (path == null ? "" : path).split(File.pathSeparator)) {
        Path p = Path.of(dir, program);
        if (Files.isExecutable(p)) {
          return p;
        }
      }
    }
    missing(program + " is missing (Debian package " + debianPackage + ")");
    return null;
  }

  private static void missing(String msg) {
    if ("true".equals(System.getenv("CI"))) {
      fail(msg + ", and CI=true: .ci/run must provide it");
    }
    abort(msg + "; skipping");
  }
}
