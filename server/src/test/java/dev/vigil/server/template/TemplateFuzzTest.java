package dev.vigil.server.template;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.vigil.server.model.Labels;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Timeout;

/**
 * Fuzzes the template engine the way users reach it: an alerting rule's label or annotation
 * template (Prometheus's functions, {@code query} answering fixed samples) and a notification
 * template (Alertmanager's functions and data). Each is parsed and executed against fixed data.
 * Allowed out: a {@link TemplateException}, parse and execution errors alike; the engine bounds
 * depth, output and steps, so a hang or an out-of-memory is a finding too.
 *
 * <p>Without {@code JAZZER_FUZZ} the seeds under {@code TemplateFuzzTestInputs/} run as ordinary
 * tests; see docs/fuzzing.md for the fuzzing runs.
 */
class TemplateFuzzTest {
  private static final int MAX_INPUT = 4096;
  private static final long EVAL_TIME = 1_764_115_200_000L;
  private static final Clock CLOCK = Clock.fixed(Instant.ofEpochMilli(EVAL_TIME), ZoneOffset.UTC);

  private final PrometheusTemplates prometheus = new PrometheusTemplates((expr, t) -> List.of(
      new PrometheusTemplates.QuerySample(Labels.of("__name__", "up", "job", "node"), 1),
      new PrometheusTemplates.QuerySample(Labels.of("__name__", "up", "job", "db"), 0.25)),
      "http://vigil.example:9090/prefix", null);
  private final FuncMap alertmanagerFuncs = AlertmanagerTemplates.funcs(CLOCK);
  private final Object alertmanagerData =
      AlertmanagerTemplates.data(AlertmanagerTemplatesTest.sample());

  @FuzzTest(maxDuration = "10s")
  @Timeout(30)
  void alertTemplate(byte[] data) {
    if (data.length > MAX_INPUT) {
      return;
    }
    try {
      prometheus.expandAlert("__alert_Fuzz", new String(data, StandardCharsets.UTF_8),
          Labels.of("instance", "a:9100", "job", "node", "severity", "page"),
          Labels.of("cluster", "eu1"), 0.75, EVAL_TIME);
    } catch (TemplateException expected) {
      // The documented outcome for a bad template.
    }
  }

  @FuzzTest(maxDuration = "10s")
  @Timeout(30)
  void notificationTemplate(byte[] data) {
    if (data.length > MAX_INPUT) {
      return;
    }
    try {
      GoTemplate.parse("fuzz", new String(data, StandardCharsets.UTF_8), alertmanagerFuncs)
          .missingKeyZero(true).execute(alertmanagerData);
    } catch (TemplateException expected) {
      // The documented outcome for a bad template.
    }
  }
}
