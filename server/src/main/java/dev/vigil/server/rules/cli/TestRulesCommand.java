package dev.vigil.server.rules.cli;

import dev.vigil.server.rules.RuleUnitTests;
import dev.vigil.server.rules.TemplateFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code test rules FILE...}, as {@code promtool test rules}; exit 0 when all pass, else 1. */
@Command(name = "rules", mixinStandardHelpOptions = true, description = "Unit tests for rules.")
public final class TestRulesCommand implements Callable<Integer> {
  private final TemplateFactory templates;

  @Option(names = "--run", paramLabel = "REGEX",
      description = "If set, will only run test groups whose names match the regular expression."
          + " Can be specified multiple times.")
  List<String> run = new ArrayList<>();

  @Option(names = "--ignore-unknown-fields",
      description = "Ignore unknown fields in the test files.")
  boolean ignoreUnknownFields;

  @Parameters(arity = "1..*", paramLabel = "FILE", description = "The unit test files.")
  List<Path> files;

  /** With the build's template engine. */
  public TestRulesCommand(TemplateFactory templates) {
    this.templates = templates;
  }

  /** With Prometheus's templates. */
  public TestRulesCommand() {
    this(TemplateFactory.PROMETHEUS);
  }

  @Override
  public Integer call() {
    return new RuleUnitTests(templates, ignoreUnknownFields, run).run(files, System.out,
        System.err);
  }
}
