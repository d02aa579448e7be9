package dev.vigil.agent.apps;

import static net.bytebuddy.matcher.ElementMatchers.named;

import com.sun.net.httpserver.HttpServer;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import net.bytebuddy.ByteBuddy;
import net.bytebuddy.implementation.FixedValue;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;

/**
 * An application with its own Byte Buddy and OkHttp (the test runs it with older versions than
 * the agent's): it generates a class with its Byte Buddy, calls its own server twice with its
 * OkHttp, and on {@code check} reports which jars it loaded them from and what it got.
 */
public final class OldLibsApp {
  private OldLibsApp() {}

  public static void main(String[] args) throws Exception {
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/", ex -> {
      ex.sendResponseHeaders(200, 2);
      try (OutputStream out = ex.getResponseBody()) {
        out.write("ok".getBytes());
      }
    });
    server.start();
    Object generated = new ByteBuddy().subclass(Object.class).name("generated.ByApp")
        .method(named("toString")).intercept(FixedValue.value("made by the app's Byte Buddy"))
        .make().load(OldLibsApp.class.getClassLoader()).getLoaded()
        .getDeclaredConstructor().newInstance();
    OkHttpClient client = new OkHttpClient();
    StringBuilder bodies = new StringBuilder();
    for (int i = 0; i < 2; i++) {
      Request get = new Request.Builder()
          .url("http://127.0.0.1:" + server.getAddress().getPort() + "/x").build();
      try (Response r = client.newCall(get).execute()) {
        bodies.append(r.code()).append(':').append(r.body().string()).append(' ');
      }
    }
    String report = "bytebuddy=" + jar(ByteBuddy.class) + " okhttp=" + jar(OkHttpClient.class)
        + " generated=" + generated + " responses=" + bodies.toString().trim();
    AppMain.ready(server.getAddress().getPort(), () -> System.out.println(report));
  }

  private static String jar(Class<?> c) {
    String path = c.getProtectionDomain().getCodeSource().getLocation().getPath();
    return path.substring(path.lastIndexOf('/') + 1);
  }
}
