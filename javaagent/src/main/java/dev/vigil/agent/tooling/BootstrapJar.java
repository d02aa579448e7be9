package dev.vigil.agent.tooling;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.lang.instrument.Instrumentation;
import java.nio.file.Files;
import java.util.Enumeration;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;
import java.util.zip.ZipEntry;

/**
 * Puts the bridge ({@code dev.vigil.agent.bootstrap}) on the bootstrap class path, so advice
 * inlined into JDK classes and into classes of any application class loader can call it.
 *
 * <p>Only the bridge goes there, copied from the agent jar into a small temporary jar; the rest of
 * the agent stays on the class path it was loaded from. Must run before anything loads a bridge
 * class (even the verifier of a class that implements {@code Recorder}), or the application class
 * loader would define a second copy; so {@code Premain} calls it first.
 */
public final class BootstrapJar {
  static final String PACKAGE_PATH = "dev/vigil/agent/bootstrap/";

  private BootstrapJar() {}

  public static void append(Instrumentation inst, File agentJar) throws IOException {
    File tmp = File.createTempFile("vigil-agent-bootstrap", ".jar");
    tmp.deleteOnExit();
    int copied = 0;
    try (JarFile source = new JarFile(agentJar);
        JarOutputStream out = new JarOutputStream(Files.newOutputStream(tmp.toPath()))) {
      for (Enumeration<JarEntry> all = source.entries(); all.hasMoreElements(); ) {
        JarEntry e = all.nextElement();
        if (e.getName().startsWith(PACKAGE_PATH) && e.getName().endsWith(".class")) {
          out.putNextEntry(new ZipEntry(e.getName()));
          try (InputStream in = source.getInputStream(e)) {
            in.transferTo(out);
          }
          out.closeEntry();
          copied++;
        }
      }
    }
    if (copied == 0) {
      throw new IOException("no bridge classes in " + agentJar);
    }
    inst.appendToBootstrapClassLoaderSearch(new JarFile(tmp));
  }
}
