package dev.vigil.client.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.client.model.CounterSnapshot;
import dev.vigil.client.model.Exemplar;
import dev.vigil.client.model.Labels;
import dev.vigil.client.model.Unit;
import org.junit.jupiter.api.Test;

class CounterTest {
  @Test
  void countsWholeAndFractionalIncrements() {
    Counter c = Counter.builder().name("jobs").help("Jobs.").build();
    c.inc();
    c.inc(2);
    c.inc(0.5);
    c.labelValues().inc(3L);
    assertThat(c.get()).isEqualTo(6.5);
  }

  @Test
  void rejectsNegativeAndNaNIncrements() {
    Counter c = Counter.builder().name("jobs").build();
    assertThatThrownBy(() -> c.inc(-1)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("can only go up").hasMessageContaining("negative");
    assertThatThrownBy(() -> c.inc(Double.NaN)).hasMessageContaining("NaN");
    assertThat(c.get()).isZero();
  }

  @Test
  void stripsTotalSuffixAndAppendsUnit() {
    assertThat(Counter.builder().name("requests_total").build().getName()).isEqualTo("requests");
    assertThat(Counter.builder().name("cpu").unit(Unit.SECONDS).build().getName())
        .isEqualTo("cpu_seconds");
    assertThat(Counter.builder().name("cpu_seconds").unit(Unit.SECONDS).build().getName())
        .isEqualTo("cpu_seconds");
  }

  @Test
  void labelledChildrenAreCachedAndExposedSorted() {
    Counter c = Counter.builder().name("http_requests").labelNames("status", "method")
        .constLabels(Labels.of("app", "shop")).build();
    Counter.Child ok = c.labelValues("200", "GET");
    assertThat(c.labelValues("200", "GET")).isSameAs(ok);
    ok.inc();
    c.labelValues("500", "POST").inc(2);
    CounterSnapshot s = c.collect();
    assertThat(s.getDataPoints()).extracting(p -> p.getLabels().toString()).containsExactly(
        "{app=\"shop\",method=\"GET\",status=\"200\"}",
        "{app=\"shop\",method=\"POST\",status=\"500\"}");
    assertThat(s.getDataPoints()).extracting(CounterSnapshot.DataPoint::getValue)
        .containsExactly(1.0, 2.0);
    assertThat(s.getDataPoints().get(0).hasCreatedTimestamp()).isTrue();
  }

  @Test
  void fixedArityLookupsFindTheSameChildAsVarargs() {
    Counter one = Counter.builder().name("one").labelNames("a").build();
    assertThat(one.labelValues("x")).isSameAs(one.labelValues(new String[] {"x"}));
    Counter two = Counter.builder().name("two").labelNames("a", "b").build();
    assertThat(two.labelValues("x", "y")).isSameAs(two.labelValues(new String[] {"x", "y"}))
        .isNotSameAs(two.labelValues("y", "x"));
    Counter three = Counter.builder().name("three").labelNames("a", "b", "c").build();
    assertThat(three.labelValues("x", "y", "z"))
        .isSameAs(three.labelValues(new String[] {"x", "y", "z"}));
    assertThatThrownBy(() -> two.labelValues("x")).hasMessageContaining("got 1 label value(s)");
    assertThatThrownBy(() -> one.labelValues((String) null)).hasMessageContaining("is null");
  }

  @Test
  void removeAndClearDropChildren() {
    Counter c = Counter.builder().name("x").labelNames("k").build();
    for (int i = 0; i < 100; i++) {
      c.labelValues("v" + i).inc();
    }
    c.remove("v7");
    assertThat(c.collect().getDataPoints()).hasSize(99);
    for (int i = 0; i < 100; i++) {
      if (i != 7) {
        assertThat(c.labelValues("v" + i).get()).isEqualTo(1);
      }
    }
    c.clear();
    assertThat(c.collect().getDataPoints()).isEmpty();
  }

  @Test
  void wrongLabelValuesAreRejected() {
    Counter c = Counter.builder().name("x").labelNames("a", "b").build();
    assertThatThrownBy(() -> c.labelValues("1")).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("x has 2 label name(s) [a, b] but got 1 label value(s)");
    assertThatThrownBy(() -> c.labelValues("1", null)).hasMessageContaining("label value for b is null");
    assertThatThrownBy(c::inc).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("use labelValues");
  }

  @Test
  void exemplarSamplerKeepsTraceOfAnIncrement() {
    SpanContextSupplier spans = new SpanContextSupplier() {
      @Override
      public String getTraceId() {
        return "abc123";
      }

      @Override
      public String getSpanId() {
        return "def";
      }
    };
    Counter c = Counter.builder().name("x")
        .exemplarSampler(ExemplarSampler.traceBased(spans, 60_000)).build();
    c.inc(2);
    Exemplar first = c.collect().getDataPoints().get(0).getExemplar();
    assertThat(first.getLabels()).isEqualTo(Labels.of("trace_id", "abc123", "span_id", "def"));
    assertThat(first.getValue()).isEqualTo(2);
    c.inc(5);
    // Within the minimum interval the first exemplar is kept.
    assertThat(c.collect().getDataPoints().get(0).getExemplar()).isSameAs(first);
    c.incWithExemplar(1, Labels.of("trace_id", "zzz"));
    assertThat(c.collect().getDataPoints().get(0).getExemplar().getLabels().get("trace_id"))
        .isEqualTo("zzz");
  }
}
