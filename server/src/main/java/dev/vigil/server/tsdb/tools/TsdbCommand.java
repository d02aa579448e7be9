package dev.vigil.server.tsdb.tools;

import dev.vigil.server.config.Durations;
import dev.vigil.server.model.Labels;
import dev.vigil.server.tsdb.block.BlockMeta;
import dev.vigil.server.tsdb.block.BlockReader;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code tsdb ...}: offline tools for a data directory, named after promtool's. */
@Command(name = "tsdb", mixinStandardHelpOptions = true,
    description = "Run tsdb commands: backfill blocks, list and analyze them.",
    subcommands = {TsdbCommand.CreateBlocksFrom.class, TsdbCommand.Analyze.class,
        TsdbCommand.ListBlocks.class})
public final class TsdbCommand {

  @Command(name = "create-blocks-from", mixinStandardHelpOptions = true,
      description = "Import samples from input and produce blocks.",
      subcommands = {CreateBlocksFrom.OpenMetrics.class})
  static final class CreateBlocksFrom {

    @Command(name = "openmetrics", mixinStandardHelpOptions = true,
        description = "Import samples from an OpenMetrics file (every sample with a timestamp)"
            + " and write blocks aligned to the block duration.")
    static final class OpenMetrics implements Callable<Integer> {
    @Spec CommandSpec spec;

      @Parameters(index = "0", paramLabel = "FILE", description = "OpenMetrics input file.")
      Path input;

      @Parameters(index = "1", paramLabel = "DIR", defaultValue = "data/",
          description = "Output directory for the blocks (default: ${DEFAULT-VALUE}).")
      Path output;

      @Option(names = "--max-block-duration", paramLabel = "DURATION", defaultValue = "2h",
          description = "Time range of each block; blocks are aligned to multiples of it"
              + " (default: ${DEFAULT-VALUE}).")
      String maxBlockDuration;

      @Option(names = "--label", paramLabel = "NAME=VALUE",
          description = "Label to attach to every series; may be repeated.")
      List<String> labels = new ArrayList<>();

      @Option(names = {"-q", "--quiet"}, description = "Print neither progress nor blocks.")
      boolean quiet;

      @Override
      public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        long blockMillis;
        Labels.Builder extra = new Labels.Builder();
        try {
          blockMillis = Durations.parse(maxBlockDuration).toMillis();
          if (blockMillis <= 0) {
            throw new IllegalArgumentException("must be positive");
          }
          for (String l : labels) {
            int eq = l.indexOf('=');
            if (eq <= 0) {
              throw new IllegalArgumentException("--label \"" + l + "\" is not NAME=VALUE");
            }
            extra.set(l.substring(0, eq), l.substring(eq + 1));
          }
        } catch (IllegalArgumentException e) {
          err.println("error: " + e.getMessage());
          return 2;
        }
        Backfill.Result r;
        try {
          r = new Backfill(input, output, blockMillis, extra.build(),
              Progress.forTerminal(quiet)).run();
        } catch (BackfillException e) {
          err.println("error: " + e.getMessage());
          err.println("no blocks were written");
          return 1;
        } catch (IOException e) {
          err.println("error: " + e);
          return 1;
        }
        if (!quiet) {
          for (BlockMeta m : r.blocks()) {
            out.printf("BLOCK %s %s .. %s series=%d samples=%d%n", m.id(),
                Instant.ofEpochMilli(m.minTime()), Instant.ofEpochMilli(m.maxTime()),
                m.stats().numSeries(), m.stats().numSamples());
          }
          out.printf("%d blocks, %d series, %d samples%s written to %s%n", r.blocks().size(),
              r.series(), r.samples(), r.duplicates() == 0 ? ""
                  : " (" + r.duplicates() + " identical duplicates skipped)", output);
        }
        return 0;
      }
    }
  }

  @Command(name = "analyze", mixinStandardHelpOptions = true,
      description = "Analyze a block: sizes, cardinality and churn.")
  static final class Analyze implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Parameters(index = "0", paramLabel = "DIR", defaultValue = "data/",
        description = "Data directory (default: ${DEFAULT-VALUE}).")
    Path dir;

    @Parameters(index = "1", paramLabel = "BLOCK_ID", arity = "0..1",
        description = "Block to analyze (default: the newest).")
    String blockId;

    @Option(names = "--limit", defaultValue = "20",
        description = "How many items to show in each list (default: ${DEFAULT-VALUE}).")
    int limit;

    @Option(names = {"-q", "--quiet"}, description = "No progress on stderr.")
    boolean quiet;

    @Override
    public Integer call() {
      PrintWriter out = spec.commandLine().getOut();
      PrintWriter err = spec.commandLine().getErr();
      if (limit < 0) {
        err.println("error: --limit must not be negative");
        return 2;
      }
      List<BlockReader> blocks = openBlocks(dir, err);
      if (blocks == null) {
        return 1;
      }
      if (blocks.isEmpty()) {
        err.println("error: no blocks in " + dir);
        return 1;
      }
      BlockReader block = blocks.get(blocks.size() - 1);
      if (blockId != null) {
        block = blocks.stream().filter(b -> b.meta().id().equals(blockId)).findFirst()
            .orElse(null);
        if (block == null) {
          err.println("error: no block " + blockId + " in " + dir);
          return 1;
        }
      }
      BlockAnalysis.of(block, Progress.forTerminal(quiet)).print(out, limit);
      blocks.forEach(BlockReader::close);
      return 0;
    }
  }

  @Command(name = "list", mixinStandardHelpOptions = true,
      description = "List the blocks of a data directory.")
  static final class ListBlocks implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Parameters(index = "0", paramLabel = "DIR", defaultValue = "data/",
        description = "Data directory (default: ${DEFAULT-VALUE}).")
    Path dir;

    @Override
    public Integer call() {
      PrintWriter out = spec.commandLine().getOut();
      List<BlockReader> blocks = openBlocks(dir, spec.commandLine().getErr());
      if (blocks == null) {
        return 1;
      }
      out.printf("%-26s %-24s %-24s %10s %12s %10s %12s%n", "BLOCK ID", "MIN TIME",
          "MAX TIME", "DURATION", "SAMPLES", "SERIES", "BYTES");
      for (BlockReader b : blocks) {
        BlockMeta m = b.meta();
        out.printf("%-26s %-24s %-24s %10s %12d %10d %12d%n", m.id(),
            Instant.ofEpochMilli(m.minTime()), Instant.ofEpochMilli(m.maxTime()),
            BlockAnalysis.format(java.time.Duration.ofMillis(m.maxTime() - m.minTime())),
            m.stats().numSamples(), m.stats().numSeries(), BlockDirs.size(b.dir()));
        b.close();
      }
      return 0;
    }
  }

  /** The blocks of {@code dir}, or null after printing why they cannot be read. */
  static List<BlockReader> openBlocks(Path dir, PrintWriter err) {
    try {
      return BlockDirs.open(dir);
    } catch (IOException | RuntimeException e) {
      err.println("error: cannot read the blocks of " + dir + ": " + e.getMessage());
      return null;
    }
  }
}
