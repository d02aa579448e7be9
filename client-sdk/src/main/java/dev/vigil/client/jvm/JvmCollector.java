package dev.vigil.client.jvm;

import dev.vigil.client.model.InfoSnapshot;
import dev.vigil.client.model.Labels;
import dev.vigil.client.model.MetricMetadata;
import dev.vigil.client.model.MetricSnapshots;
import dev.vigil.client.model.MultiCollector;
import dev.vigil.client.model.SummarySnapshot;
import java.lang.management.BufferPoolMXBean;
import java.lang.management.ClassLoadingMXBean;
import java.lang.management.CompilationMXBean;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryUsage;
import java.lang.management.RuntimeMXBean;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToLongFunction;

/** Reads every JVM metric in one pass per scrape; MXBeans are thread-safe, so this is too. */
final class JvmCollector implements MultiCollector {
  private final AllocationTracker allocation = startAllocationTracker();

  /** Guarded here too: without jdk.management the tracker class itself may fail to link. */
  private static AllocationTracker startAllocationTracker() {
    try {
      return AllocationTracker.start();
    } catch (LinkageError e) {
      return null;
    }
  }

  @Override
  public MetricSnapshots collect() {
    Families f = new Families();
    threads(f);
    bufferPools(f);
    classes(f);
    compilation(f);
    gc(f);
    memory(f);
    // Until the first GC nothing is known per pool; client_java's text output then has no
    // such family either, so leave it out rather than print an empty TYPE line.
    if (allocation != null && !allocation.allocated.isEmpty()) {
      Families.Labelled a = f.counters("jvm_memory_pool_allocated_bytes",
          "Total bytes allocated in a given JVM memory pool. Only updated after GC, not continuously.",
          "pool");
      allocation.allocated.forEach((pool, v) -> a.add(pool, v.sum()));
      a.done();
    }
    runtimeInfo(f);
    ProcessReader.collect(f);
    return new MetricSnapshots(f.out);
  }

  private static void threads(Families f) {
    ThreadMXBean t = ManagementFactory.getThreadMXBean();
    f.gauge("jvm_threads_current", "Current thread count of a JVM", t.getThreadCount());
    f.gauge("jvm_threads_daemon", "Daemon thread count of a JVM", t.getDaemonThreadCount());
    f.gauge("jvm_threads_peak", "Peak thread count of a JVM", t.getPeakThreadCount());
    f.counter("jvm_threads_started", "Started thread count of a JVM",
        t.getTotalStartedThreadCount());
    long[] dl = t.findDeadlockedThreads();
    f.gauge("jvm_threads_deadlocked",
        "Cycles of JVM-threads that are in deadlock waiting to acquire object monitors or "
            + "ownable synchronizers", dl == null ? 0 : dl.length);
    long[] dm = t.findMonitorDeadlockedThreads();
    f.gauge("jvm_threads_deadlocked_monitor",
        "Cycles of JVM-threads that are in deadlock waiting to acquire object monitors",
        dm == null ? 0 : dm.length);
    Map<Thread.State, Integer> counts = new EnumMap<>(Thread.State.class);
    for (Thread.State s : Thread.State.values()) {
      counts.put(s, 0);
    }
    int unknown = 0;
    for (ThreadInfo i : t.getThreadInfo(t.getAllThreadIds(), 0)) {
      if (i == null) {
        unknown++; // the thread ended between the two calls; client_java reports it as UNKNOWN
      } else {
        counts.merge(i.getThreadState(), 1, Integer::sum);
      }
    }
    Families.Labelled st = f.gauges("jvm_threads_state",
        "Current count of threads by state", "state");
    counts.forEach((s, n) -> st.add(s.name(), n));
    st.add("UNKNOWN", unknown).done();
  }

  private static void bufferPools(Families f) {
    List<BufferPoolMXBean> pools = ManagementFactory.getPlatformMXBeans(BufferPoolMXBean.class);
    Families.Labelled used = f.gauges("jvm_buffer_pool_used_bytes",
        "Used bytes of a given JVM buffer pool.", "pool");
    Families.Labelled cap = f.gauges("jvm_buffer_pool_capacity_bytes",
        "Bytes capacity of a given JVM buffer pool.", "pool");
    Families.Labelled n = f.gauges("jvm_buffer_pool_used_buffers",
        "Used buffers of a given JVM buffer pool.", "pool");
    for (BufferPoolMXBean p : pools) {
      used.add(p.getName(), p.getMemoryUsed());
      cap.add(p.getName(), p.getTotalCapacity());
      n.add(p.getName(), p.getCount());
    }
    used.done();
    cap.done();
    n.done();
  }

  private static void classes(Families f) {
    ClassLoadingMXBean c = ManagementFactory.getClassLoadingMXBean();
    f.gauge("jvm_classes_currently_loaded",
        "The number of classes that are currently loaded in the JVM", c.getLoadedClassCount());
    f.counter("jvm_classes_loaded",
        "The total number of classes that have been loaded since the JVM has started execution",
        c.getTotalLoadedClassCount());
    f.counter("jvm_classes_unloaded",
        "The total number of classes that have been unloaded since the JVM has started execution",
        c.getUnloadedClassCount());
  }

