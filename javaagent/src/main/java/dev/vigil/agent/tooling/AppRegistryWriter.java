package dev.vigil.agent.tooling;

import dev.vigil.client.exposition.ExpositionWriter;
import dev.vigil.client.model.MetricSnapshot;
import dev.vigil.client.model.MetricSnapshots;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Serves the application's own client-sdk default registry on the agent's endpoint.
 *
 * <p>The agent's copy of client-sdk is relocated, so the application's {@code Registry} is a
 * different class that the agent cannot call directly. This writer wraps one of the agent's
 * writers: it writes the agent's families, then asks the application's client-sdk (found by name
 * through the system class loader, called by reflection once per scrape) to write the
 * application's default registry in the same format. Families the agent already wrote are left
 * out of the application's part, so a name never appears twice. For OpenMetrics the agent's
 * {@code # EOF} is dropped so that only the application's part ends the body.
 *
 * <p>If the application has no client-sdk, or an incompatible one, only the agent's families are
 * written (the failure is logged once).
 */
final class AppRegistryWriter implements ExpositionWriter {
  private static final byte[] EOF = "# EOF\n".getBytes(StandardCharsets.UTF_8);
  // Built at run time: the shade plugin rewrites string constants that name relocated packages.
  private static final String CLIENT = String.join(".", "dev", "vigil", "client");

  private final ExpositionWriter own;
  private final ClassLoader appLoader;
  private volatile AppSide app;
  private volatile boolean absent;

  AppRegistryWriter(ExpositionWriter own, ClassLoader appLoader) {
    this.own = own;
    this.appLoader = appLoader;
  }

  @Override
  public boolean accepts(String acceptHeader) {
    return own.accepts(acceptHeader);
  }

  @Override
  public String getContentType() {
    return own.getContentType();
  }

  @Override
  public void write(OutputStream out, MetricSnapshots snapshots) throws IOException {
    AppSide side = appSide();
    if (side == null) {
      own.write(out, snapshots);
      return;
    }
    byte[] appPart;
    try {
      Set<String> ownNames = new HashSet<>();
      for (MetricSnapshot<?> s : snapshots) {
        ownNames.add(s.getName());
      }
      appPart = side.write(name -> !ownNames.contains(name));
    } catch (Throwable t) {
      AgentLog.once("app-registry-write", "writing the application's client-sdk registry "
          + "failed, serving the agent's metrics only: " + t);
      own.write(out, snapshots);
      return;
    }
    ByteArrayOutputStream mine = new ByteArrayOutputStream(8192);
    own.write(mine, snapshots);
    byte[] b = mine.toByteArray();
    int len = b.length;
    if (endsWith(b, EOF) && endsWith(appPart, EOF)) {
      len -= EOF.length;
    }
    out.write(b, 0, len);
    out.write(appPart);
    out.flush();
  }

  private static boolean endsWith(byte[] b, byte[] suffix) {
    if (b.length < suffix.length) {
      return false;
    }
    for (int i = 0; i < suffix.length; i++) {
      if (b[b.length - suffix.length + i] != suffix[i]) {
        return false;
      }
    }
    return true;
  }

  private AppSide appSide() {
    AppSide a = app;
    if (a != null || absent) {
      return a;
    }
    try {
      // The system class loader's view does not change, so "absent" is final.
      Class<?> registryClass = Class.forName(CLIENT + ".model.Registry", false, appLoader);
      a = new AppSide(registryClass, getContentType());
      app = a;
      return a;
    } catch (ClassNotFoundException e) {
      absent = true;
      return null;
    } catch (Throwable t) {
      absent = true;
      AgentLog.once("app-registry", "the application's client-sdk is not usable by the agent, "
          + "its registry is not served: " + t);
      return null;
    }
  }

  /** The application's default registry and its writer for one content type. */
  private static final class AppSide {
    private final Object registry;
    private final Method scrape;
    private final Object writer;
    private final Method write;

    AppSide(Class<?> registryClass, String contentType) throws Exception {
      ClassLoader loader = registryClass.getClassLoader();
      registry = registryClass.getField("defaultRegistry").get(null);
      scrape = registryClass.getMethod("scrape", Predicate.class);
      Class<?> formats = Class.forName(CLIENT + ".exposition.ExpositionFormats", true, loader);
      Class<?> writerType = Class.forName(CLIENT + ".exposition.ExpositionWriter", true, loader);
      Class<?> snapshots = Class.forName(CLIENT + ".model.MetricSnapshots", true, loader);
      Object defaults = formats.getMethod("defaults").invoke(null);
      Method contentTypeOf = writerType.getMethod("getContentType");
      Object found = null;
      for (Object w : (List<?>) formats.getMethod("getWriters").invoke(defaults)) {
        if (contentType.equals(contentTypeOf.invoke(w))) {
          found = w;
        }
      }
      if (found == null) {
        throw new IllegalStateException("no writer for " + contentType);
      }
      writer = found;
      write = writerType.getMethod("write", OutputStream.class, snapshots);
    }

    byte[] write(Predicate<String> names) throws Exception {
      Object snapshots = scrape.invoke(registry, names);
      ByteArrayOutputStream out = new ByteArrayOutputStream(4096);
      write.invoke(writer, out, snapshots);
      return out.toByteArray();
    }
  }
}
