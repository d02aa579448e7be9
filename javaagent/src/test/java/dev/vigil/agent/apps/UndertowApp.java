package dev.vigil.agent.apps;

import io.undertow.Handlers;
import io.undertow.Undertow;
import java.net.InetSocketAddress;

/** Undertow: {@code /users/{id}} 200 (a path template), {@code /hello} 200, anything else 404. */
public final class UndertowApp {
  private UndertowApp() {}

  public static void main(String[] args) throws Exception {
    Undertow server = Undertow.builder()
        .addHttpListener(0, "127.0.0.1")
        .setHandler(Handlers.routing()
            .get("/users/{id}", ex -> ex.getResponseSender().send("user"))
            .get("/hello", ex -> ex.getResponseSender().send("hello"))
            .setFallbackHandler(ex -> {
              ex.setStatusCode(404);
              ex.getResponseSender().send("not found");
            }))
        .build();
    server.start();
    InetSocketAddress a = (InetSocketAddress) server.getListenerInfo().get(0).getAddress();
    AppMain.ready(a.getPort(), null);
  }
}
