package dev.vigil.server.rules;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.server.model.Alert;
import dev.vigil.server.model.Labels;
import dev.vigil.server.promql.engine.Engine;
import dev.vigil.server.promql.value.InstantVector;
import dev.vigil.server.storage.Appender;
import dev.vigil.server.tsdb.Tsdb;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The production wiring in a short real-time run: the engine over a TSDB, the scheduler. */
@Timeout(30)
class EngineRulesTest {
  @Test
  void scheduledGroupsRecordAndAlertThroughTheEngine(@TempDir Path dir) throws Exception {
    Files.writeString(dir.resolve("r.yml"), """
        groups:
        - name: g
          interval: 100ms
          rules:
          - record: job:load:max
            expr: max by (job) (load)
          - alert: Overloaded
            expr: job:load:max > 1
            labels:
              severity: page
        """);
    List<Alert> sent = new CopyOnWriteArrayList<>();
    try (Tsdb db = Tsdb.open(dir.resolve("data"))) {
      long now = System.currentTimeMillis();
      Appender a = db.appender();
      for (long t = now - 60_000; t <= now + 60_000; t += 1_000) {
        a.append(0, Labels.of("__name__", "load", "job", "web", "instance", "a"), t, 3);
        a.append(0, Labels.of("__name__", "load", "job", "web", "instance", "b"), t, 2);
      }
      a.commit();
      Engine engine = new Engine(db);
      RuleManager m = new RuleManager(RuleOptions.DEFAULTS, QueryFunction.of(engine), db, db,
          sent::addAll, TemplateExpander.VERBATIM, null, Clock.systemUTC());
      m.update(List.of(dir.resolve("r.yml").toString()), Duration.ofMinutes(1), Duration.ZERO,
          Labels.of("cluster", "c1"));
      m.start();
      long deadline = System.currentTimeMillis() + 10_000;
      while (sent.isEmpty() && System.currentTimeMillis() < deadline) {
        Thread.sleep(20);
      }
      m.stop();
      assertThat(sent).isNotEmpty();
      assertThat(sent.get(0).labels()).isEqualTo(Labels.of("alertname", "Overloaded",
          "cluster", "c1", "job", "web", "severity", "page"));
      InstantVector v = (InstantVector) engine.instant("job:load:max",
          System.currentTimeMillis()).value();
      assertThat(v.samples()).hasSize(1);
      assertThat(v.samples().get(0).labels()).isEqualTo(Labels.of("__name__", "job:load:max",
          "job", "web"));
      assertThat(v.samples().get(0).v()).isEqualTo(3);
    }
  }
}
