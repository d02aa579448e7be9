package dev.vigil.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.server.promql.engine.EngineOptions;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The {@code --query.*} flags: Prometheus's names and defaults, bad values refused. */
class QueryFlagsTest {

  private static EngineOptions parse(String... args) {
    CommandLine cl = Main.commandLine();
    cl.parseArgs(args);
    return ((Main) cl.getCommand()).queryOptions();
  }

  @Test
  void defaultsAreLikePrometheus() {
    EngineOptions o = parse();
    assertThat(o.timeout()).isEqualTo(Duration.ofMinutes(2));
    assertThat(o.maxSamples()).isEqualTo(50_000_000L);
    assertThat(o.maxConcurrency()).isEqualTo(20);
    assertThat(o.lookbackDelta()).isEqualTo(Duration.ofMinutes(5));
  }

  @Test
  void flagsSetTheEngine() {
    EngineOptions o = parse("--query.timeout=30s", "--query.max-samples=1000",
        "--query.max-concurrency", "4", "--query.lookback-delta=1m30s");
    assertThat(o.timeout()).isEqualTo(Duration.ofSeconds(30));
    assertThat(o.maxSamples()).isEqualTo(1000);
    assertThat(o.maxConcurrency()).isEqualTo(4);
    assertThat(o.lookbackDelta()).isEqualTo(Duration.ofSeconds(90));
  }

  @Test
  void queryUsageErrorsExitWithOneAsPromtool() {
    CommandLine cl = Main.commandLine();
    cl.setErr(new java.io.PrintWriter(new java.io.StringWriter()));
    assertThat(cl.execute("query", "instant")).isEqualTo(1);
    assertThat(Main.commandLine().execute("query", "range", "--bogus", "http://x", "up"))
        .isEqualTo(1);
    CommandLine other = Main.commandLine();
    other.setErr(new java.io.PrintWriter(new java.io.StringWriter()));
    assertThat(other.execute("check", "config")).isEqualTo(2);
  }

  @Test
  void badValuesAreUsageErrors() {
    assertThatThrownBy(() -> parse("--query.timeout=soon"))
        .isInstanceOf(CommandLine.ParameterException.class).hasMessageContaining("--query.");
    assertThatThrownBy(() -> parse("--query.max-concurrency=0"))
        .isInstanceOf(CommandLine.ParameterException.class)
        .hasMessageContaining("max concurrency must be at least 1");
    assertThatThrownBy(() -> parse("--query.lookback-delta=0"))
        .isInstanceOf(CommandLine.ParameterException.class)
        .hasMessageContaining("lookback delta must be positive");
  }
}
