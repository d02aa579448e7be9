package dev.vigil.server.promql.script;

import java.util.List;

/**
 * A parsed PromQL test script: its commands in file order. See the promqltest language spec for
 * the syntax; {@link ScriptParser} builds it and {@link ScriptRunner} runs it. Immutable.
 */
public final class Script {
  private final String name;
  private final List<Command> commands;

  Script(String name, List<Command> commands) {
    this.name = name;
    this.commands = List.copyOf(commands);
  }

  /** The file name given to the parser, used in reports. */
  public String name() {
    return name;
  }

  List<Command> commands() {
    return commands;
  }

  /** How many {@code eval} commands the script has. */
  public int evalCount() {
    int n = 0;
    for (Command c : commands) {
      if (c instanceof Command.Eval) {
        n++;
      }
    }
    return n;
  }
}
