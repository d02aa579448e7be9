package dev.vigil.agent.apps;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.file.Files;
import org.apache.catalina.Context;
import org.apache.catalina.startup.Tomcat;

/**
 * Embedded Tomcat (jakarta.servlet): {@code /users/*} answers 200, {@code /hello} 200,
 * {@code /boom} throws (Tomcat answers 500), anything else 404 from the default servlet.
 */
public final class TomcatApp {
  private TomcatApp() {}

  public static void main(String[] args) throws Exception {
    Tomcat tomcat = new Tomcat();
    tomcat.setBaseDir(Files.createTempDirectory("tomcat").toString());
    tomcat.setHostname("127.0.0.1");
    tomcat.setPort(0);
    Context ctx = tomcat.addContext("", null);
    Tomcat.addServlet(ctx, "users", new Text("user"));
    ctx.addServletMappingDecoded("/users/*", "users");
    Tomcat.addServlet(ctx, "hello", new Text("hello"));
    ctx.addServletMappingDecoded("/hello", "hello");
    Tomcat.addServlet(ctx, "boom", new Boom());
    ctx.addServletMappingDecoded("/boom", "boom");
    tomcat.getConnector();
    tomcat.start();
    AppMain.ready(tomcat.getConnector().getLocalPort(), null);
  }

  static final class Text extends HttpServlet {
    private static final long serialVersionUID = 1L;
    private final String body;

    Text(String body) {
      this.body = body;
    }

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
      resp.setContentType("text/plain");
      resp.getWriter().write(body);
    }
  }

  static final class Boom extends HttpServlet {
    private static final long serialVersionUID = 1L;

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) {
      throw new IllegalStateException("boom");
    }
  }
}
