package dev.vigil.client.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class RegistryTest {
  private static Collector gauge(String name, double v) {
    return new Collector() {
      @Override
      public MetricSnapshot<?> collect() {
        return new GaugeSnapshot(new MetricMetadata(name),
            List.of(new GaugeSnapshot.DataPoint(Labels.EMPTY, v)));
      }

      @Override
      public String getName() {
        return name;
      }
    };
  }

  @Test
  void rejectsDuplicateRegistrationAndAllowsItAfterUnregister() {
    Registry r = new Registry();
    Collector a = gauge("a", 1);
    r.register(a);
    assertThatThrownBy(() -> r.register(gauge("a", 2)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("duplicate registration: a metric named a is already registered");
    r.unregister(a);
    r.register(gauge("a", 3));
    assertThat(r.scrape().get(0).getDataPoints()).hasSize(1);
  }

  @Test
  void multiCollectorNamesAreClaimedAllOrNothing() {
    Registry r = new Registry();
    r.register(gauge("b", 1));
    MultiCollector mc = new MultiCollector() {
      @Override
      public MetricSnapshots collect() {
        return MetricSnapshots.EMPTY;
      }

      @Override
      public List<String> getNames() {
        return List.of("a", "b");
      }
    };
    assertThatThrownBy(() -> r.register(mc)).hasMessageContaining("named b");
    r.register(gauge("a", 1)); // "a" was released again
  }

  @Test
  void scrapeIsSortedAndFilters() {
    Registry r = new Registry();
    r.register(gauge("zeta", 1));
    r.register(gauge("alpha", 2));
    assertThat(r.scrape()).extracting(MetricSnapshot::getName).containsExactly("alpha", "zeta");
    assertThat(r.scrape(NameFilter.of(List.of("zeta")))).extracting(MetricSnapshot::getName)
        .containsExactly("zeta");
    assertThat(NameFilter.of(List.of("http_requests_total")).test("http_requests")).isTrue();
    assertThat(NameFilter.of(List.of("http_requests_total")).test("http")).isFalse();
  }

  @Test
  void labelsAreSortedValidatedAndCompared() {
    Labels l = Labels.of("b", "2", "a", "1");
    assertThat(l.getName(0)).isEqualTo("a");
    assertThat(l).isEqualTo(Labels.of("a", "1", "b", "2")).hasSameHashCodeAs(Labels.of("a", "1", "b", "2"));
    assertThatThrownBy(() -> Labels.of("a", "1", "a", "2")).hasMessage("duplicate label name a");
    assertThatThrownBy(() -> Labels.of("a")).hasMessageContaining("odd number");
    assertThat(Labels.of("a", "1").compareTo(Labels.of("a", "2"))).isNegative();
  }

  @Test
  void snapshotsRejectDuplicates() {
    assertThatThrownBy(() -> new GaugeSnapshot(new MetricMetadata("g"), List.of(
        new GaugeSnapshot.DataPoint(Labels.of("a", "1"), 1),
        new GaugeSnapshot.DataPoint(Labels.of("a", "1"), 2))))
        .hasMessage("g: two data points with labels {a=\"1\"}");
    assertThatThrownBy(() -> new MetricMetadata("x_bytes", null, Unit.SECONDS))
        .hasMessage("metric x_bytes has unit seconds, so its name must end with _seconds");
  }
}