  private static void compilation(Families f) {
    CompilationMXBean c = ManagementFactory.getCompilationMXBean();
    // Like client_java: absent on interpreter-only JVMs or where monitoring is unsupported.
    if (c == null || !c.isCompilationTimeMonitoringSupported()) {
      return;
    }
    // client_java 1.x has no compiler label here (0.x had one); we follow 1.x.
    f.counter("jvm_compilation_time_seconds",
        "The total time in seconds taken for HotSpot class compilation",
        c.getTotalCompilationTime() / 1000.0);
  }

  private static void gc(Families f) {
    List<SummarySnapshot.DataPoint> points = new ArrayList<>();
    for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
      points.add(new SummarySnapshot.DataPoint(Labels.of("gc", gc.getName()),
          Math.max(0, gc.getCollectionCount()), Math.max(0, gc.getCollectionTime()) / 1000.0,
          new double[0], new double[0], 0));
    }
    f.out.add(new SummarySnapshot(new MetricMetadata("jvm_gc_collection_seconds",
        "Time spent in a given JVM garbage collector in seconds.", null), points));
  }

  private static void memory(Families f) {
    MemoryMXBean m = ManagementFactory.getMemoryMXBean();
    f.gauge("jvm_memory_objects_pending_finalization",
        "The number of objects waiting in the finalizer queue.",
        m.getObjectPendingFinalizationCount());
    MemoryUsage heap = m.getHeapMemoryUsage();
    MemoryUsage non = m.getNonHeapMemoryUsage();
    area(f, "jvm_memory_used_bytes", "Used bytes of a given JVM memory area.", heap, non,
        MemoryUsage::getUsed);
    area(f, "jvm_memory_committed_bytes", "Committed (bytes) of a given JVM memory area.",
        heap, non, MemoryUsage::getCommitted);
    area(f, "jvm_memory_max_bytes", "Max (bytes) of a given JVM memory area.", heap, non,
        MemoryUsage::getMax);
    area(f, "jvm_memory_init_bytes", "Initial bytes of a given JVM memory area.", heap, non,
        MemoryUsage::getInit);
    List<MemoryPoolMXBean> pools = ManagementFactory.getMemoryPoolMXBeans();
    pool(f, pools, "jvm_memory_pool_used_bytes", "Used bytes of a given JVM memory pool.",
        false, MemoryUsage::getUsed);
    pool(f, pools, "jvm_memory_pool_committed_bytes",
        "Committed bytes of a given JVM memory pool.", false, MemoryUsage::getCommitted);
    pool(f, pools, "jvm_memory_pool_max_bytes", "Max bytes of a given JVM memory pool.",
        false, MemoryUsage::getMax);
    pool(f, pools, "jvm_memory_pool_init_bytes", "Initial bytes of a given JVM memory pool.",
        false, MemoryUsage::getInit);
    pool(f, pools, "jvm_memory_pool_collection_used_bytes",
        "Used bytes after last collection of a given JVM memory pool.", true,
        MemoryUsage::getUsed);
    pool(f, pools, "jvm_memory_pool_collection_committed_bytes",
        "Committed after last collection bytes of a given JVM memory pool.", true,
        MemoryUsage::getCommitted);
    pool(f, pools, "jvm_memory_pool_collection_max_bytes",
        "Max bytes after last collection of a given JVM memory pool.", true,
        MemoryUsage::getMax);
    pool(f, pools, "jvm_memory_pool_collection_init_bytes",
        "Initial after last collection bytes of a given JVM memory pool.", true,
        MemoryUsage::getInit);
  }

  private static void area(Families f, String name, String help, MemoryUsage heap,
      MemoryUsage non, ToLongFunction<MemoryUsage> v) {
    f.gauges(name, help, "area").add("heap", v.applyAsLong(heap))
        .add("nonheap", v.applyAsLong(non)).done();
  }

  private static void pool(Families f, List<MemoryPoolMXBean> pools, String name, String help,
      boolean afterCollection, ToLongFunction<MemoryUsage> v) {
    Families.Labelled l = f.gauges(name, help, "pool");
    for (MemoryPoolMXBean p : pools) {
      // Pools without collection usage (e.g. code cache) have no collection_* series.
      MemoryUsage u = afterCollection ? p.getCollectionUsage() : p.getUsage();
      if (u != null) {
        l.add(p.getName(), v.applyAsLong(u));
      }
    }
    l.done();
  }

  private static void runtimeInfo(Families f) {
    RuntimeMXBean r = ManagementFactory.getRuntimeMXBean();
    String runtime = System.getProperty("java.runtime.name", "unknown");
    String vendor = System.getProperty("java.vm.vendor", "unknown");
    String version = System.getProperty("java.runtime.version", "unknown");
    List<InfoSnapshot.DataPoint> p = new ArrayList<>(1);
    p.add(new InfoSnapshot.DataPoint(
        Labels.of("runtime", runtime, "vendor", vendor, "version", version)));
    f.out.add(new InfoSnapshot(new MetricMetadata("jvm_runtime", "JVM runtime info", null), p));
    f.gauge("process_start_time_seconds", "Start time of the process since unix epoch in seconds.",
        r.getStartTime() / 1000.0);
  }
}
