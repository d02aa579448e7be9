package dev.vigil.server.promql.parser;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** Every function that querying_functions.md documents is in the function table. */
class FunctionsDocTest {
  private static final Pattern NAME = Pattern.compile("`([a-z_][a-z0-9_]*)\\(");

  @Test
  void tableCoversTheDocumentation() throws IOException {
    Path doc = ConformanceQueries.require("reference/prometheus").resolve("querying_functions.md");
    Set<String> documented = new TreeSet<>();
    for (String line : Files.readAllLines(doc)) {
      if (line.startsWith("## ") || line.startsWith("* `")) {
        Matcher m = NAME.matcher(line);
        while (m.find()) {
          documented.add(m.group(1));
        }
      }
    }
    assertThat(documented).hasSizeGreaterThan(80).contains("histogram_sum", "tanh");
    assertThat(documented).allSatisfy(n -> assertThat(Functions.get(n)).as(n).isNotNull());
  }
}
