package dev.vigil.agent.tooling;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.instrument.Instrumentation;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardOpenOption;
import java.util.jar.JarFile;
import java.util.zip.ZipEntry;

/**
 * Puts the bridge ({@code dev.vigil.agent.bootstrap}) on the bootstrap class path, so advice
 * inlined into JDK classes and into classes of any application class loader can call it.
 *
 * <p>Only the bridge goes there: the build packs it as a small jar inside the agent jar
 * ({@value #ENTRY}), which this copies to a new temporary file; the rest of the agent stays on the
 * class path it was loaded from. Must run before anything loads a bridge class (even the verifier
 * of a class that implements {@code Recorder}), or the application class loader would define a
 * second copy; so {@code Premain} calls it first.
 *
 * <p>Start-up cost is why it copies a ready jar rather than writing one, and why the file name is
 * not from {@code File.createTempFile}: writing a jar and seeding that method's SecureRandom took
 * some 70 ms of a premain that is now about 50. The name is not secret, so the file is created
 * with CREATE_NEW: a file or link someone else put there first is never written through or used.
 */
public final class BootstrapJar {
  static final String ENTRY = "META-INF/vigil-agent/bootstrap.jar";

  private BootstrapJar() {}

  public static void append(Instrumentation inst, File agentJar) throws IOException {
    Path tmp = create();
    tmp.toFile().deleteOnExit();
    try (JarFile source = new JarFile(agentJar);
        OutputStream out = Files.newOutputStream(tmp, StandardOpenOption.WRITE)) {
      ZipEntry e = source.getEntry(ENTRY);
      if (e == null) {
        throw new IOException("no " + ENTRY + " in " + agentJar);
      }
      try (InputStream in = source.getInputStream(e)) {
        in.transferTo(out);
      }
    }
    inst.appendToBootstrapClassLoaderSearch(new JarFile(tmp.toFile()));
  }

  /** A new, empty file in the temporary directory that this call created. */
  private static Path create() throws IOException {
    Path dir = Paths.get(System.getProperty("java.io.tmpdir"));
    String base = "vigil-agent-bootstrap-" + ProcessHandle.current().pid() + "-";
    for (int i = 0; ; i++) {
      try {
        return Files.createFile(dir.resolve(base + (System.nanoTime() + i) + ".jar"));
      } catch (FileAlreadyExistsException taken) {
        if (i >= 100) {
          throw taken;
        }
      }
    }
  }
}
