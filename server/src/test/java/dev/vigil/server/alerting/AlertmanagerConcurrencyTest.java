package dev.vigil.server.alerting;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.server.alerting.config.AmConfigLoader;
import dev.vigil.server.model.Alert;
import dev.vigil.server.model.Labels;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A short real-time smoke test: concurrent senders, real timers, every group notified once. */
class AlertmanagerConcurrencyTest {
  @TempDir
  Path dir;

  @Test
  void concurrentSendersEveryGroupNotified() throws Exception {
    RecordingFactory factory = new RecordingFactory();
    try (Alertmanager am = new Alertmanager(Alertmanager.Options.defaults())) {
      am.applyConfig(AmConfigLoader.parse("""
          route:
            receiver: team
            group_by: [alertname]
            group_wait: 2s
            group_interval: 1h
          receivers:
            - name: team
              webhook_configs:
                - url: http://team.example/hook
          """, "alertmanager.yml", dir, factory));
      ExecutorService pool = Executors.newFixedThreadPool(4);
      List<Future<?>> done = new ArrayList<>();
      long end = System.currentTimeMillis() + 3_600_000;
      for (int t = 0; t < 4; t++) {
        int thread = t;
        done.add(pool.submit(() -> {
          for (int i = 0; i < 500; i++) {
            am.sink().send(List.of(new Alert(Labels.of("alertname", "G" + (i % 50),
                "instance", thread + "-" + i), Labels.EMPTY, 0, end, "")));
          }
        }));
      }
      for (Future<?> f : done) {
        f.get();
      }
      pool.shutdown();
      long deadline = System.nanoTime() + 10_000_000_000L;
      while (factory.get("team").sent().size() < 50 && System.nanoTime() < deadline) {
        Thread.sleep(20);
      }
      List<NotificationData> sent = factory.get("team").sent();
      Set<String> keys = new HashSet<>();
      int alerts = 0;
      for (NotificationData d : sent) {
        keys.add(d.groupKey());
        alerts += d.alerts().size();
      }
      assertThat(keys).hasSize(50);
      assertThat(sent).hasSize(50);
      assertThat(alerts).isEqualTo(2000);
      assertThat(am.store().size()).isEqualTo(2000);
      assertThat(am.groups()).hasSize(50);
    }
  }
}
