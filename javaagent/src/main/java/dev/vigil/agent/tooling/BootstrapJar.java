package dev.vigil.agent.tooling;

import java.io.File;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.instrument.Instrumentation;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.jar.JarFile;
import java.util.zip.ZipEntry;

/**
 * Puts jars packed inside the agent jar on the bootstrap class path: first the bridge
 * ({@code dev.vigil.agent.bootstrap}), so advice inlined into JDK classes and into classes of any
 * application class loader can call it; then, before the instrumentation is made, the relocated
 * Byte Buddy, which the boot loader loads natively and without verification, in about half the
 * time the application class loader took for the same classes. The rest of the agent stays on
 * the class path it was loaded from: the endpoint needs the JDK's HTTP server, which the boot
 * loader cannot see.
 *
 * <p>The bridge must be there before anything loads a bridge class (even the verifier of a class
 * that implements {@code Recorder}), or the application class loader would define a second copy;
 * so {@code Premain} calls {@link #append} first. Byte Buddy is no longer in the agent jar itself,
 * so {@link #appendByteBuddy} must run before any agent class links against it.
 *
 * <p>Start-up cost is why it copies ready jars rather than writing them, why the file name is not
 * from {@code File.createTempFile} (seeding its SecureRandom), and why Byte Buddy's jar (some
 * 5 MB, stored rather than deflated in the agent jar: about 25 ms to copy on the 2-CPU
 * development machine, against 50 inflating it) is copied off the main thread. The name is not
 * secret, so each file is created with CREATE_NEW: a file or link someone else put there first is
 * never written through or used.
 */
public final class BootstrapJar {
  static final String ENTRY = "META-INF/vigil-agent/bootstrap.jar";
  static final String BYTE_BUDDY = "META-INF/vigil-agent/bytebuddy.jar";

  private static volatile File agentJar;
  private static JarFile byteBuddy;

  private BootstrapJar() {}

  public static void append(Instrumentation inst, File agentJar) throws IOException {
    inst.appendToBootstrapClassLoaderSearch(copy(agentJar, ENTRY, "vigil-agent-bootstrap-"));
    BootstrapJar.agentJar = agentJar;
  }

  /**
   * Byte Buddy's jar, on the bootstrap class path from the first call on; null when the agent
   * did not start from its jar (the unit tests, where Byte Buddy is on the class path). Class
   * files on that path are not visible as resources, so Byte Buddy reads its own annotation types
   * (those of the advice) from the returned jar.
   */
  static synchronized JarFile appendByteBuddy(Instrumentation inst) throws IOException {
    if (byteBuddy == null && agentJar != null) {
      JarFile jar = copy(agentJar, BYTE_BUDDY, "vigil-agent-bytebuddy-");
      inst.appendToBootstrapClassLoaderSearch(jar);
      byteBuddy = jar;
    }
    return byteBuddy;
  }

  /** The jar {@link #appendByteBuddy} put on the bootstrap class path, if it did. */
  static synchronized JarFile byteBuddy() {
    return byteBuddy;
  }

  private static JarFile copy(File agentJar, String entry, String prefix) throws IOException {
    Path tmp = create(prefix);
    tmp.toFile().deleteOnExit();
    // java.io rather than a FileChannel: fewer classes to load and no direct buffers this early.
    try (JarFile source = new JarFile(agentJar);
        OutputStream out = new FileOutputStream(tmp.toFile())) {
      ZipEntry e = source.getEntry(entry);
      if (e == null) {
        throw new IOException(new StringBuilder("no ").append(entry).append(" in ")
            .append(agentJar).toString());
      }
      try (InputStream in = source.getInputStream(e)) {
        in.transferTo(out);
      }
    }
    return new JarFile(tmp.toFile());
  }

  /** A new, empty file in the temporary directory that this call created. */
  private static Path create(String prefix) throws IOException {
    Path dir = Paths.get(System.getProperty("java.io.tmpdir"));
    // Neither ProcessHandle's pid nor string concatenation: the first starts an executor and the
    // second spins method handle forms, together some 20 ms of the main thread at this point.
    for (int i = 0; ; i++) {
      try {
        return Files.createFile(dir.resolve(new StringBuilder(prefix)
            .append(System.nanoTime() + i).append(".jar").toString()));
      } catch (FileAlreadyExistsException taken) {
        if (i >= 100) {
          throw taken;
        }
      }
    }
  }
}
