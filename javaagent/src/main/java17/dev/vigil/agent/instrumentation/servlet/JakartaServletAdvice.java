package dev.vigil.agent.instrumentation.servlet;

import dev.vigil.agent.bootstrap.Bridge;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletMapping;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.MappingMatch;
import net.bytebuddy.asm.Advice;

/**
 * {@code jakarta.servlet.http.HttpServlet.service(ServletRequest, ServletResponse)}. The route is
 * the servlet mapping pattern that matched ({@code /users/*}, {@code *.do}), which is bounded by
 * the application's own configuration; requests served by the default servlet get the collapsed
 * path instead.
 */
public final class JakartaServletAdvice {
  private JakartaServletAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  public static long enter() {
    return Bridge.enter(Bridge.SERVER);
  }

  @Advice.OnMethodExit(suppress = Throwable.class, onThrowable = Throwable.class)
  public static void exit(@Advice.Enter long start, @Advice.Argument(0) ServletRequest req,
      @Advice.Argument(1) ServletResponse res, @Advice.Thrown Throwable thrown) {
    if (Bridge.exit(Bridge.SERVER) && start != Bridge.NESTED
        && req instanceof HttpServletRequest && res instanceof HttpServletResponse) {
      HttpServletRequest request = (HttpServletRequest) req;
      int status = ((HttpServletResponse) res).getStatus();
      if (thrown != null && status < 400) {
        status = 500;
      }
      HttpServletMapping mapping = request.getHttpServletMapping();
      MappingMatch match = mapping == null ? null : mapping.getMappingMatch();
      if (match == null || match == MappingMatch.DEFAULT) {
        Bridge.recorder.server(request.getMethod(), status, request.getRequestURI(), false,
            start);
      } else {
        String pattern = match == MappingMatch.CONTEXT_ROOT ? "/" : mapping.getPattern();
        Bridge.recorder.server(request.getMethod(), status, request.getContextPath() + pattern,
            true, start);
      }
    }
  }
}
