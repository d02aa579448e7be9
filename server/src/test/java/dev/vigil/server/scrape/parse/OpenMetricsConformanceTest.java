package dev.vigil.server.scrape.parse;

import dev.vigil.server.testing.SharedDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vigil.server.model.Labels;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/** Runs every case of the OpenMetrics conformance suite (data, one dynamic test per case). */
class OpenMetricsConformanceTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TestFactory
  Stream<DynamicTest> cases() throws IOException {
    Path root = SharedDir.require("conformance/openmetrics");
    List<Path> dirs;
    try (Stream<Path> s = Files.list(root)) {
      dirs = s.filter(d -> Files.isRegularFile(d.resolve("test.json"))).sorted().toList();
    }
    assertThat(dirs).as("conformance cases in " + root).isNotEmpty();
    return dirs.stream().map(d -> DynamicTest.dynamicTest(d.getFileName().toString(),
        () -> run(d)));
  }

  private static void run(Path dir) throws IOException {
    JsonNode test = JSON.readTree(dir.resolve("test.json").toFile());
    byte[] input = Files.readAllBytes(dir.resolve(test.path("file").asText("metrics")));
    boolean shouldParse = test.path("shouldParse").asBoolean();
    try {
      int samples = parseAll(input);
      if (!shouldParse) {
        fail("accepted an invalid exposition (" + samples + " samples)"
            + comment(test) + ":\n" + new String(input, java.nio.charset.StandardCharsets.UTF_8));
      }
    } catch (ParseException e) {
      if (shouldParse) {
        fail("rejected a valid exposition" + comment(test) + ": " + e.getMessage());
      }
    }
  }

  private static String comment(JsonNode test) {
    return test.has("comment") ? " [" + test.get("comment").asText() + "]" : "";
  }

  /** Parses to the end, touching every accessor the scraper uses. */
  static int parseAll(byte[] input) throws ParseException {
    OpenMetricsParser p = new OpenMetricsParser(input, input.length);
    Labels.Builder b = new Labels.Builder();
    int samples = 0;
    for (ExpositionParser.Entry e; (e = p.next()) != null; ) {
      switch (e) {
        case SERIES -> {
          samples++;
          p.labels(b);
          assertThat(b.build().metricName()).isNotEmpty();
          if (p.hasExemplar()) {
            p.exemplarLabels(b);
          }
        }
        case HELP -> p.help();
        case UNIT -> p.unit();
        default -> p.metadataName();
      }
    }
    return samples;
  }
}
