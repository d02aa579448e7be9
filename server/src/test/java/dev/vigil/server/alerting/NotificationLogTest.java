package dev.vigil.server.alerting;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NotificationLogTest {
  static final long T0 = 1_700_000_000_000L;
  final AtomicLong now = new AtomicLong(T0);
  final NotificationLog.Key k1 = new NotificationLog.Key("team", "webhook", 0, "{}:{a=\"1\"}");
  final NotificationLog.Key k2 = new NotificationLog.Key("team", "slack", 1, "{}:{a=\"2\"}");

  @Test
  void snapshotSurvivesRestartAndExpires(@TempDir Path dir) throws Exception {
    Path f = dir.resolve("nflog");
    NotificationLog log = new NotificationLog(f, 3_600_000, 100, now::get);
    log.log(k1, Set.of(1L, -5L), Set.of(7L), T0);
    log.log(k2, Set.of(), Set.of(2L), T0 + 1000);
    log.snapshot();
    assertThat(Files.exists(dir.resolve("nflog.tmp"))).isFalse();

    NotificationLog again = new NotificationLog(f, 3_600_000, 100, now::get);
    assertThat(again.size()).isEqualTo(2);
    NotificationLog.Entry e = again.query(k1);
    assertThat(e.firing()).containsExactlyInAnyOrder(1L, -5L);
    assertThat(e.resolved()).containsExactly(7L);
    assertThat(e.timestampMillis()).isEqualTo(T0);
    assertThat(e.expiresAtMillis()).isEqualTo(T0 + 3_600_000);

    now.set(T0 + 3_600_000);
    assertThat(again.query(k1)).isNull();
    assertThat(again.gc()).isEqualTo(0);
    assertThat(again.query(k2)).isNotNull();
    now.set(T0 + 3_601_000);
    assertThat(again.gc()).isEqualTo(1);
    // Expired entries are not loaded.
    assertThat(new NotificationLog(f, 3_600_000, 100, now::get).size()).isZero();
  }

  @Test
  void corruptFileStartsEmpty(@TempDir Path dir) throws Exception {
    Path f = dir.resolve("nflog");
    Files.writeString(f, "{\"version\":1,\"entries\":[{\"receiver\":");
    NotificationLog log = new NotificationLog(f, 1000, 10, now::get);
    assertThat(log.size()).isZero();
    log.log(k1, Set.of(1L), Set.of(), T0);
    log.snapshot();
    assertThat(new NotificationLog(f, 1000, 10, now::get).query(k1)).isNotNull();
  }

  @Test
  void boundedDropsFirstToExpire() {
    NotificationLog log = new NotificationLog(null, 1000, 2, now::get);
    log.log(k1, Set.of(1L), Set.of(), T0);
    log.log(k2, Set.of(2L), Set.of(), T0 + 10);
    NotificationLog.Key k3 = new NotificationLog.Key("other", "email", 0, "{}:{}");
    log.log(k3, Set.of(3L), Set.of(), T0 + 20);
    assertThat(log.size()).isEqualTo(2);
    assertThat(log.query(k1)).isNull();
    assertThat(log.query(k3)).isNotNull();
  }
}
