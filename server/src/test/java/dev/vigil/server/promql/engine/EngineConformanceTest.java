package dev.vigil.server.promql.engine;

import dev.vigil.server.testing.SharedDir;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.server.promql.script.FileResult;
import dev.vigil.server.promql.script.Script;
import dev.vigil.server.promql.script.ScriptParser;
import dev.vigil.server.promql.script.ScriptRunner;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Runs the shared PromQL conformance scripts against the engine and holds each file to the
 * number of evals it passed when this was last raised, so a regression fails. Every eval passed
 * when this was last raised, native histogram ones included.
 */
class EngineConformanceTest {
  private static final Map<String, Integer> MIN_PASSED = Map.of(
      "aggregators.test", 160,
      "functions.test", 431,
      "literals.test", 25,
      "operators.test", 214,
      "range_queries.test", 18,
      "selectors.test", 31,
      "staleness.test", 17,
      "subquery.test", 34,
      "trig_functions.test", 19);

  @Test
  void conformanceScriptsPassAtLeastAsOftenAsBefore() throws Exception {
    Path dir = SharedDir.require("conformance/promql");
    StringWriter report = new StringWriter();
    ScriptRunner runner = new ScriptRunner(Engine::new, new PrintWriter(report));
    StringBuilder figures = new StringBuilder();
    int passed = 0;
    int total = 0;
    for (Map.Entry<String, Integer> e : new java.util.TreeMap<>(MIN_PASSED).entrySet()) {
      Path f = dir.resolve(e.getKey());
      if (!Files.exists(f)) {
        continue;
      }
      Script script = ScriptParser.parse(e.getKey(), Files.readString(f));
      FileResult r = runner.run(script);
      figures.append(String.format("%-20s %4d of %4d passed (minimum %d)%n", e.getKey(),
          r.passed(), r.passed() + r.failed(), e.getValue()));
      passed += r.passed();
      total += r.passed() + r.failed();
      assertThat(r.passed()).as("%s passes; failures:%n%s", e.getKey(), report)
          .isGreaterThanOrEqualTo(e.getValue());
    }
    System.out.print(figures);
    System.out.printf("all files: %d of %d passed%n", passed, total);
  }
}
