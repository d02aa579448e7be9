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
import java.lang.instrument.Instrumentation;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.type.TypeDescription;
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

  /** Installs the transformer; returns how many instrumentations are on. */
  static int install(Instrumentation inst, AgentConfig config, ClassLoader agentLoader,
      boolean attached) throws Exception {
    Advice.ExceptionHandler handler = new Advice.ExceptionHandler.Simple(MethodInvocation.invoke(
        new MethodDescription.ForLoadedMethod(
            Bridge.class.getMethod("adviceFailed", Throwable.class))));
    AgentBuilder b = LeanAgentBuilder.create()
        .disableClassFormatChanges()
        // At start-up the libraries are not loaded yet, and walking every loaded class for
        // retransformation costs start-up time; after an attach they are, so it is needed.
        .with(attached || alreadyLoaded(inst)
            ? AgentBuilder.RedefinitionStrategy.RETRANSFORMATION
            : AgentBuilder.RedefinitionStrategy.DISABLED)
        .with(new FailureListener())
        .assureReadEdgeTo(inst, Bridge.class);
    int on = 0;
    Advices a = new Advices(handler, agentLoader);

    if (config.enabled("httpserver")) {
      on++;
      b = b.type(named("com.sun.net.httpserver.Filter$Chain")).transform(a.of(
          named("doFilter").and(takesArguments(1)), "httpserver.FilterChainAdvice"));
    }
    if (config.enabled("servlet")) {
      on++;
      b = b.type(named("javax.servlet.http.HttpServlet")).transform(a.of(named("service")
              .and(takesArgument(0, named("javax.servlet.ServletRequest"))),
          "servlet.JavaxServletAdvice"));
      b = b.type(named("jakarta.servlet.http.HttpServlet")).transform(a.of(named("service")
              .and(takesArgument(0, named("jakarta.servlet.ServletRequest"))),
          "servlet.JakartaServletAdvice"));
    }
    if (config.enabled("undertow")) {
      on++;
      b = b.type(named("io.undertow.server.Connectors")).transform(a.of(
          named("executeRootHandler").and(isStatic()).and(takesArguments(2)),
          "undertow.RootHandlerAdvice"));
      b = b.type(named("io.undertow.server.HttpServerExchange")).transform(a.of(
          named("endExchange").and(takesArguments(0)), "undertow.EndExchangeAdvice"));
    }
    if (config.enabled("httpclient")) {
      on++;
      // Every send and sendAsync ends in this private overload.
      b = b.type(named("jdk.internal.net.http.HttpClientImpl")).transform(a.of(
          named("sendAsync").and(takesArguments(4)), "httpclient.SendAsyncAdvice"));
    }
    if (config.enabled("urlconnection")) {
      on++;
      b = b.type(named("sun.net.www.protocol.http.HttpURLConnection")).transform(a.of(
          named("getInputStream").and(takesArguments(0)).and(isPublic()),
          "urlconnection.GetInputStreamAdvice"));
    }
    if (config.enabled("okhttp")) {
      on++;
      // OkHttp 4 and 5: execute() and enqueue() both end in this (Kotlin-internal) method.
      b = b.type(named("okhttp3.internal.connection.RealCall")).transform(a.of(
          nameStartsWith("getResponseWithInterceptorChain"), "okhttp.RealCallAdvice"));
    }
    if (config.enabled("jdbc")) {
      on++;
      b = b.type(nameContains("Statement").and(not(isInterface()))
              .and(hasSuperType(named("java.sql.Statement"))))
          .transform(a.of(nameStartsWith("execute").and(isPublic()).and(not(isAbstract()))
              .and(takesArguments(0).or(takesArgument(0, String.class))),
              "jdbc.StatementAdvice"));
      b = b.type(nameContains("Connection").and(not(isInterface()))
              .and(hasSuperType(named("java.sql.Connection"))))
          .transform(a.of(named("prepareStatement").or(named("prepareCall")).and(isPublic())
              .and(not(isAbstract())).and(takesArgument(0, String.class)),
              "jdbc.PrepareAdvice"));
    }
    if (config.enabled("hikaricp")) {
      on++;
      b = b.type(named("com.zaxxer.hikari.pool.HikariPool")).transform(a.of(
          isConstructor(), "hikaricp.PoolConstructorAdvice"));
    }
    long t = System.nanoTime();
    b.installOn(inst);
    if (Boolean.getBoolean("vigil.agent.test.verbose")) {
      AgentLog.info("installOn took " + (System.nanoTime() - t) / 1_000_000 + " ms");
    }
    return on;
  }

  /** Whether a class this agent instruments was loaded before the agent started. */
  private static boolean alreadyLoaded(Instrumentation inst) {
    for (Class<?> c : inst.getAllLoadedClasses()) {
      String n = c.getName();
      if (n.equals("sun.net.www.protocol.http.HttpURLConnection")
          || n.equals("com.sun.net.httpserver.Filter$Chain")
          || n.equals("jdk.internal.net.http.HttpClientImpl")) {
        return true;
      }
    }
    return false;
  }

  /** Builds the advice transformers with the shared exception handler and class file source. */
  private static final class Advices {
    private final Advice.ExceptionHandler handler;
    private final ClassLoader agentLoader;

    Advices(Advice.ExceptionHandler handler, ClassLoader agentLoader) {
      this.handler = handler;
      this.agentLoader = agentLoader;
    }

    AgentBuilder.Transformer of(ElementMatcher<? super MethodDescription> methods,
        String advice) {
      return new AgentBuilder.Transformer.ForAdvice()
          .include(agentLoader)
          .withExceptionHandler(handler)
          .advice(methods, ADVICE + advice);
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
