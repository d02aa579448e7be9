package dev.vigil.server.notify;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.server.model.Alert;
import dev.vigil.server.model.Labels;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AlertQueueTest {
  static List<Alert> alerts(int from, int n) {
    List<Alert> out = new ArrayList<>();
    for (int i = from; i < from + n; i++) {
      out.add(new Alert(Labels.of("alertname", "A" + i), Labels.EMPTY, 0, 0, ""));
    }
    return out;
  }

  static List<String> names(List<Alert> alerts) {
    return alerts.stream().map(a -> a.labels().get("alertname")).toList();
  }

  @ParameterizedTest(name = "capacity {0}, queued {1}, adding {2}: {3} dropped, first {4}")
  @CsvSource({
      // capacity, already queued, added, dropped, first alert left
      "10, 0, 5, 0, A0",
      "10, 5, 5, 0, A0",
      "10, 8, 5, 3, A3",     // the oldest queued ones go
      "10, 0, 25, 15, A15",  // more than fits at all: only the newest 10 of the batch
      "10, 7, 25, 22, A22",  // the queued 7 and the first 15 of the batch
      "1, 1, 1, 1, A1",
  })
  void dropsTheOldestWhenFull(int capacity, int queued, int added, int dropped, String first)
      throws InterruptedException {
    AlertQueue q = new AlertQueue(capacity);
    assertThat(q.add(alerts(0, queued))).isZero();
    assertThat(q.add(alerts(queued, added))).isEqualTo(dropped);
    assertThat(q.size()).isEqualTo(Math.min(capacity, queued + added));
    List<Alert> all = q.take(1000, 0);
    assertThat(names(all).get(0)).isEqualTo(first);
    assertThat(names(all).get(all.size() - 1)).isEqualTo("A" + (queued + added - 1));
  }

  @Test
  void takesBatchesInOrder() throws InterruptedException {
    AlertQueue q = new AlertQueue(100);
    q.add(alerts(0, 7));
    assertThat(names(q.take(3, 0))).containsExactly("A0", "A1", "A2");
    assertThat(names(q.take(3, 0))).containsExactly("A3", "A4", "A5");
    assertThat(names(q.take(3, 0))).containsExactly("A6");
    assertThat(q.take(3, 10)).isEmpty();
  }

  @Test
  void closeWakesAWaitingTaker() throws Exception {
    AlertQueue q = new AlertQueue(10);
    Thread t = new Thread(() -> {
      try {
        q.take(10, 60_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    });
    t.start();
    q.close();
    t.join(5_000);
    assertThat(t.isAlive()).isFalse();
  }
}
