package dev.vigil.server.tsdb.tools;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.server.model.Labels;
import dev.vigil.server.testing.ExternalTools;
import dev.vigil.server.tsdb.block.BlockMeta;
import dev.vigil.server.tsdb.block.BlockReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The same file backfilled by promtool and by Vigil: the same block ranges with the same sample
 * and chunk counts (chunks are cut the way Prometheus's head cuts them), and promtool's dump of its blocks holds exactly the samples Vigil's blocks hold.
 */
class PromtoolInteropTest {
  private static final Pattern DUMP = Pattern.compile("^\\{(.*)} (\\S+) (-?\\d+)$");

  @TempDir
  Path tmp;

  private static String run(Path dir, String... cmd) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true)
        .start();
    byte[] out = p.getInputStream().readAllBytes();
    assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
    String s = new String(out, StandardCharsets.UTF_8);
    assertThat(p.exitValue()).as(String.join(" ", cmd) + ": " + s).isZero();
    return s;
  }

  @Test
  void sameBlocksAndSamplesAsPromtool() throws Exception {
    Path promtool = ExternalTools.require("promtool", "prometheus");
    OmFile f = OmFile.generate(5 * 240);
    Path in = f.write(tmp);
    Path prom = tmp.resolve("prom");
    run(tmp, promtool.toString(), "tsdb", "create-blocks-from", "openmetrics", in.toString(),
        prom.toString());
    Backfill.Result vigil = new Backfill(in, tmp.resolve("vigil"),
        Backfill.DEFAULT_BLOCK_MILLIS, Labels.EMPTY, Progress.silent()).run();

    // promtool tsdb list: ULID, min time, max time, duration, samples, chunks, series, size.
    List<String> promBlocks = new ArrayList<>();
    for (String line : run(tmp, promtool.toString(), "tsdb", "list", prom.toString())
        .split("\n")) {
      String[] c = line.trim().split("\\s+");
      if (c.length >= 7 && c[1].matches("\\d+")) {
        promBlocks.add(c[1] + ".." + c[2] + " samples=" + c[4] + " chunks=" + c[5]
            + " series=" + c[6]);
      }
    }
    List<String> vigilBlocks = new ArrayList<>();
    for (BlockMeta m : vigil.blocks()) {
      vigilBlocks.add(m.minTime() + ".." + m.maxTime() + " samples=" + m.stats().numSamples()
          + " chunks=" + m.stats().numChunks() + " series=" + m.stats().numSeries());
    }
    assertThat(vigilBlocks).isEqualTo(promBlocks).hasSizeGreaterThanOrEqualTo(3);

    // promtool's dump reads a data directory, which needs a WAL directory, even an empty one.
    Files.createDirectories(prom.resolve("wal"));
    List<String> dumped = new ArrayList<>();
    for (String line : run(tmp, promtool.toString(), "tsdb", "dump", prom.toString())
        .split("\n")) {
      Matcher m = DUMP.matcher(line);
      if (m.matches()) {
        // {__name__="a", b="c"} → {__name__=a, b=c}: the rendering BackfillTest.read uses.
        String labels = m.group(1).replaceAll("=\"((?:[^\"\\\\]|\\\\.)*)\"", "=$1")
            .replace("\\\"", "\"").replace("\\\\", "\\");
        dumped.add("{" + labels + "} " + m.group(3) + " " + Double.parseDouble(m.group(2)));
      }
    }
    List<String> ours = new ArrayList<>();
    for (BlockMeta m : vigil.blocks()) {
      try (BlockReader b = BlockReader.open(tmp.resolve("vigil").resolve(m.id()))) {
        ours.addAll(BackfillTest.read(b, Long.MIN_VALUE, Long.MAX_VALUE));
      }
    }
    dumped.sort(null);
    ours.sort(null);
    assertThat(dumped).hasSize((int) f.count);
    assertThat(ours).isEqualTo(dumped);
  }
}
