package dev.vigil.agent.instrumentation.httpserver;

import com.sun.net.httpserver.HttpContext;
import com.sun.net.httpserver.HttpExchange;
import dev.vigil.agent.bootstrap.Bridge;
import net.bytebuddy.asm.Advice;

/**
 * The JDK's {@code com.sun.net.httpserver}: the server runs every request through
 * {@code Filter.Chain.doFilter} (user filters, then system filters and the handler, nested), so
 * the outermost call spans the whole request. Handlers are often lambdas, which cannot be
 * instrumented themselves; the chain always can.
 *
 * <p>The route is the context path when it is more than "/", else the collapsed request path.
 * The agent's own endpoint (a relocated client-sdk handler) is not counted.
 */
public final class FilterChainAdvice {
  private FilterChainAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  public static long enter() {
    return Bridge.enter(Bridge.SERVER);
  }

  @Advice.OnMethodExit(suppress = Throwable.class, onThrowable = Throwable.class)
  public static void exit(@Advice.Enter long start, @Advice.Argument(0) HttpExchange exchange,
      @Advice.Thrown Throwable thrown) {
    if (Bridge.exit(Bridge.SERVER) && start != Bridge.NESTED) {
      HttpContext context = exchange.getHttpContext();
      if (context.getHandler().getClass().getName().startsWith("dev.vigil.agent.shaded.")) {
        return;
      }
      int status = exchange.getResponseCode();
      if (thrown != null && (status < 0 || status < 400)) {
        status = 500;
      }
      String path = context.getPath();
      boolean templated = path != null && !"/".equals(path);
      Bridge.recorder.server(exchange.getRequestMethod(), status,
          templated ? path : exchange.getRequestURI().getRawPath(), templated, start);
    }
  }
}
