package dev.vigil.exporters.common;

import dev.vigil.client.httpserver.WebConfigException;
import dev.vigil.client.httpserver.WebSecurity;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/** {@code --web.config.file}, as every exporter of the ecosystem takes it (exporter-toolkit). */
public final class WebConfigFlag {
  @Option(names = "--web.config.file", paramLabel = "FILE",
      description = "Path to a web configuration file: TLS, basic auth and response headers, "
          + "in Prometheus's format. Re-read when it changes.")
  String file;

  @CommandLine.Spec(CommandLine.Spec.Target.MIXEE)
  CommandLine.Model.CommandSpec spec;

  /** {@code address} with the configured security; a bad file is a usage error. */
  public Listen listen(String address) {
    try {
      return new Listen(address, WebSecurity.fromFlag(file));
    } catch (WebConfigException e) {
      throw new CommandLine.ParameterException(spec.commandLine(),
          "--web.config.file: " + e.getMessage());
    }
  }
}
