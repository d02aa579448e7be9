package dev.vigil.server.promql.script;

import dev.vigil.server.testing.SharedDir;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.server.promql.engine.QueryEngine;
import dev.vigil.server.promql.engine.QueryOptions;
import dev.vigil.server.promql.engine.QueryException;
import dev.vigil.server.promql.engine.QueryResult;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every script of the shared PromQL conformance suite parses and runs through: the runner
 * understands all the syntax the suite uses. Passing them needs the engine; that is the engine's
 * test.
 */
class ConformanceScriptsTest {
  @Test
  void everyConformanceScriptParses() throws IOException {
    Path dir = SharedDir.require("conformance/promql");
    List<Path> files;
    try (Stream<Path> s = Files.list(dir)) {
      files = s.filter(p -> p.toString().endsWith(".test")).sorted().toList();
    }
    assertThat(files).as("scripts in %s", dir).isNotEmpty();
    List<String> errors = new ArrayList<>();
    int evals = 0;
    for (Path f : files) {
      try {
        evals += ScriptParser.parse(f.getFileName().toString(), Files.readString(f)).evalCount();
      } catch (ScriptSyntaxException e) {
        errors.add(e.getMessage());
      }
    }
    assertThat(errors).isEmpty();
    assertThat(evals).isGreaterThan(files.size());
  }

  /**
   * Runs every script against an engine that fails each query: the runner must get through all
   * of them (one failure per eval, nothing thrown), and every load must store all its samples,
   * native histograms included: no load errors.
   */
  @Test
  void everyConformanceScriptRunsToTheEndWithoutAnEngine() throws Exception {
    Path dir = SharedDir.require("conformance/promql");
    List<Path> files;
    try (Stream<Path> s = Files.list(dir)) {
      files = s.filter(p -> p.toString().endsWith(".test")).sorted().toList();
    }
    QueryEngine none = new QueryEngine() {
      @Override
      public QueryResult instant(String query, long timeMs, QueryOptions options) {
        throw QueryException.execution("no engine in this test");
      }

      @Override
      public QueryResult range(String query, long startMs, long endMs, long stepMs,
          QueryOptions options) {
        throw QueryException.execution("no engine in this test");
      }
    };
    ScriptRunner runner = new ScriptRunner(q -> none, new PrintWriter(new StringWriter()));
    for (Path f : files) {
      Script script = ScriptParser.parse(f.getFileName().toString(), Files.readString(f));
      FileResult r = runner.run(script);
      assertThat(r.passed() + r.failed()).as(f.toString()).isEqualTo(script.evalCount());
      List<String> loadErrors = r.failures().stream().filter(t -> t.contains(": load ")).toList();
      assertThat(loadErrors).hasSize(r.errors());
      assertThat(loadErrors).as(f.toString()).isEmpty();
    }
  }
}
