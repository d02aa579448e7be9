package dev.vigil.agent.tooling;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The agent's few log lines, on stderr. Deliberately not java.util.logging or any framework:
 * initialising the application's logging from an agent breaks servers that install their own
 * LogManager later (WildFly), and the agent must not add to the application's log setup.
 */
final class AgentLog {
  private static final Set<String> ONCE = ConcurrentHashMap.newKeySet();

  private AgentLog() {}

  static void info(String message) {
    System.err.println("[vigil-agent] " + message);
  }

  /** Logs {@code message} the first time {@code key} is seen (bounded, so never a leak). */
  static void once(String key, String message) {
    if (ONCE.size() < 256 && ONCE.add(key)) {
      info(message);
    }
  }
}
