package dev.vigil.agent.apps;

import java.io.IOException;
import java.net.InetSocketAddress;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.servlet.ServletContextHandler;
import org.eclipse.jetty.servlet.ServletHolder;

/** Jetty 9.4 (javax.servlet 3.1): {@code /items/*} 200, {@code /hello} 200, {@code /gone} 410. */
public final class JettyApp {
  private JettyApp() {}

  public static void main(String[] args) throws Exception {
    Server server = new Server(new InetSocketAddress("127.0.0.1", 0));
    ServletContextHandler ctx = new ServletContextHandler();
    ctx.addServlet(new ServletHolder(new Status(200, "item")), "/items/*");
    ctx.addServlet(new ServletHolder(new Status(200, "hello")), "/hello");
    ctx.addServlet(new ServletHolder(new Status(410, "gone")), "/gone");
    server.setHandler(ctx);
    server.start();
    AppMain.ready(((ServerConnector) server.getConnectors()[0]).getLocalPort(), null);
  }

  static final class Status extends HttpServlet {
    private static final long serialVersionUID = 1L;
    private final int status;
    private final String body;

    Status(int status, String body) {
      this.status = status;
      this.body = body;
    }

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
      resp.setStatus(status);
      resp.getWriter().write(body);
    }
  }
}
