package dev.vigil.server.promql.script;

import dev.vigil.server.promql.engine.QueryEngine;
import dev.vigil.server.storage.Queryable;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.MalformedInputException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.Function;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code test promql FILE...}: runs PromQL test scripts, as {@code promtool test}'s sibling. */
@Command(name = "test", mixinStandardHelpOptions = true, description = "Unit testing.",
    subcommands = {TestCommand.Promql.class})
public final class TestCommand {
  private final Function<Queryable, QueryEngine> engines;

  /** The command with the build's engine ({@link ScriptRunner#defaultEngineFactory()}). */
  public TestCommand() {
    this(ScriptRunner.defaultEngineFactory());
  }

  /** The command with another engine; null means none is available. */
  public TestCommand(Function<Queryable, QueryEngine> engines) {
    this.engines = engines;
  }

  @Command(name = "promql", mixinStandardHelpOptions = true,
      description = "Run PromQL test scripts (the promqltest language: load, clear, eval)."
          + " Exit code 0 when every eval passes, 1 when any fails, 2 when a file cannot be read.")
  static final class Promql implements Callable<Integer> {
    @ParentCommand TestCommand parent;
    @Spec CommandSpec spec;

    @Parameters(arity = "1..*", paramLabel = "FILE", description = "Test scripts to run.")
    List<Path> files;

    @Option(names = "--no-range-mode",
        description = "Do not re-run instant queries as range queries to compare results.")
    boolean noRangeMode;

    @Override
    public Integer call() {
      PrintWriter out = spec.commandLine().getOut();
      PrintWriter err = spec.commandLine().getErr();
      List<Script> scripts = new ArrayList<>();
      List<FileResult> results = new ArrayList<>();
      ScriptRunner runner = new ScriptRunner(parent.engines, out, !noRangeMode);
      for (Path f : files) {
        String text;
        try {
          text = Files.readString(f);
        } catch (MalformedInputException e) {
          err.println("test promql: " + f + " is not UTF-8 text");
          return 2;
        } catch (IOException e) {
          err.println("test promql: cannot read " + f + ": " + e);
          return 2;
        }
        try {
          scripts.add(ScriptParser.parse(f.toString(), text));
        } catch (ScriptSyntaxException e) {
          results.add(runner.syntaxError(e, f.toString()));
        }
      }
      if (parent.engines == null) {
        err.println("test promql: no PromQL engine is available in this build, so no script"
            + " can run");
        return 1;
      }
      for (Script s : scripts) {
        results.add(runner.run(s));
      }
      int passed = 0;
      int failed = 0;
      boolean ok = true;
      for (FileResult r : results) {
        passed += r.passed();
        failed += r.failed();
        ok &= r.ok();
      }
      out.println(passed + " passed, " + failed + " failed");
      out.flush();
      return ok ? 0 : 1;
    }
  }
}
