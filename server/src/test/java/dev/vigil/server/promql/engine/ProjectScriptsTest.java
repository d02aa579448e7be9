package dev.vigil.server.promql.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.server.promql.script.FileResult;
import dev.vigil.server.promql.script.Script;
import dev.vigil.server.promql.script.ScriptParser;
import dev.vigil.server.promql.script.ScriptRunner;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The project's own PromQL test scripts (src/test/resources/promql/scripts), for behaviour the
 * shared conformance suite does not cover: every eval must pass.
 */
class ProjectScriptsTest {
  @ParameterizedTest
  @ValueSource(strings = {"native_histograms.test"})
  void everyEvalPasses(String name) throws Exception {
    String text;
    try (InputStream in = getClass().getResourceAsStream("/promql/scripts/" + name)) {
      assertThat(in).as(name).isNotNull();
      text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    StringWriter report = new StringWriter();
    Script script = ScriptParser.parse(name, text);
    FileResult r = new ScriptRunner(Engine::new, new PrintWriter(report)).run(script);
    assertThat(r.failed() + r.errors()).as("failures:%n%s", report).isZero();
    assertThat(r.passed()).isEqualTo(script.evalCount());
  }
}
