package dev.vigil.agent.tooling;

import dev.vigil.agent.bootstrap.Bridge;
import dev.vigil.client.exposition.ExpositionFormats;
import dev.vigil.client.exposition.ExpositionWriter;
import dev.vigil.client.httpserver.HTTPServer;
import dev.vigil.client.httpserver.WebSecurity;
import dev.vigil.client.jvm.JvmMetrics;
import dev.vigil.client.model.Registry;
import java.lang.instrument.Instrumentation;
import java.util.List;

/**
 * Starts the agent: settings, the bridge on the bootstrap class path, the instrumentation, and the
 * metrics endpoint. Every step that fails is reported on stderr and the application carries on.
 */
public final class AgentInstaller {
  private static volatile boolean installed;
  private static volatile HTTPServer endpoint;

  private AgentInstaller() {}

  public static synchronized void install(String args, Instrumentation inst, boolean attached)
      throws Exception {
    if (installed) {
      AgentLog.info("already running in this JVM, ignoring the second start");
      return;
    }
    installed = true;
    long start = System.nanoTime();
    AgentConfig config = AgentConfig.load(args, System.getenv(), System.getProperties(),
        AgentLog::info);
    if (Bridge.class.getClassLoader() != null) {
      throw new IllegalStateException("the bridge was loaded by " + Bridge.class.getClassLoader()
          + ", not the bootstrap class loader");
    }

    // The agent's own registry: the application's default registry (if it uses client-sdk) is a
    // different, unrelocated class and is served next to it by AppRegistryWriter.
    Registry registry = new Registry();
    AgentMetrics metrics = new AgentMetrics(registry, config.routesMax);
    Bridge.recorder = metrics;
    ClassLoader agentLoader = AgentInstaller.class.getClassLoader();
    Candidates candidates = new Candidates(config);
    String how;
    if (!candidates.any()) {
      how = "no libraries to instrument";
    } else if (attached || candidates.anyLoaded(inst)) {
      // Libraries are loaded already: they must be retransformed now, so no laziness.
      Instrumentations.install(inst, config, agentLoader);
      how = "instrumented " + candidates.count() + " libraries";
    } else {
      inst.addTransformer(new LazyTransformer(candidates,
          () -> Instrumentations.transformer(inst, config, agentLoader)));
      how = "watching for " + candidates.count() + " libraries";
    }

    // The endpoint and JVM metrics start off the main thread: the application need not wait for
    // a socket to bind. Daemon, so it never keeps the application alive.
    Thread t = new Thread(() -> startEndpoint(config, registry), "vigil-agent-endpoint");
    t.setDaemon(true);
    t.start();
    AgentLog.info(how + ", started in " + (System.nanoTime() - start) / 1_000_000 + " ms"
        + (attached ? " (attached)" : ""));
  }

  private static void startEndpoint(AgentConfig config, Registry registry) {
    try {
      JvmMetrics.builder().register(registry);
      List<ExpositionWriter> defaults = ExpositionFormats.defaults().getWriters();
      ClassLoader app = ClassLoader.getSystemClassLoader();
      ExpositionWriter[] others = new ExpositionWriter[defaults.size() - 1];
      for (int i = 1; i < defaults.size(); i++) {
        others[i - 1] = new AppRegistryWriter(defaults.get(i), app);
      }
      ExpositionFormats formats =
          ExpositionFormats.of(new AppRegistryWriter(defaults.get(0), app), others);
      HTTPServer.Builder b = HTTPServer.builder().port(config.port).registry(registry)
          .formats(formats);
      if (config.host != null) {
        b.hostname(config.host);
      }
      // A broken file leaves the endpoint off rather than serving it unprotected.
      WebSecurity security = WebSecurity.fromFlag(config.webConfigFile);
      b.webSecurity(security);
      endpoint = b.start();
      AgentLog.info("metrics on " + (security.tlsEnabled() ? "https" : "http") + "://" + (config.host != null ? config.host : "0.0.0.0") + ":"
          + endpoint.getPort() + "/metrics");
    } catch (Throwable e) {
      AgentLog.info("metrics endpoint not started (port " + config.port + "): " + e);
    }
  }
}
