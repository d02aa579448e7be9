package dev.vigil.server.promql.parser;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.abort;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The queries of every {@code eval} command in the shared PromQL conformance scripts. The
 * scripts are read in place (never copied); without them the tests skip, except under CI=true.
 */
final class ConformanceQueries {
  private static final Pattern EVAL = Pattern.compile(
      "^(eval(?:_fail|_warn|_info|_ordered)?)\\s+(?:instant\\s+at\\s+\\S+|range\\s+from\\s+\\S+"
          + "\\s+to\\s+\\S+\\s+step\\s+\\S+)\\s+(.*)$");

  /** A query, where it comes from, and whether the script expects it to fail. */
  record Query(String file, int line, String text, boolean mayFail) {
    @Override
    public String toString() {
      return file + ":" + line + " " + text;
    }
  }

  private ConformanceQueries() {}

  static List<Query> load() throws IOException {
    Path dir = require("conformance/promql");
    List<Query> out = new ArrayList<>();
    List<Path> files;
    try (Stream<Path> s = Files.list(dir)) {
      files = s.filter(p -> p.toString().endsWith(".test")).sorted().toList();
    }
    for (Path f : files) {
      List<String> lines = Files.readAllLines(f);
      for (int i = 0; i < lines.size(); i++) {
        Matcher m = EVAL.matcher(lines.get(i).strip());
        if (!m.matches()) {
          continue;
        }
        boolean mayFail = m.group(1).equals("eval_fail");
        for (int j = i + 1; j < lines.size() && !lines.get(j).isBlank(); j++) {
          String l = lines.get(j).strip();
          if (l.startsWith("expect fail") || l.startsWith("expected_fail")) {
            mayFail = true;
          }
          if (l.startsWith("eval") || l.startsWith("load") || l.startsWith("clear")) {
            break;
          }
        }
        out.add(new Query(f.getFileName().toString(), i + 1, m.group(2), mayFail));
      }
    }
    return out;
  }

  /** A directory under the shared folder; skips the test when absent, fails under CI=true. */
  static Path require(String relative) {
    String env = System.getenv("VIGIL_SHARED_DIR");
    Path[] candidates = {
      env == null || env.isEmpty() ? null : Path.of(env),
      Path.of("").toAbsolutePath().getParent().resolveSibling("shared"),
    };
    for (Path c : candidates) {
      if (c != null && Files.isDirectory(c.resolve(relative))) {
        return c.resolve(relative);
      }
    }
    String msg = relative + " not found under $VIGIL_SHARED_DIR (" + env + ") or " + candidates[1];
    if ("true".equals(System.getenv("CI"))) {
      fail(msg + " (CI=true: required)");
    }
    abort(msg + "; skipping");
    return null;
  }
}
