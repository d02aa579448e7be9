package dev.vigil.agent.tooling;

import static net.bytebuddy.matcher.ElementMatchers.hasSuperType;
import static net.bytebuddy.matcher.ElementMatchers.isAbstract;
import static net.bytebuddy.matcher.ElementMatchers.isConstructor;
import static net.bytebuddy.matcher.ElementMatchers.isInterface;
import static net.bytebuddy.matcher.ElementMatchers.isPublic;
import static net.bytebuddy.matcher.ElementMatchers.isStatic;
import static net.bytebuddy.matcher.ElementMatchers.nameContains;
import static net.bytebuddy.matcher.ElementMatchers.nameStartsWith;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.not;
import static net.bytebuddy.matcher.ElementMatchers.takesArgument;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import dev.vigil.agent.bootstrap.Bridge;
import java.lang.instrument.ClassFileTransformer;
import java.lang.instrument.Instrumentation;
import java.util.ArrayList;
import java.util.List;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.dynamic.ClassFileLocator;
import net.bytebuddy.dynamic.DynamicType;
import net.bytebuddy.implementation.bytecode.member.MethodInvocation;
import net.bytebuddy.matcher.ElementMatcher;
import net.bytebuddy.utility.JavaModule;

/**
 * The instrumentations, one block per library, each switched off by
 * {@code instrumentation.<name>.enabled=false}. Type matchers start with exact names or a cheap
 * name test, so the hierarchy is only walked for likely candidates.
 *
 * <p>Advice classes are named, not referenced: they are read as class files and inlined, never
 * loaded, so advice compiled for Java 17 (for libraries that need 17) is harmless on 11.
 */
final class Instrumentations {
  private static final String ADVICE = "dev.vigil.agent.instrumentation.";

  private Instrumentations() {}

  /**
   * The eager path, for an attach or when a library was loaded before the agent: installs Byte
   * Buddy's transformer and retransforms the classes already loaded.
   */
  static void install(Instrumentation inst, AgentConfig config, ClassLoader agentLoader)
      throws Exception {
    long t = System.nanoTime();
    AgentBuilder b = LeanAgentBuilder.create()
        .disableClassFormatChanges()
        .with(AgentBuilder.RedefinitionStrategy.RETRANSFORMATION)
        .with(new FailureListener())
        .assureReadEdgeTo(inst, Bridge.class);
    for (Rule r : rules(config, agentLoader)) {
      b = b.type(r.types).transform(r.transformer);
    }
    b.installOn(inst);
    if (Boolean.getBoolean("vigil.agent.test.verbose")) {
      AgentLog.info("installOn took " + (System.nanoTime() - t) / 1_000_000 + " ms");
    }
  }

  /**
   * The transformer {@link LazyTransformer} hands candidates to, made when the first one loads.
   * Declared as the JDK type so callers need no Byte Buddy class to link against it.
   */
  static ClassFileTransformer transformer(Instrumentation inst, AgentConfig config,
      ClassLoader agentLoader) throws Exception {
    return new AdviceTransformer(inst, rules(config, agentLoader));
  }

  /** One instrumentation: the types it applies to and the advice it inlines. */
  static final class Rule {
    final ElementMatcher<? super TypeDescription> types;
    final AgentBuilder.Transformer transformer;

    Rule(ElementMatcher<? super TypeDescription> types, AgentBuilder.Transformer transformer) {
      this.types = types;
      this.transformer = transformer;
    }
  }

