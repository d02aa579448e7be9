package dev.vigil.client.jvm;

import dev.vigil.client.model.Registry;
import java.util.Collections;
import java.util.Map;
import java.util.WeakHashMap;

/**
 * JVM and process metrics under client_java 1.x's names, labels and types, so dashboards built
 * for client_java's JvmMetrics work unchanged.
 *
 * <pre>{@code JvmMetrics.builder().register(registry);}</pre>
 */
public final class JvmMetrics {
  // Weak keys: a registry that is dropped should not be kept alive by having had JVM metrics.
  private static final Map<Registry, JvmCollector> REGISTERED =
      Collections.synchronizedMap(new WeakHashMap<>());

  private JvmMetrics() {}

  public static Builder builder() {
    return new Builder();
  }

  public static final class Builder {
    Builder() {}

    /** Registers with {@link Registry#defaultRegistry}. */
    public void register() {
      register(Registry.defaultRegistry);
    }

    /** Registers once per registry: a second call for the same registry does nothing. */
    public void register(Registry registry) {
      synchronized (REGISTERED) {
        if (REGISTERED.containsKey(registry)) {
          return;
        }
        JvmCollector c = new JvmCollector();
        registry.register(c);
        REGISTERED.put(registry, c);
      }
    }
  }
}
