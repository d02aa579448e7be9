package dev.vigil.client.jvm;

import com.sun.management.GarbageCollectionNotificationInfo;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.DoubleAdder;
import javax.management.NotificationEmitter;
import javax.management.openmbean.CompositeData;

/**
 * Bytes allocated per memory pool, as client_java computes them from GC notifications (see
 * {@link #handlePool}). Needs com.sun.management's GC
 * notifications; {@link #start()} returns null where they are absent, and the metric is skipped.
 */
final class AllocationTracker {
  final Map<String, DoubleAdder> allocated = new ConcurrentHashMap<>();
  private final Map<String, Long> lastAfter = new ConcurrentHashMap<>();

  static AllocationTracker start() {
    try {
      AllocationTracker t = new AllocationTracker();
      for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
        if (gc instanceof NotificationEmitter) {
          ((NotificationEmitter) gc).addNotificationListener((n, hb) -> {
            if (GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION
                .equals(n.getType())) {
              t.onGc(GarbageCollectionNotificationInfo.from((CompositeData) n.getUserData()));
            }
          }, null, null);
        }
      }
      return t;
    } catch (LinkageError | RuntimeException e) {
      return null; // no jdk.management: skip jvm_memory_pool_allocated_bytes_total
    }
  }

  private synchronized void onGc(GarbageCollectionNotificationInfo info) {
    Map<String, MemoryUsage> before = info.getGcInfo().getMemoryUsageBeforeGc();
    Map<String, MemoryUsage> after = info.getGcInfo().getMemoryUsageAfterGc();
    for (Map.Entry<String, MemoryUsage> e : before.entrySet()) {
      MemoryUsage a = after.get(e.getKey());
      if (a != null) {
        handlePool(e.getKey(), e.getValue().getUsed(), a.getUsed());
      }
    }
  }

  /**
   * As client_java: growth since the last GC's "after" plus growth during this GC, each counted
   * only when positive; a pool's series appears with its first positive increase.
   */
  private void handlePool(String pool, long before, long after) {
    Long last = lastAfter.put(pool, after);
    long sinceLast = before - (last == null ? 0 : last);
    long during = after - before;
    long increase = Math.max(0, sinceLast) + Math.max(0, during);
    if (increase > 0) {
      allocated.computeIfAbsent(pool, k -> new DoubleAdder()).add(increase);
    }
  }
}
