package dev.vigil.server.relabel;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vigil.server.config.Config;
import dev.vigil.server.config.ConfigLoader;
import dev.vigil.server.config.Durations;
import dev.vigil.server.config.ScrapeConfig;
import dev.vigil.server.model.Labels;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Relabelling results compared with what the real Prometheus 2.42 computed for the same config
 * (captured once from its /api/v1/targets; see the _comment in the JSON file). Every job in
 * prometheus-cases.yml is one case, so new cases are data, not code.
 */
class RelabelGoldenTest {
  private static final Path DIR = Path.of("src/test/resources/relabel");

  @Test
  void matchesPrometheus() throws Exception {
    Config config = ConfigLoader.load(DIR.resolve("prometheus-cases.yml"));
    JsonNode expected = new ObjectMapper()
        .readTree(DIR.resolve("prometheus-2.42-targets.json").toFile()).get("expected");
    assertThat(config.scrapeConfigs()).hasSize(expected.size());
    for (ScrapeConfig sc : config.scrapeConfigs()) {
      String target = sc.staticConfigs().get(0).targets().get(0);
      Labels.Builder b = sc.staticConfigs().get(0).labels().toBuilder()
          .set("__address__", target)
          .set("__metrics_path__", sc.metricsPath())
          .set("__scheme__", sc.scheme())
          .set("__scrape_interval__", Durations.format(sc.scrapeInterval()))
          .set("__scrape_timeout__", Durations.format(sc.scrapeTimeout()))
          .set("job", sc.jobName());
      Labels out = Relabeler.process(b.build(), sc.relabelConfigs());
      JsonNode want = expected.get(sc.jobName());
      assertThat(want).as(sc.jobName()).isNotNull();
      if (want.isNull()) {
        assertThat(out).as(sc.jobName()).isNull();
        continue;
      }
      assertThat(out).as(sc.jobName()).isNotNull();
      assertThat(targetLabels(out)).as(sc.jobName()).isEqualTo(toLabels(want));
    }
  }

  /** What the targets API shows: "__" labels removed, instance defaulting to the address. */
  private static Labels targetLabels(Labels relabelled) {
    Labels.Builder b = new Labels.Builder();
    for (int i = 0; i < relabelled.size(); i++) {
      if (!relabelled.name(i).startsWith("__")) {
        b.set(relabelled.name(i), relabelled.value(i));
      }
    }
    if (b.get("instance") == null) {
      b.set("instance", relabelled.get("__address__"));
    }
    return b.build();
  }

  private static Labels toLabels(JsonNode obj) {
    Labels.Builder b = new Labels.Builder();
    for (Iterator<Map.Entry<String, JsonNode>> it = obj.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      b.set(e.getKey(), e.getValue().asText());
    }
    return b.build();
  }
}
