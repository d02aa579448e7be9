package dev.vigil.server.alerting;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class NotificationHistoryTest {
  final AtomicLong now = new AtomicLong(10_000);

  static NotificationHistory.Attempt at(long t, String receiver, boolean ok) {
    return new NotificationHistory.Attempt(t, receiver, "webhook", 0, "{}:{}",
        List.of("0000000000000001"), List.of("A"), "firing", ok, ok ? "" : "boom", 1, 3);
  }

  @Test
  void newestFirstFilteredLimitedBoundedAndExpired() {
    NotificationHistory h = new NotificationHistory(5_000, 4, now::get);
    h.add(at(6_000, "a", true));
    h.add(at(7_000, "b", false));
    h.add(at(8_000, "a", true));
    h.add(at(9_000, "b", true));
    assertThat(h.list(null, 0, 0)).extracting(NotificationHistory.Attempt::timeMillis)
        .containsExactly(9_000L, 8_000L, 7_000L, 6_000L);
    assertThat(h.list("a", 0, 0)).extracting(NotificationHistory.Attempt::timeMillis)
        .containsExactly(8_000L, 6_000L);
    assertThat(h.list("", 7_000, 0)).hasSize(3);
    assertThat(h.list(null, 0, 2)).extracting(NotificationHistory.Attempt::timeMillis)
        .containsExactly(9_000L, 8_000L);
    h.add(at(10_000, "a", true));
    assertThat(h.size()).isEqualTo(4); // bounded: 6000 went
    now.set(13_500); // retention 5 s: 7000 and 8000 expired
    assertThat(h.list(null, 0, 0)).extracting(NotificationHistory.Attempt::timeMillis)
        .containsExactly(10_000L, 9_000L);
    assertThat(h.list("b", 0, 0).get(0).error()).isEmpty();
  }
}
