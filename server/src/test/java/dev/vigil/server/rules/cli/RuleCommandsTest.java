package dev.vigil.server.rules.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.server.rules.RuleOptions;
import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** The picocli commands as the server's command line will run them: arguments to exit code. */
class RuleCommandsTest {
  private static final String RULES = "src/test/resources/rules/";

  static Stream<Arguments> exitCodes() {
    return Stream.of(
        Arguments.of("check", RULES + "check/good.yml", 0),
        Arguments.of("check", RULES + "check/duplicates.yml", 0),
        Arguments.of("check", "--lint-fatal " + RULES + "check/duplicates.yml", 3),
        Arguments.of("check", "--lint=none --lint-fatal " + RULES + "check/duplicates.yml", 0),
        Arguments.of("check", RULES + "check/bad-field.yml", 1),
        Arguments.of("check", "--ignore-unknown-fields " + RULES + "check/bad-field.yml", 0),
        Arguments.of("check", RULES + "check/missing.yml", 1),
        Arguments.of("test", RULES + "recording.test.yml", 0),
        Arguments.of("test", RULES + "recording.test.yml " + RULES
            + "recording-failing.test.yml", 1),
        Arguments.of("test", "--run=^nothing$ " + RULES + "recording-failing.test.yml", 0));
  }

  @ParameterizedTest(name = "{0} rules {1} -> {2}")
  @MethodSource("exitCodes")
  void exitCodes(String command, String args, int code) {
    Object cmd = command.equals("check") ? new CheckRulesCommand() : new TestRulesCommand();
    assertThat(new CommandLine(cmd).execute(args.split(" "))).isEqualTo(code);
  }

  @Command(name = "server")
  static final class Server {
    @Mixin RuleFlags rules;
  }

  @Test
  void ruleFlagsHavePrometheusDefaultsAndNames() {
    Server s = new Server();
    new CommandLine(s).parseArgs();
    assertThat(s.rules.options("http://h:9090/")).isEqualTo(new RuleOptions(Duration.ofHours(1),
        Duration.ofMinutes(10), Duration.ofMinutes(1), "http://h:9090", 4));
    Server t = new Server();
    new CommandLine(t).parseArgs("--rules.alert.for-outage-tolerance=2h",
        "--rules.alert.for-grace-period=5m", "--rules.alert.resend-delay=30s",
        "--rules.max-concurrent-evals=2");
    assertThat(t.rules.options("u")).isEqualTo(new RuleOptions(Duration.ofHours(2),
        Duration.ofMinutes(5), Duration.ofSeconds(30), "u", 2));
    Server u = new Server();
    new CommandLine(u).parseArgs("--rules.alert.resend-delay=soon");
    assertThatThrownBy(() -> u.rules.options("u"))
        .hasMessageStartingWith("--rules.alert.resend-delay: ");
  }
}
