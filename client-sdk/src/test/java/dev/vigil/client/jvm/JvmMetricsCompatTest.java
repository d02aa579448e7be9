package dev.vigil.client.jvm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vigil.client.exposition.PrometheusTextWriter;
import dev.vigil.client.model.Registry;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** Ours against client_java's JvmMetrics, in the same JVM, both in text format 0.0.4. */
class JvmMetricsCompatTest {
  /**
   * client_java families we do not produce, with why. jvm_native_memory_* appears only when the
   * JVM runs with -XX:NativeMemoryTracking, which tests do not; none are excluded otherwise.
   */
  private static final Set<String> NOT_OURS = Set.of();

  private static final String ALLOCATED = "jvm_memory_pool_allocated_bytes_total{";

  static String theirs(PrometheusRegistry r) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    PrometheusTextFormatWriter.create().write(out, r.scrape());
    return out.toString(StandardCharsets.UTF_8);
  }

  static String ours(Registry r) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    new PrometheusTextWriter().write(out, r.scrape());
    return out.toString(StandardCharsets.UTF_8);
  }

  /** TYPE per family name. */
  static Map<String, String> types(String text) {
    Map<String, String> m = new TreeMap<>();
    for (String l : text.split("\n")) {
      if (l.startsWith("# TYPE ")) {
        String[] p = l.split(" ");
        m.put(p[2], p[3]);
      }
    }
    return m;
  }

  /** "series name{label names}" for every sample line, values and label values dropped. */
  static Set<String> shapes(String text) {
    Set<String> s = new TreeSet<>();
    for (String l : text.split("\n")) {
      if (l.isEmpty() || l.startsWith("#")) {
        continue;
      }
      int brace = l.indexOf('{');
      int space = l.indexOf(' ');
      if (brace < 0 || brace > space) {
        s.add(l.substring(0, space) + "{}");
        continue;
      }
      StringBuilder names = new StringBuilder();
      for (String kv : l.substring(brace + 1, l.lastIndexOf('}')).split("\",")) {
        if (!kv.isEmpty()) {
          names.append(kv, 0, kv.indexOf('=')).append(',');
        }
      }
      s.add(l.substring(0, brace) + "{" + names + "}");
    }
    return s;
  }

  /** Every sample line without its value, in a sorted set (the writers order lines apart). */
  static Set<String> series(String text) {
    Set<String> s = new TreeSet<>();
    for (String l : text.split("\n")) {
      // Which pools have allocation series depends on the GCs each listener saw; a GC between
      // the two registrations could differ, so that family is compared by shape only.
      if (!l.isEmpty() && !l.startsWith("#") && !l.startsWith("jvm_native_memory_")
          && !l.startsWith(ALLOCATED)) {
        s.add(l.substring(0, l.lastIndexOf(' ')));
      }
    }
    return s;
  }

  static String line(String text, String prefix) {
    for (String l : text.split("\n")) {
      if (l.startsWith(prefix)) {
        return l;
      }
    }
    throw new AssertionError("no line " + prefix + " in\n" + text);
  }

  static double value(String text, String series) {
    String l = line(text, series + " ");
    return Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1));
  }

  @Test
  void sameNamesTypesAndLabels() throws Exception {
    Registry reg = new Registry();
    JvmMetrics.builder().register(reg);
    JvmMetrics.builder().register(reg); // idempotent: would throw on a duplicate name
    PrometheusRegistry pr = new PrometheusRegistry();
    io.prometheus.metrics.instrumentation.jvm.JvmMetrics.builder().register(pr);
    // A GC after both are registered, so both have jvm_memory_pool_allocated_bytes_total
    // (each only learns of allocations from GC notifications it was listening for).
    System.gc();
    String theirs = theirs(pr);
    String ours = ours(reg);
    // Notifications arrive on another thread: wait (bounded) until both have seen the GC.
    for (int i = 0; i < 50 && !(theirs.contains(ALLOCATED) && ours.contains(ALLOCATED)); i++) {
      Thread.sleep(100);
      theirs = theirs(pr);
      ours = ours(reg);
    }

    Map<String, String> tt = types(theirs);
    tt.keySet().removeAll(NOT_OURS);
    tt.keySet().removeIf(n -> n.startsWith("jvm_native_memory_"));
    assertEquals(tt, types(ours));

    Set<String> ts = shapes(theirs);
    ts.removeIf(s -> s.startsWith("jvm_native_memory_"));
    assertEquals(ts, shapes(ours));

    // Label values too (pool, area, gc, state and buffer pool names) agree series by series.
    assertEquals(series(theirs), series(ours));

    assertEquals(line(theirs, "jvm_runtime_info{"), line(ours, "jvm_runtime_info{"));
    assertEquals(value(theirs, "process_start_time_seconds"),
        value(ours, "process_start_time_seconds"), 0.001);
    assertTrue(value(ours, "jvm_threads_peak") >= value(ours, "jvm_threads_current"));
    assertEquals(value(theirs, "process_max_fds"), value(ours, "process_max_fds"));
  }

  @Test
  void gcRaisesCollectionCount() throws Exception {
    Registry reg = new Registry();
    JvmMetrics.builder().register(reg);
    double before = totalGcCount(ours(reg));
    System.gc();
    assertTrue(totalGcCount(ours(reg)) > before);
  }

  private static double totalGcCount(String text) {
    double sum = 0;
    for (String l : text.split("\n")) {
      if (l.startsWith("jvm_gc_collection_seconds_count{")) {
        sum += Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1));
      }
    }
    return sum;
  }
}
