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
 * Bytes allocated per memory pool, as client_java computes them: at each GC, a pool's usage
 * before the GC minus its usage after the previous one. Needs com.sun.management's GC
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
      String pool = e.getKey();
      long b = e.getValue().getUsed();
      long prev = lastAfter.getOrDefault(pool, 0L);
      long delta = b - prev;
      // Same as client_java: only growth counts; a pool that shrank between GCs adds nothing.
      allocated.computeIfAbsent(pool, k -> new DoubleAdder()).add(delta > 0 ? delta : 0);
      MemoryUsage a = after.get(pool);
      if (a != null) {
        lastAfter.put(pool, a.getUsed());
      }
    }
  }
}
