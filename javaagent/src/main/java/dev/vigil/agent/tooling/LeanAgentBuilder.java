package dev.vigil.agent.tooling;

import static net.bytebuddy.matcher.ElementMatchers.isSynthetic;
import static net.bytebuddy.matcher.ElementMatchers.nameStartsWith;

import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.util.Collections;
import net.bytebuddy.ByteBuddy;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.dynamic.ClassFileLocator;
import net.bytebuddy.dynamic.scaffold.TypeValidation;

/**
 * {@code AgentBuilder.Default} without its self-injection initialisation strategy.
 *
 * <p>Byte Buddy's public constructors create {@code InitializationStrategy.SelfInjection.Split},
 * whose {@code NexusAccessor} prepares reflective class injection into the system class loader
 * by generating a class with Byte Buddy: measured at 1.7 to 3 s of a 2.5 to 3.8 s agent start on
 * a busy 2-CPU machine. Inlined advice needs no initialisation strategy, so this calls the full
 * constructor with NoOp and Byte Buddy's other defaults. Unlike the default, JDK classes are
 * candidates too (HttpURLConnection, HttpClient); only the agent's own classes are ignored.
 */
final class LeanAgentBuilder {
  private LeanAgentBuilder() {}

  static AgentBuilder create() throws ReflectiveOperationException {
    // Byte Buddy's protected constructor, through reflection because one of its parameter types
    // (NativeMethodStrategy, WarmupStrategy, ResubmissionStrategy) are protected.
    Object resubmissionDisabled = constant(AgentBuilder.RedefinitionStrategy.class,
        "$ResubmissionStrategy$Disabled");
    Object[] args = {
        new ByteBuddy().with(TypeValidation.DISABLED),
        AgentBuilder.Listener.NoOp.INSTANCE,
        new AgentBuilder.CircularityLock.Default(),
        AgentBuilder.PoolStrategy.Default.FAST,
        AgentBuilder.TypeStrategy.Default.DECORATE,
        AgentBuilder.LocationStrategy.ForClassLoader.STRONG,
        ClassFileLocator.NoOp.INSTANCE,
        constant(AgentBuilder.Default.class, "$NativeMethodStrategy$Disabled"),
        constant(AgentBuilder.Default.class, "$WarmupStrategy$NoOp"),
        AgentBuilder.TransformerDecorator.NoOp.INSTANCE,
        AgentBuilder.InitializationStrategy.NoOp.INSTANCE,
        AgentBuilder.RedefinitionStrategy.DISABLED,
        AgentBuilder.RedefinitionStrategy.DiscoveryStrategy.SinglePass.INSTANCE,
        AgentBuilder.RedefinitionStrategy.BatchAllocator.ForTotal.INSTANCE,
        AgentBuilder.RedefinitionStrategy.Listener.NoOp.INSTANCE,
        resubmissionDisabled,
        AgentBuilder.InjectionStrategy.Disabled.INSTANCE,
        AgentBuilder.LambdaInstrumentationStrategy.DISABLED,
        AgentBuilder.DescriptionStrategy.Default.HYBRID,
        AgentBuilder.FallbackStrategy.ByThrowableType.ofOptionalTypes(),
        AgentBuilder.ClassFileBufferStrategy.Default.RETAINING,
        AgentBuilder.InstallationListener.NoOp.INSTANCE,
        new AgentBuilder.RawMatcher.ForElementMatchers(nameStartsWith("dev.vigil.agent.shaded.")
            .or(nameStartsWith("dev.vigil.agent.tooling."))
            .or(nameStartsWith("dev.vigil.agent.bootstrap."))
            .or(isSynthetic())),
        Collections.emptyList()};
    for (Constructor<?> c : AgentBuilder.Default.class.getDeclaredConstructors()) {
      if (c.getParameterCount() == args.length) {
        c.setAccessible(true);
        return (AgentBuilder) c.newInstance(args);
      }
    }
    throw new NoSuchMethodException("AgentBuilder.Default's full constructor");
  }

  /** The INSTANCE of a nested type that is protected, so not nameable from here. */
  private static Object constant(Class<?> outer, String nested)
      throws ReflectiveOperationException {
    Field f = Class.forName(outer.getName() + nested).getField("INSTANCE");
    f.setAccessible(true);
    return f.get(null);
  }
}
