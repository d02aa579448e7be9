package dev.vigil.agent.tooling;

import dev.vigil.agent.bootstrap.Bridge;
import dev.vigil.client.exposition.ExpositionFormats;
import dev.vigil.client.exposition.ExpositionWriter;
import dev.vigil.client.httpserver.HTTPServer;
import dev.vigil.client.httpserver.WebSecurity;
import dev.vigil.client.model.Registry;
import java.lang.instrument.ClassFileTransformer;
import java.lang.instrument.Instrumentation;
import java.util.List;

/**
 * Starts the agent: settings, the instrumentation, the metrics and the metrics endpoint. Every
 * step that fails is reported on stderr and the application carries on.
 */
public final class AgentInstaller {
  private static volatile boolean installed;
  private static volatile HTTPServer endpoint;
  private static final Object METRICS = new Object();
  private static Registry registry;

  private AgentInstaller() {}

  public static synchronized void install(String args, Instrumentation inst, boolean attached)
      throws Exception {
    if (installed) {
      AgentLog.info("already running in this JVM, ignoring the second start");
      return;
    }
    installed = true;
    long start = System.nanoTime();
    // Not a lambda or method reference: the first one in the JVM costs milliseconds of method
    // handle set-up, on the main thread here; the application pays it later if it uses any.
    AgentConfig config = AgentConfig.load(args, System.getenv(), System.getProperties(),
        new java.util.function.Consumer<String>() {
          @Override
          public void accept(String warning) {
            AgentLog.info(warning);
          }
        });
    if (Bridge.class.getClassLoader() != null) {
      throw new IllegalStateException("the bridge was loaded by " + Bridge.class.getClassLoader()
          + ", not the bootstrap class loader");
    }
    ClassLoader agentLoader = AgentInstaller.class.getClassLoader();
    Candidates candidates = new Candidates(config);
    String how;
    LazyTransformer lazy = null;
    if (!candidates.any()) {
      how = "no libraries to instrument";
    } else if (attached || candidates.anyLoaded(inst)) {
      // Libraries are loaded already: they must be retransformed now, so no laziness.
      metrics(config);
      BootstrapJar.appendByteBuddy(inst);
      Instrumentations.install(inst, config, agentLoader);
      how = "instrumented " + candidates.count() + " libraries";
    } else {
      lazy = new LazyTransformer(candidates, new LazyTransformer.Factory() {
        @Override
        public ClassFileTransformer make() throws Exception {
          metrics(config);
          // Before any class that links against Byte Buddy; see BootstrapJar.
          BootstrapJar.appendByteBuddy(inst);
          return Instrumentations.transformer(inst, config, agentLoader);
        }
      });
      inst.addTransformer(lazy);
      how = "watching for " + candidates.count() + " libraries";
    }

    // The rest happens on the agent's own thread, off the application's main thread: the
    // metrics, the instrumentation (so that the first candidate finds it ready), then the
    // endpoint, which need not hold up either. Daemon, so it never keeps the application alive.
    Thread t = new Thread(new StartUp(config, lazy, agentLoader), "vigil-agent-start");
    t.setDaemon(true);
    t.start();
    AgentLog.info(how + ", started in " + (System.nanoTime() - start) / 1_000_000 + " ms"
        + (attached ? " (attached)" : ""));
  }

  /**
   * The agent's metrics, made once by whichever thread needs them first: the start-up thread, or
   * an application thread whose candidate loads before that thread got to it. The recorder is in
   * place before any instrumented code can run.
   */
  private static Registry metrics(AgentConfig config) {
    synchronized (METRICS) {
      if (registry == null) {
        // The agent's own registry: the application's default registry (if it uses client-sdk)
        // is a different, unrelocated class and is served next to it by AppRegistryWriter.
        Registry r = new Registry();
        Bridge.recorder = new AgentMetrics(r, config.routesMax);
        registry = r;
      }
      return registry;
    }
  }

  /** What the agent's start-up thread does; see {@link #install}. */
  private static final class StartUp implements Runnable {
    private final AgentConfig config;
    private final LazyTransformer lazy;
    private final ClassLoader agentLoader;

    StartUp(AgentConfig config, LazyTransformer lazy, ClassLoader agentLoader) {
      this.config = config;
      this.lazy = lazy;
      this.agentLoader = agentLoader;
    }

    @Override
    public void run() {
      Registry r;
      try {
        r = metrics(config);
      } catch (Throwable e) {
        AgentLog.info("metrics not started: " + e);
        return;
      }
      ClassFileTransformer made = lazy == null ? null : lazy.prepare();
      if (made != null) {
        AdviceTransformer.warmUp(made, config.enabled("httpserver"), agentLoader);
      }
      startEndpoint(config, r);
    }
  }

  private static void startEndpoint(AgentConfig config, Registry registry) {
    try {
      registry.register(new JvmMetricsOnFirstScrape());
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
