package dev.vigil.server.config;

import java.util.List;

/**
 * A configuration that cannot be used. Each problem is one line of the form
 * {@code prometheus.yml:12:5: scrape_configs[0].scrape_interval: invalid duration "5 minutes"};
 * the exception message is all of them, one per line.
 */
public final class ConfigException extends Exception {
  private final List<String> problems;

  public ConfigException(List<String> problems) {
    super(String.join("\n", problems));
    this.problems = List.copyOf(problems);
  }

  public ConfigException(String problem) {
    this(List.of(problem));
  }

  public ConfigException(String problem, Throwable cause) {
    super(problem, cause);
    this.problems = List.of(problem);
  }

  /** Every problem found, in file order as far as possible; never empty. */
  public List<String> problems() {
    return problems;
  }
}
