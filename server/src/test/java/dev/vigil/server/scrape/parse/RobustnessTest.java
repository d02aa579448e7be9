package dev.vigil.server.scrape.parse;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Scrape bodies are untrusted input: whatever the bytes, a parser either parses or throws
 * ParseException — never another exception, never a hang. Mutates known inputs at random
 * (fixed seed, so failures reproduce) and checks number parsing against the JDK.
 */
class RobustnessTest {
  private static final String TEXT = "# HELP a Help \\n text\n# TYPE a counter\n"
      + "a_total{b=\"c\\\"d\",e=\"☃\"} 1.5e3 1700000000000\n{\"x.y\",\"z\"=\"1\"} NaN\n"
      + "# TYPE h histogram\nh_bucket{le=\"1\"} 1\nh_bucket{le=\"+Inf\"} 2\nh_sum 3\nh_count 2\n";
  private static final String OM = "# TYPE a counter\n# UNIT a \n# HELP a h\\\"\n"
      + "a_total{b=\"c\"} 1 2.5 # {t=\"x\"} 1 3\na_created 1\n# TYPE h histogram\n"
      + "h_bucket{le=\"1\"} 1\nh_bucket{le=\"+Inf\"} 2\nh_sum 3\nh_count 2\n"
      + "# TYPE s stateset\ns{s=\"a\"} 1\n# TYPE i info\ni_info{v=\"1\"} 1\n# EOF\n";
  private static final byte[] INTERESTING = "{}\",=# \n\\.+-eE0123456789InfNaN_:\r\t\u00ff"
      .getBytes(StandardCharsets.ISO_8859_1);

  @Test
  void mutatedInputsOnlyEverThrowParseException() throws IOException {
    List<byte[]> seeds = new ArrayList<>();
    seeds.add(TEXT.getBytes(StandardCharsets.UTF_8));
    seeds.add(OM.getBytes(StandardCharsets.UTF_8));
    Path conformance = Path.of("").toAbsolutePath().getParent().resolveSibling("shared")
        .resolve("conformance/openmetrics");
    if (Files.isDirectory(conformance)) {
      try (Stream<Path> s = Files.list(conformance)) {
        for (Path d : s.sorted().toList()) {
          if (Files.isRegularFile(d.resolve("metrics"))) {
            seeds.add(Files.readAllBytes(d.resolve("metrics")));
          }
        }
      }
    }
    Random r = new Random(7);
    int parsed = 0;
    for (int round = 0; round < 20_000; round++) {
      byte[] in = mutate(seeds.get(r.nextInt(seeds.size())), r);
      parsed += run(new TextParser(in, in.length));
      parsed += run(new OpenMetricsParser(in, in.length));
    }
    assertThat(parsed).as("some mutants still parse").isPositive();
  }

  private static byte[] mutate(byte[] seed, Random r) {
    byte[] b = seed.clone();
    int n = 1 + r.nextInt(3);
    for (int i = 0; i < n && b.length > 0; i++) {
      int at = r.nextInt(b.length);
      switch (r.nextInt(4)) {
        case 0 -> b[at] = INTERESTING[r.nextInt(INTERESTING.length)];
        case 1 -> b = java.util.Arrays.copyOf(b, at); // truncate
        case 2 -> { // insert
          byte[] c = new byte[b.length + 1];
          System.arraycopy(b, 0, c, 0, at);
          c[at] = INTERESTING[r.nextInt(INTERESTING.length)];
          System.arraycopy(b, at, c, at + 1, b.length - at);
          b = c;
        }
        default -> { // delete
          byte[] c = new byte[b.length - 1];
          System.arraycopy(b, 0, c, 0, at);
          System.arraycopy(b, at + 1, c, at, b.length - at - 1);
          b = c;
        }
      }
    }
    return b;
  }

  private static int run(ExpositionParser p) {
    dev.vigil.server.model.Labels.Builder lb = new dev.vigil.server.model.Labels.Builder();
    try {
      for (ExpositionParser.Entry e; (e = p.next()) != null; ) {
        switch (e) {
          case SERIES -> {
            p.labels(lb);
            if (p.hasExemplar()) {
              p.exemplarLabels(lb);
            }
          }
          case HELP -> p.help();
          case UNIT -> p.unit();
          case COMMENT -> p.comment();
          default -> p.metadataName();
        }
      }
      return 1;
    } catch (ParseException expected) {
      return 0;
    }
  }

  @Test
  void numbersMatchTheJdk() {
    Random r = new Random(11);
    for (int i = 0; i < 1_000_000; i++) {
      String s = switch (i % 6) {
        case 0 -> Double.toString(Double.longBitsToDouble(r.nextLong()));
        case 1 -> Double.toString(r.nextDouble() * Math.pow(10, r.nextInt(40) - 20));
        case 2 -> Long.toString(r.nextLong());
        case 3 -> (r.nextInt(1000000) + "." + r.nextInt(1000000) + "e" + (r.nextInt(60) - 30));
        case 4 -> String.format(java.util.Locale.ROOT, "%.6e", r.nextDouble() * 1e12);
        default -> "0." + "0".repeat(r.nextInt(25)) + r.nextInt(1 << 30);
      };
      if (i % 7 == 0) { // 16 to 19 significant digits, the range of Numbers.wide
        long m = (r.nextLong() >>> 1) % 10_000_000_000_000_000L;
        int e = r.nextInt(50) - 25;
        s = m + "e" + e;
        if (i % 21 == 0) { // halfway between two doubles
          s = new java.math.BigDecimal(r.nextDouble() * Math.pow(10, r.nextInt(30) - 15))
              .add(new java.math.BigDecimal(Math.ulp(1.0) / 2)).toString();
        }
      }
      if (s.contains("Infinity") || s.contains("NaN")) {
        continue;
      }
      byte[] b = s.getBytes(StandardCharsets.US_ASCII);
      if (s.contains("E")) {
        b = s.replace("E", "e").getBytes(StandardCharsets.US_ASCII);
      }
      double got = Numbers.parse(b, 0, b.length, true);
      double want = Double.parseDouble(s);
      if (Double.isInfinite(want)) {
        assertThat(Numbers.failed(got)).as(s).isTrue();
      } else {
        assertThat(Double.doubleToLongBits(got)).as(s).isEqualTo(Double.doubleToLongBits(want));
      }
    }
  }
}
