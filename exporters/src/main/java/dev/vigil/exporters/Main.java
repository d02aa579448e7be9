package dev.vigil.exporters;

import dev.vigil.exporters.host.HostCommand;
import dev.vigil.exporters.mysql.MysqlCommand;
import dev.vigil.exporters.postgres.PostgresCommand;
import dev.vigil.exporters.redis.RedisCommand;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine;

/**
 * {@code java -jar vigil-exporter.jar host|postgres|mysql|redis [flags]}: one jar, one exporter
 * per process, each with its peer's flags and default port.
 */
@Command(name = "vigil-exporter", mixinStandardHelpOptions = true, version = "Vigil 0.1.0",
    description = "Vigil's exporters: host (9100), postgres (9187), mysql (9104), redis (9121).")
public final class Main implements Callable<Integer> {
  public static void main(String[] args) {
    System.exit(commandLine().execute(args));
  }

  static CommandLine commandLine() {
    return new CommandLine(new Main())
        .addSubcommand(new HostCommand())
        .addSubcommand(new PostgresCommand())
        .addSubcommand(new MysqlCommand())
        .addSubcommand(new RedisCommand());
  }

  @Override
  public Integer call() {
    commandLine().usage(System.err);
    return 2;
  }
}
