package dev.vigil.client.jvm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vigil.client.model.MetricSnapshot;
import dev.vigil.client.model.Registry;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

/** register(Registry) from many threads at once registers exactly one collector. */
class JvmMetricsRegisterTest {
  @Test
  void concurrentRegistrationIsIdempotent() throws Exception {
    Registry reg = new Registry();
    CountDownLatch go = new CountDownLatch(1);
    List<Thread> threads = new ArrayList<>();
    List<Throwable> errors = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      Thread t = new Thread(() -> {
        try {
          go.await();
          JvmMetrics.builder().register(reg);
        } catch (Throwable e) {
          synchronized (errors) {
            errors.add(e);
          }
        }
      });
      t.start();
      threads.add(t);
    }
    go.countDown();
    for (Thread t : threads) {
      t.join(10_000);
    }
    assertEquals(List.of(), errors);
    Set<String> names = new HashSet<>();
    int families = 0;
    for (MetricSnapshot<?> s : reg.scrape()) {
      names.add(s.getMetadata().getName());
      families++;
    }
    assertEquals(names.size(), families, "each family once");
  }

  @Test
  void separateRegistriesEachGetTheMetrics() {
    Registry a = new Registry();
    Registry b = new Registry();
    JvmMetrics.builder().register(a);
    JvmMetrics.builder().register(b);
    // Registered in one registry does not mean skipped in another: both carry the 30-odd families.
    assertTrue(a.scrape().size() > 30, "a: " + a.scrape().size());
    assertTrue(b.scrape().size() > 30, "b: " + b.scrape().size());
  }
}
