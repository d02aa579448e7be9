package dev.vigil.agent.tooling;

import dev.vigil.client.core.GaugeWithCallback;
import dev.vigil.client.model.Registry;
import java.lang.ref.WeakReference;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * HikariCP pool gauges under OpenTelemetry's db.client.connection.* names. The pools are read at
 * scrape time through reflection: that runs once per scrape, never on a request thread, and
 * keeps the agent free of a compile-time tie to one HikariCP version.
 */
final class HikariPools {
  private final List<WeakReference<Object>> pools = new CopyOnWriteArrayList<>();

  HikariPools(Registry registry) {
    GaugeWithCallback.builder().name("db_client_connection_count")
        .help("Connections in the pool, by state (idle or used).")
        .labelNames("pool_name", "state")
        .callback(cb -> each((pool, name) -> {
          cb.call(call(pool, "getIdleConnections"), name, "idle");
          cb.call(call(pool, "getActiveConnections"), name, "used");
        })).register(registry);
    GaugeWithCallback.builder().name("db_client_connection_max")
        .help("The most connections the pool allows.")
        .labelNames("pool_name")
        .callback(cb -> each((pool, name) -> cb.call(maxSize(pool), name))).register(registry);
    GaugeWithCallback.builder().name("db_client_connection_pending_requests")
        .help("Threads waiting for a connection from the pool.")
        .labelNames("pool_name")
        .callback(cb -> each((pool, name) ->
            cb.call(call(pool, "getThreadsAwaitingConnection"), name))).register(registry);
  }

  void add(Object pool) {
    pools.add(new WeakReference<>(pool));
  }

  private interface PoolVisitor {
    void visit(Object pool, String name) throws Exception;
  }

  private void each(PoolVisitor visitor) {
    for (WeakReference<Object> ref : pools) {
      Object pool = ref.get();
      if (pool == null) {
        pools.remove(ref);
        continue;
      }
      try {
        visitor.visit(pool, String.valueOf(config(pool).getClass().getMethod("getPoolName")
            .invoke(config(pool))));
      } catch (Exception e) {
        AgentLog.once("hikari-read", "reading a HikariCP pool failed, its gauges are left out: "
            + e);
      }
    }
  }

  private static int call(Object pool, String method) throws Exception {
    Method m = pool.getClass().getMethod(method);
    return ((Number) m.invoke(pool)).intValue();
  }

  private static int maxSize(Object pool) throws Exception {
    Object config = config(pool);
    return ((Number) config.getClass().getMethod("getMaximumPoolSize").invoke(config)).intValue();
  }

  /** PoolBase's {@code config} field: the pool's HikariConfig. */
  private static Object config(Object pool) throws Exception {
    for (Class<?> c = pool.getClass(); c != null; c = c.getSuperclass()) {
      try {
        Field f = c.getDeclaredField("config");
        f.setAccessible(true);
        return f.get(pool);
      } catch (NoSuchFieldException e) {
        // look in the superclass
      }
    }
    throw new NoSuchFieldException("config");
  }
}
