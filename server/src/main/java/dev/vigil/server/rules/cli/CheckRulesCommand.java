package dev.vigil.server.rules.cli;

import dev.vigil.server.rules.CheckRules;
import dev.vigil.server.rules.TemplateFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code check rules [FILE...]}, as {@code promtool check rules}; exit 0, 1, or 3 (lint). */
@Command(name = "rules", mixinStandardHelpOptions = true,
    description = "Check if the rule files are valid or not.")
public final class CheckRulesCommand implements Callable<Integer> {
  private final TemplateFactory templates;

  @Option(names = "--lint", paramLabel = "LINT", defaultValue = "duplicate-rules",
      description = "Linting checks to apply. Available options are: all, duplicate-rules, none."
          + " (default: ${DEFAULT-VALUE})")
  String lint;

  @Option(names = "--lint-fatal", description = "Make lint errors exit with exit code 3.")
  boolean lintFatal;

  @Option(names = "--ignore-unknown-fields",
      description = "Ignore unknown fields in the rule files.")
  boolean ignoreUnknownFields;

  @Parameters(arity = "0..*", paramLabel = "FILE",
      description = "The rule files to check, default is read from standard input.")
  List<Path> files = new ArrayList<>();

  /** With the build's template engine. */
  public CheckRulesCommand(TemplateFactory templates) {
    this.templates = templates;
  }

  /** With Prometheus's templates. */
  public CheckRulesCommand() {
    this(TemplateFactory.PROMETHEUS);
  }

  @Override
  public Integer call() {
    boolean duplicates = false;
    for (String l : lint.split(",")) {
      switch (l.trim()) {
        case "all", "duplicate-rules" -> duplicates = true;
        case "none" -> { }
        default -> {
          System.err.println("check rules: unknown --lint option \"" + l + "\"");
          return 1;
        }
      }
    }
    for (Path f : files) {
      if (!f.toFile().exists()) {
        System.err.println("check rules: path '" + f + "' does not exist");
        return 1;
      }
    }
    return CheckRules.run(files, System.in, duplicates, lintFatal, ignoreUnknownFields,
        templates, System.out, System.err);
  }
}
