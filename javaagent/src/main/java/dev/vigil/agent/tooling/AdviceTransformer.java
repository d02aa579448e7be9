package dev.vigil.agent.tooling;

import dev.vigil.agent.bootstrap.Bridge;
import java.lang.instrument.ClassFileTransformer;
import java.lang.instrument.Instrumentation;
import java.security.ProtectionDomain;
import java.util.Collections;
import java.util.List;
import java.util.Set;
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

  AdviceTransformer(Instrumentation inst, List<Instrumentations.Rule> rules) {
    this.inst = inst;
    this.rules = rules;
  }

  /**
   * Transforms {@link Warmup} and throws the result away, so the classes a transformation needs
   * are loaded on the calling thread (the agent's start-up thread) rather than on the
   * application thread whose first candidate is waiting for them; see {@link Warmup}.
   */
  static void warmUp(ClassLoader agentLoader) {
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

  @Override
  public byte[] transform(Module module, ClassLoader loader, String internalName,
      Class<?> classBeingRedefined, ProtectionDomain domain, byte[] classfile) {
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
