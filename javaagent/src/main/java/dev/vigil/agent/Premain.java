package dev.vigil.agent;

import java.lang.instrument.Instrumentation;

/**
 * The agent's entry points, kept tiny: after putting the bridge on the bootstrap class path,
 * everything else happens in
 * {@code dev.vigil.agent.tooling.AgentInstaller}, and nothing that goes wrong there may stop the
 * application from starting.
 */
public final class Premain {
  private Premain() {}

  /** {@code java -javaagent:vigil-agent.jar[=options] ...} */
  public static void premain(String args, Instrumentation inst) {
    start(args, inst, false);
  }

  /** Loaded into a running JVM through the Attach API. */
  public static void agentmain(String args, Instrumentation inst) {
    start(args, inst, true);
  }

  private static void start(String args, Instrumentation inst, boolean attached) {
    try {
      java.io.File jar = new java.io.File(
          Premain.class.getProtectionDomain().getCodeSource().getLocation().toURI());
      // First, before any class that mentions the bridge is loaded; see BootstrapJar.
      dev.vigil.agent.tooling.BootstrapJar.append(inst, jar);
      dev.vigil.agent.tooling.AgentInstaller.install(args, inst, attached);
    } catch (Throwable t) {
      System.err.println("[vigil-agent] not started, the application runs without it: " + t);
    }
  }
}
