package dev.vigil.agent.instrumentation.servlet;

import dev.vigil.agent.bootstrap.Bridge;
import javax.servlet.ServletRequest;
import javax.servlet.ServletResponse;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import net.bytebuddy.asm.Advice;

/**
 * {@code javax.servlet.http.HttpServlet.service(ServletRequest, ServletResponse)}: every HTTP
 * servlet request passes it. Servlet 3.1 has no mapping API, so the route is the servlet path
 * (collapsed) plus {@code /*} when the mapping was a prefix one.
 */
public final class JavaxServletAdvice {
  private JavaxServletAdvice() {}

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
      String route = request.getContextPath() + request.getServletPath();
      if (request.getPathInfo() != null) {
        route = route + "/*";
      }
      Bridge.recorder.server(request.getMethod(), status, route, false, start);
    }
  }
}
