package dev.vigil.server.promql.script;

import java.util.List;

/**
 * The outcome of one script file.
 *
 * @param passed eval commands that passed
 * @param failed eval commands that failed
 * @param errors other failures: a syntax error (the file did not run) or a load that could not
 *     store its data (native histograms, rejected samples)
 * @param failures the report of every failure, in file order, each starting with file:line
 */
public record FileResult(String file, int passed, int failed, int errors, List<String> failures) {
  public FileResult {
    failures = List.copyOf(failures);
  }

  public boolean ok() {
    return failed == 0 && errors == 0;
  }
}