  /** The enabled instrumentations, in a fixed order. */
  static List<Rule> rules(AgentConfig config, ClassLoader agentLoader) throws Exception {
    Rules r = new Rules(handler(), agentLoader);
    if (config.enabled("httpserver")) {
      r.add(named("com.sun.net.httpserver.Filter$Chain"),
          named("doFilter").and(takesArguments(1)), "httpserver.FilterChainAdvice");
    }
    if (config.enabled("servlet")) {
      r.add(named("javax.servlet.http.HttpServlet"),
          named("service").and(takesArgument(0, named("javax.servlet.ServletRequest"))),
          "servlet.JavaxServletAdvice");
      r.add(named("jakarta.servlet.http.HttpServlet"),
          named("service").and(takesArgument(0, named("jakarta.servlet.ServletRequest"))),
          "servlet.JakartaServletAdvice");
    }
    if (config.enabled("undertow")) {
      r.add(named("io.undertow.server.Connectors"),
          named("executeRootHandler").and(isStatic()).and(takesArguments(2)),
          "undertow.RootHandlerAdvice");
      r.add(named("io.undertow.server.HttpServerExchange"),
          named("endExchange").and(takesArguments(0)), "undertow.EndExchangeAdvice");
    }
    if (config.enabled("httpclient")) {
      // Every send and sendAsync ends in this private overload.
      r.add(named("jdk.internal.net.http.HttpClientImpl"),
          named("sendAsync").and(takesArguments(4)), "httpclient.SendAsyncAdvice");
    }
    if (config.enabled("urlconnection")) {
      r.add(named("sun.net.www.protocol.http.HttpURLConnection"),
          named("getInputStream").and(takesArguments(0)).and(isPublic()),
          "urlconnection.GetInputStreamAdvice");
    }
    if (config.enabled("okhttp")) {
      // OkHttp 4 and 5: execute() and enqueue() both end in this (Kotlin-internal) method.
      r.add(named("okhttp3.internal.connection.RealCall"),
          nameStartsWith("getResponseWithInterceptorChain"), "okhttp.RealCallAdvice");
    }
    if (config.enabled("jdbc")) {
      r.add(nameContains("Statement").and(not(isInterface()))
              .and(hasSuperType(named("java.sql.Statement"))),
          nameStartsWith("execute").and(isPublic()).and(not(isAbstract()))
              .and(takesArguments(0).or(takesArgument(0, String.class))),
          "jdbc.StatementAdvice");
      r.add(nameContains("Connection").and(not(isInterface()))
              .and(hasSuperType(named("java.sql.Connection"))),
          named("prepareStatement").or(named("prepareCall")).and(isPublic())
              .and(not(isAbstract())).and(takesArgument(0, String.class)),
          "jdbc.PrepareAdvice");
    }
    if (config.enabled("hikaricp")) {
      r.add(named("com.zaxxer.hikari.pool.HikariPool"), isConstructor(),
          "hikaricp.PoolConstructorAdvice");
    }
    return r.list;
  }

  /**
   * Advice read from the agent's jar; its Byte Buddy annotation types are read from Byte Buddy's
   * jar on the bootstrap class path, whose class files no class loader serves as resources.
   */
  static AgentBuilder.Transformer.ForAdvice forAdvice(ClassLoader agentLoader) {
    AgentBuilder.Transformer.ForAdvice advice =
        new AgentBuilder.Transformer.ForAdvice().include(agentLoader);
    java.util.jar.JarFile byteBuddy = BootstrapJar.byteBuddy();
    return byteBuddy == null ? advice
        : advice.include(new ClassFileLocator.ForJarFile(byteBuddy));
  }

  /** Advice failures go to the bridge, which reports each kind once and swallows it. */
  static Advice.ExceptionHandler handler() throws NoSuchMethodException {
    return new Advice.ExceptionHandler.Simple(MethodInvocation.invoke(
        new MethodDescription.ForLoadedMethod(
            Bridge.class.getMethod("adviceFailed", Throwable.class))));
  }

  /** Collects the rules, with the shared exception handler and class file source of advice. */
  private static final class Rules {
    final List<Rule> list = new ArrayList<>();
    private final Advice.ExceptionHandler handler;
    private final ClassLoader agentLoader;

    Rules(Advice.ExceptionHandler handler, ClassLoader agentLoader) {
      this.handler = handler;
      this.agentLoader = agentLoader;
    }

    void add(ElementMatcher<? super TypeDescription> types,
        ElementMatcher<? super MethodDescription> methods, String advice) {
      list.add(new Rule(types, forAdvice(agentLoader)
          .withExceptionHandler(handler)
          .advice(methods, ADVICE + advice)));
    }
  }

  /** Reports a library that could not be instrumented, once per type; the rest carries on. */
  private static final class FailureListener extends AgentBuilder.Listener.Adapter {
    @Override
    public void onError(String typeName, ClassLoader loader, JavaModule module, boolean loaded,
        Throwable t) {
      AgentLog.once("transform:" + typeName, "could not instrument " + typeName
          + ", it runs unchanged: " + t);
    }

    @Override
    public void onTransformation(TypeDescription type, ClassLoader loader, JavaModule module,
        boolean loaded, DynamicType dynamicType) {
      if (Boolean.getBoolean("vigil.agent.test.verbose")) {
        AgentLog.info("instrumented " + type.getName());
      }
    }
  }
}
