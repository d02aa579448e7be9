package dev.vigil.benchmarks;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * Prints, for each format and library, the size of one {@link ScrapeBenchmark} scrape, its line
 * counts by kind, and a few sample lines, to check that the three libraries render the same
 * workload. Run: {@code java -cp benchmarks/target/benchmarks.jar dev.vigil.benchmarks.ScrapeOutput}.
 */
public final class ScrapeOutput {
  private ScrapeOutput() {}

  public static void main(String[] args) throws IOException {
    for (String format : new String[] {"text", "openmetrics"}) {
      ScrapeBenchmark b = new ScrapeBenchmark();
      b.format = format;
      b.setUp();
      for (String variant : new String[] {"vigil", "clientJava", "micrometer"}) {
        String body = new String(b.render(variant), StandardCharsets.UTF_8);
        String[] lines = body.split("\n");
        int comments = 0;
        int created = 0;
        for (String l : lines) {
          if (l.startsWith("#")) {
            comments++;
          } else if (l.contains("_created")) {
            created++;
          }
        }
        System.out.printf("%-11s %-10s %,9d bytes %,7d lines (%,d comment, %,d _created)%n",
            format, variant, body.getBytes(StandardCharsets.UTF_8).length, lines.length, comments,
            created);
        for (int i = 0; i < Math.min(6, lines.length); i++) {
          System.out.println("    " + lines[i]);
        }
      }
    }
  }
}
