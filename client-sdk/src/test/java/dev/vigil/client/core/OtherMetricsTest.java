package dev.vigil.client.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.client.model.GaugeSnapshot;
import dev.vigil.client.model.Labels;
import dev.vigil.client.model.StateSetSnapshot;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class OtherMetricsTest {
  enum Phase { STARTING, RUNNING, STOPPING }

  @Test
  void gaugeGoesUpAndDown() {
    Gauge g = Gauge.builder().name("in_flight").build();
    g.inc();
    g.inc(2.5);
    g.dec();
    assertThat(g.get()).isEqualTo(2.5);
    g.set(-7);
    assertThat(g.get()).isEqualTo(-7);
    g.setToCurrentTime();
    assertThat(g.get()).isGreaterThan(1.7e9);
  }

  @Test
  void infoKeepsLabelSets() {
    Info i = Info.builder().name("build_info").labelNames("version").build();
    assertThat(i.getName()).isEqualTo("build");
    i.set("1.0");
    i.set("1.1");
    assertThat(i.collect().getDataPoints()).extracting(p -> p.getLabels().get("version"))
        .containsExactly("1.1");
    assertThatThrownBy(() -> Info.builder().name("x").unit(dev.vigil.client.model.Unit.BYTES).build())
        .hasMessageContaining("no unit");
  }

  @Test
  void stateSetFromEnum() {
    StateSet s = StateSet.builder().name("phase").states(Phase.class).build();
    s.set(Phase.RUNNING);
    StateSetSnapshot.DataPoint p = s.collect().getDataPoints().get(0);
    assertThat(p.size()).isEqualTo(3);
    assertThat(p.isEnabled(0)).isFalse();
    assertThat(p.isEnabled(1)).isTrue();
    assertThatThrownBy(() -> s.setTrue("FLYING")).hasMessageContaining("unknown state FLYING");
    assertThatThrownBy(() -> StateSet.builder().name("phase").labelNames("phase").states("a").build())
        .hasMessageContaining("reserved");
    assertThatThrownBy(() -> StateSet.builder().states("a", "a")).hasMessage("duplicate state a");
  }

  @Test
  void callbackGaugeReadsAtScrapeTime() {
    AtomicInteger queue = new AtomicInteger(3);
    GaugeWithCallback g = GaugeWithCallback.builder().name("queue_size").value(queue::get).build();
    assertThat(g.collect().getDataPoints().get(0).getValue()).isEqualTo(3);
    queue.set(9);
    assertThat(g.collect().getDataPoints().get(0).getValue()).isEqualTo(9);
  }

  @Test
  void labelledCallbacks() {
    GaugeWithCallback g = GaugeWithCallback.builder().name("pool_active").labelNames("pool")
        .callback(cb -> {
          cb.call(1, "a");
          cb.call(2, "b");
        }).build();
    GaugeSnapshot s = g.collect();
    assertThat(s.getDataPoints()).extracting(GaugeSnapshot.DataPoint::getLabels)
        .containsExactly(Labels.of("pool", "a"), Labels.of("pool", "b"));
    CounterWithCallback c = CounterWithCallback.builder().name("gc_total").value(() -> 4).build();
    assertThat(c.getName()).isEqualTo("gc");
    assertThat(c.collect().getDataPoints().get(0).getValue()).isEqualTo(4);
    GaugeWithCallback bad = GaugeWithCallback.builder().name("bad").labelNames("x")
        .callback(cb -> cb.call(1)).build();
    assertThatThrownBy(bad::collect).hasMessageContaining("1 label name(s) [x] but got 0");
    assertThatThrownBy(() -> GaugeWithCallback.builder().name("none").build())
        .hasMessageContaining("needs a value(...) or callback(...)");
  }

  @Test
  void namesAreValidated() {
    assertThatThrownBy(() -> Gauge.builder().name("1bad").build())
        .hasMessage("invalid metric name \"1bad\": character '1' at position 0 "
            + "(allowed: [a-zA-Z_:][a-zA-Z0-9_:]*)");
    assertThatThrownBy(() -> Gauge.builder().name("ok").labelNames("__x").build())
        .hasMessageContaining("reserved for internal use");
    assertThatThrownBy(() -> Gauge.builder().name("ok").labelNames("a-b").build())
        .hasMessageContaining("invalid label name \"a-b\"");
    assertThatThrownBy(() -> Gauge.builder().name("ok").labelNames("a", "a").build())
        .hasMessage("ok: duplicate label name a");
    assertThatThrownBy(() -> Gauge.builder().name("x_created").build())
        .hasMessageContaining("suffix _created");
    assertThatThrownBy(() -> Gauge.builder().build()).hasMessageContaining("needs a name");
  }
}
