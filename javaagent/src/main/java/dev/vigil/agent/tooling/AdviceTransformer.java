package dev.vigil.agent.tooling;

import dev.vigil.agent.bootstrap.Bridge;
import java.lang.instrument.ClassFileTransformer;
import java.lang.instrument.Instrumentation;
import java.security.ProtectionDomain;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import net.bytebuddy.ByteBuddy;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.dynamic.ClassFileLocator;
import net.bytebuddy.dynamic.DynamicType;
import net.bytebuddy.dynamic.TypeResolutionStrategy;
import net.bytebuddy.dynamic.scaffold.TypeValidation;
import net.bytebuddy.implementation.Implementation;
import net.bytebuddy.matcher.ElementMatchers;
import net.bytebuddy.pool.TypePool;
import net.bytebuddy.utility.JavaModule;

/**
 * Applies the {@link Instrumentations.Rule}s to one class as it loads: what Byte Buddy's
 * {@code AgentBuilder} transformer does with the agent's settings (decorate, no class format
 * changes, a fast type pool over the class's own loader, a read edge to the bridge), without the
 * {@code AgentBuilder} transformer itself. That one generates a subclass of itself with Byte Buddy
 * when its class initialises: some 500 more classes, measured at about 140 of the 250 ms that
 * making it took on the 2-CPU development machine. Only {@link LazyTransformer} (and
 * {@link #warmUp}) call this, and only for candidates.
 */
final class AdviceTransformer implements ClassFileTransformer {
  private final Instrumentation inst;
  private final List<Instrumentations.Rule> rules;
  private final ByteBuddy byteBuddy = new ByteBuddy().with(TypeValidation.DISABLED)
      .with(Implementation.Context.Disabled.Factory.INSTANCE);
  private final Module bridge = Bridge.class.getModule();
  /** The one class transformed ahead of its loading, by {@link #transformAhead}. */
  private static final String CHAIN = "com/sun/net/httpserver/Filter$Chain";
  /** Classes transformed ahead of their loading by {@link #transformAhead}, by internal name. */
  private final Map<String, Ahead> ahead = new ConcurrentHashMap<>();
  /** Set once {@link #CHAIN} has been through {@link #transform}, ahead or as it loaded. */
  private volatile boolean chainLoaded;

  AdviceTransformer(Instrumentation inst, List<Instrumentations.Rule> rules) {
    this.inst = inst;
    this.rules = rules;
  }

  /**
   * Transforms {@link Warmup} and throws the result away, so the classes a transformation needs
   * are loaded on the calling thread (the agent's start-up thread) rather than on the
   * application thread whose first candidate is waiting for them; see {@link Warmup}.
   */
  private static void warmUp(ClassLoader agentLoader) {
    try {
      // By name: like the advice, Warmup is read as a class file, never loaded.
      String name = "dev.vigil.agent.tooling.Warmup";
      byte[] classfile = ClassFileLocator.ForClassLoader.of(agentLoader).locate(name).resolve();
      Instrumentations.Rule rule = new Instrumentations.Rule(ElementMatchers.named(name),
          Instrumentations.forAdvice(agentLoader).withExceptionHandler(Instrumentations.handler())
              .advice(ElementMatchers.named("target"), name + "$Exit"));
      new AdviceTransformer(null, List.of(rule)).transform(null, agentLoader,
          name.replace('.', '/'), null, null, classfile);
    } catch (Throwable ignored) {
      // Only a head start: the real transformation loads whatever this did not.
    }
  }

  /**
   * What the start-up thread does once the transformer is made: transforms the JDK's
   * {@code Filter$Chain} from its class file, ahead of its loading, when the JDK server is
   * instrumented. It is always loaded, by the agent's own endpoint at the latest, so the work is
   * never wasted, and if the start-up thread gets there first the application's first request
   * finds the transformed class ready. Otherwise it transforms {@link Warmup}, which at least
   * loads the classes a transformation needs.
   */
  static void warmUp(ClassFileTransformer made, boolean httpServer, ClassLoader agentLoader) {
    Module server = ModuleLayer.boot().findModule("jdk.httpserver").orElse(null);
    boolean done = made instanceof AdviceTransformer && httpServer && server != null
        && ((AdviceTransformer) made).transformAhead(server);
    if (!done) {
      warmUp(agentLoader);
    }
  }

  /** Transforms {@link #CHAIN} before it loads; {@link #transform} then hands it out. */
  private boolean transformAhead(Module module) {
    String internalName = CHAIN;
    if (chainLoaded) {
      return true; // loaded already, by an application thread that got there first
    }
    try {
      ClassLoader loader = module.getClassLoader();
      byte[] in = ClassFileLocator.ForClassLoader.of(loader)
          .locate(internalName.replace('/', '.')).resolve();
      byte[] out = transform(module, loader, internalName, null, null, in);
      if (out != null) {
        ahead.put(internalName, new Ahead(loader, in, out));
        return true;
      }
    } catch (Throwable t) {
      // Only a head start: the class is transformed when it loads, as any other.
    }
    return false;
  }

  /** A class transformed ahead: valid for exactly these bytes from this loader. */
  private static final class Ahead {
    final ClassLoader loader;
    final byte[] in;
    final byte[] out;

    Ahead(ClassLoader loader, byte[] in, byte[] out) {
      this.loader = loader;
      this.in = in;
      this.out = out;
    }
  }

  @Override
  public byte[] transform(Module module, ClassLoader loader, String internalName,
      Class<?> classBeingRedefined, ProtectionDomain domain, byte[] classfile) {
    Ahead a = null;
    if (classBeingRedefined == null && CHAIN.equals(internalName)) {
      chainLoaded = true;
      a = ahead.remove(internalName);
    }
    if (a != null && a.loader == loader && Arrays.equals(a.in, classfile)) {
      // The same input, so the same output; the read edge to the bridge was added then.
      return a.out;
    }
    String name = internalName.replace('/', '.');
    try {
      JavaModule javaModule = module == null ? null : JavaModule.of(module);
      ClassFileLocator locator = new ClassFileLocator.Compound(
          ClassFileLocator.Simple.of(name, classfile),
          AgentBuilder.LocationStrategy.ForClassLoader.STRONG.classFileLocator(loader,
              javaModule));
      TypePool pool = AgentBuilder.PoolStrategy.Default.FAST.typePool(locator, loader, name);
      TypeDescription type = pool.describe(name).resolve();
      if (type.isSynthetic()) {
        return null;
      }
      DynamicType.Builder<?> builder = null;
      for (Instrumentations.Rule r : rules) {
        if (r.types.matches(type)) {
          if (builder == null) {
            builder = byteBuddy.decorate(type, locator);
          }
          builder = r.transformer.transform(builder, type, loader, javaModule, domain);
        }
      }
      if (builder == null) {
        return null;
      }
      byte[] out = builder.make(TypeResolutionStrategy.Disabled.INSTANCE, pool).getBytes();
      // The inlined advice calls the bridge, in the boot loader's unnamed module; a class in a
      // named module (the JDK's HTTP server and clients) may only link to it with a read edge.
      if (module != null && module.isNamed() && !module.canRead(bridge)) {
        inst.redefineModule(module, Set.of(bridge), Collections.emptyMap(),
            Collections.emptyMap(), Collections.emptySet(), Collections.emptyMap());
      }
      if (inst != null && Boolean.getBoolean("vigil.agent.test.verbose")) {
        AgentLog.info("instrumented " + name);
      }
      return out;
    } catch (Throwable t) {
      AgentLog.once("transform:" + name, "could not instrument " + name
          + ", it runs unchanged: " + t);
      return null;
    }
  }
}
