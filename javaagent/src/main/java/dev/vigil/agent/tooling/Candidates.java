package dev.vigil.agent.tooling;

import java.lang.instrument.Instrumentation;
import java.util.HashSet;
import java.util.Set;

/**
 * The cheap first look at every class the JVM loads: could one of the enabled instrumentations in
 * {@link Instrumentations} apply to it, judging by its internal name alone? A superset of the
 * Byte Buddy type matchers for every class outside the JDK, so a "no" is final; a "yes" still goes
 * through Byte Buddy's full matching. No allocation: it runs for every class the application loads.
 */
final class Candidates {
  /** The exact types each instrumentation names, by instrumentation (see Instrumentations). */
  private static final String[][] EXACT = {
      {"httpserver", "com/sun/net/httpserver/Filter$Chain"},
      {"servlet", "javax/servlet/http/HttpServlet", "jakarta/servlet/http/HttpServlet"},
      {"undertow", "io/undertow/server/Connectors", "io/undertow/server/HttpServerExchange"},
      {"httpclient", "jdk/internal/net/http/HttpClientImpl"},
      {"urlconnection", "sun/net/www/protocol/http/HttpURLConnection"},
      {"okhttp", "okhttp3/internal/connection/RealCall"},
      {"hikaricp", "com/zaxxer/hikari/pool/HikariPool"}};

  private final Set<String> exact = new HashSet<>();
  private final boolean jdbc;
  private final int count;

  Candidates(AgentConfig config) {
    for (String[] names : EXACT) {
      if (config.enabled(names[0])) {
        for (int i = 1; i < names.length; i++) {
          exact.add(names[i]);
        }
      }
    }
    jdbc = config.enabled("jdbc");
    int on = 0;
    for (String name : AgentConfig.INSTRUMENTATIONS) {
      on += config.enabled(name) ? 1 : 0;
    }
    count = on;
  }

  /** How many instrumentations are on. */
  int count() {
    return count;
  }

  /** Whether any instrumentation is on at all. */
  boolean any() {
    return count > 0;
  }

  /** {@code internalName} as the JVM passes it to a transformer: {@code java/lang/String}. */
  boolean matches(String internalName) {
    if (internalName == null || internalName.startsWith("dev/vigil/agent/")) {
      return false;
    }
    if (exact.contains(internalName)) {
      return true;
    }
    // JDBC drivers and pools: implementations of java.sql.Statement and Connection with those
    // words in their names. JDK packages are left out: none of their classes implements either,
    // and they hold names such as JarURLConnection that nearly every application loads.
    return jdbc
        && (internalName.indexOf("Statement") >= 0 || internalName.indexOf("Connection") >= 0)
        && !jdkPackage(internalName);
  }

  /**
   * Whether a candidate was loaded before the agent started (by the JVM itself or another agent):
   * then only the eager path, which retransforms loaded classes, instruments it.
   */
  boolean anyLoaded(Instrumentation inst) {
    for (Class<?> c : inst.getAllLoadedClasses()) {
      // Arrays and primitives are never transformed; an array's name holds its element's.
      if (!c.isArray() && !c.isPrimitive() && matches(c.getName().replace('.', '/'))) {
        return true;
      }
    }
    return false;
  }

  private static boolean jdkPackage(String n) {
    return n.startsWith("java/") || n.startsWith("javax/") || n.startsWith("jdk/")
        || n.startsWith("sun/") || n.startsWith("com/sun/");
  }
}
