package dev.vigil.server.scrape;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.server.model.Labels;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TargetBuilderTest {
  @Test
  void addsJobDefaultsAndBuildsTheUrlFromParamsAndRelabelledLabels() {
    TargetBuilder.Result r = TargetBuilder.build("snmp",
        Labels.of("__address__", "10.0.0.1:9116", "dc", "west"), "https", "probe",
        Map.of("module", List.of("if_mib", "other")), "30s", "10s",
        l -> l.toBuilder().set("__param_target", l.get("__address__")).build());
    Target t = r.target();
    assertThat(t.url()).isEqualTo(
        "https://10.0.0.1:9116/probe?module=if_mib&target=10.0.0.1%3A9116");
    assertThat(t.labels()).isEqualTo(Labels.of("dc", "west", "instance", "10.0.0.1:9116",
        "job", "snmp"));
    assertThat(t.discoveredLabels().get("__scrape_interval__")).isEqualTo("30s");
    assertThat(t.discoveredLabels().get("__param_module")).isEqualTo("if_mib");
  }

  @Test
  void droppedTargetsKeepTheirDiscoveredLabels() {
    TargetBuilder.Result r = TargetBuilder.build("j", Labels.of("__address__", "a:1"), "http",
        "/metrics", Map.of(), "1m", "10s", l -> null);
    assertThat(r.target()).isNull();
    assertThat(r.droppedReason()).isEqualTo("dropped by relabelling");
    assertThat(r.discovered().get("job")).isEqualTo("j");
    TargetBuilder.Result bad = TargetBuilder.build("j", Labels.of("__address__", "a:1/x"), "http",
        "/metrics", Map.of(), "1m", "10s", l -> l);
    assertThat(bad.droppedReason()).contains("contains a /");
  }
}
