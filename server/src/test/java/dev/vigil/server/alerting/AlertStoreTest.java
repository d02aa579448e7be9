package dev.vigil.server.alerting;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.server.model.Alert;
import dev.vigil.server.model.Labels;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class AlertStoreTest {
  static final long T0 = 1_700_000_000_000L;
  static final long RESOLVE = 300_000;
  final AtomicLong now = new AtomicLong(T0);
  final AlertStore store = new AlertStore(3, RESOLVE, now::get);

  static Alert alert(String name, long starts, long ends) {
    return new Alert(Labels.of("alertname", name), Labels.of("summary", name + " s"), starts,
        ends, "http://gen/" + name);
  }

  @Test
  void receiptFillsStartAndEndAsAlertmanager() {
    store.send(List.of(alert("A", 0, 0), alert("B", 0, T0 - 1000), alert("C", T0 - 5000, 0)));
    AmAlert a = store.get(Fingerprints.of(Labels.of("alertname", "A")));
    assertThat(a.startsAtMillis()).isEqualTo(T0);
    assertThat(a.endsAtMillis()).isEqualTo(T0 + RESOLVE);
    assertThat(a.timeout()).isTrue();
    assertThat(a.updatedAtMillis()).isEqualTo(T0);
    AmAlert b = store.get(Fingerprints.of(Labels.of("alertname", "B")));
    assertThat(b.startsAtMillis()).isEqualTo(T0 - 1000);
    assertThat(b.resolvedAt(T0)).isTrue();
    assertThat(b.timeout()).isFalse();
    AmAlert c = store.get(Fingerprints.of(Labels.of("alertname", "C")));
    assertThat(c.startsAtMillis()).isEqualTo(T0 - 5000);
  }

  @Test
  void mergeKeepsEarliestStartAndTakesNewerVersion() {
    store.send(List.of(alert("A", T0 - 60_000, 0)));
    now.addAndGet(30_000);
    store.send(List.of(new Alert(Labels.of("alertname", "A"), Labels.of("summary", "new"),
        T0 - 10_000, 0, "")));
    AmAlert a = store.get(Fingerprints.of(Labels.of("alertname", "A")));
    assertThat(a.startsAtMillis()).isEqualTo(T0 - 60_000);
    assertThat(a.annotations().get("summary")).isEqualTo("new");
    assertThat(a.endsAtMillis()).isEqualTo(T0 + 30_000 + RESOLVE);
    // Resolved explicitly: the end is taken.
    now.addAndGet(30_000);
    store.send(List.of(alert("A", T0 - 10_000, T0 + 50_000)));
    a = store.get(Fingerprints.of(Labels.of("alertname", "A")));
    assertThat(a.endsAtMillis()).isEqualTo(T0 + 50_000);
    assertThat(a.startsAtMillis()).isEqualTo(T0 - 60_000);
    assertThat(a.resolvedAt(now.get())).isTrue();
  }

  @Test
  void laterExplicitEndWinsOverTimeoutOfOlderVersion() {
    // Older version with an explicit end later than the new one's timeout end.
    store.send(List.of(alert("A", T0, T0 + 3_600_000)));
    now.addAndGet(1000);
    store.send(List.of(alert("A", T0, 0)));
    AmAlert a = store.get(Fingerprints.of(Labels.of("alertname", "A")));
    assertThat(a.endsAtMillis()).isEqualTo(T0 + 3_600_000);
  }

  @Test
  void newLifeAfterResolutionIsNotMerged() {
    store.send(List.of(alert("A", T0 - 100_000, T0 - 50_000)));
    store.send(List.of(alert("A", T0, 0)));
    AmAlert a = store.get(Fingerprints.of(Labels.of("alertname", "A")));
    assertThat(a.startsAtMillis()).isEqualTo(T0);
    assertThat(a.resolvedAt(T0)).isFalse();
  }

  @Test
  void boundedRefusesNewButTakesUpdatesAndCounts() {
    store.send(List.of(alert("A", 0, 0), alert("B", 0, 0), alert("C", 0, 0)));
    int refused = store.put(List.of(AmAlert.received(alert("D", 0, 0), T0, RESOLVE),
        AmAlert.received(alert("A", 0, 0), T0, RESOLVE)));
    assertThat(refused).isEqualTo(1);
    assertThat(store.refused()).isEqualTo(1);
    assertThat(store.size()).isEqualTo(3);
    assertThat(store.get(Fingerprints.of(Labels.of("alertname", "D")))).isNull();
  }

  @Test
  void invalidCountedListenersSeeMergedVersionsGcDropsResolved() {
    List<AmAlert> seen = new ArrayList<>();
    store.addListener(seen::add);
    store.send(List.of(new Alert(Labels.EMPTY, Labels.EMPTY, 0, 0, ""), alert("A", 0, 0),
        alert("B", 0, T0 + 10)));
    assertThat(store.invalid()).isEqualTo(1);
    assertThat(seen).extracting(AmAlert::alertname).containsExactly("A", "B");
    assertThat(store.received(false)).isEqualTo(2);
    assertThat(store.gc()).isZero();
    now.addAndGet(10);
    assertThat(store.gc()).isEqualTo(1);
    assertThat(store.list()).extracting(AmAlert::alertname).containsExactly("A");
    now.addAndGet(RESOLVE);
    assertThat(store.gc()).isEqualTo(1);
    assertThat(store.size()).isZero();
  }
}
