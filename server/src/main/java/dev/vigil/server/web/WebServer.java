package dev.vigil.server.web;

import dev.vigil.client.exposition.MetricsResponder;
import dev.vigil.client.exposition.Scrape;
import dev.vigil.client.httpserver.WebSecurity;
import dev.vigil.client.model.Registry;
import io.undertow.Undertow;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.server.RoutingHandler;
import io.undertow.server.handlers.BlockingHandler;
import io.undertow.server.handlers.GracefulShutdownHandler;
import io.undertow.server.handlers.RequestLimitingHandler;
import io.undertow.util.Headers;
import io.undertow.util.HttpString;
import io.undertow.util.Methods;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server's HTTP side on Undertow: a chain of small handlers (graceful shutdown → request
 * limit → routing → blocking dispatch), so no handler ever runs on an IO thread.
 */
public final class WebServer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(WebServer.class);
  /** Requests served at once; more wait in a bounded queue, beyond it they get 503. */
  private static final int MAX_CONCURRENT = 64;
  private static final int MAX_QUEUED = 256;
  /**
   * The largest body any endpoint takes: a remote-write request (snappy-compressed, so this is a
   * lot of samples). Endpoints with smaller bodies check their own, lower limit.
   */
  public static final long DEFAULT_MAX_BODY_BYTES = 32L << 20;

  private final Undertow undertow;
  private final GracefulShutdownHandler shutdown;
  private final String scheme;

  private WebServer(Builder b) {
    RoutingHandler routes = new RoutingHandler()
        .get("/-/healthy", text(200, "Vigil Server is Healthy.\n"))
        .add(Methods.HEAD, "/-/healthy", text(200, ""))
        .get("/-/ready", ready(b.ready))
        .add(Methods.HEAD, "/-/ready", ready(b.ready))
        .get("/metrics", metrics(new MetricsResponder(b.registry)));
    HttpHandler reload = lifecycle(b.lifecycleEnabled, b.reload);
    routes.post("/-/reload", reload).put("/-/reload", reload);
    HttpHandler quit = lifecycle(b.lifecycleEnabled, b.quit);
    routes.post("/-/quit", quit).put("/-/quit", quit);
    for (Route r : b.routes) {
      routes.add(r.method, r.path, r.handler);
    }
    routes.setFallbackHandler(text(404, "404 page not found\n"));
    HttpHandler chain = new RequestLimitingHandler(MAX_CONCURRENT, MAX_QUEUED,
        new BlockingHandler(new BodyLimitHandler(b.maxBodyBytes, routes)));
    if (b.security.fromFile()) {
      chain = new SecurityHandler(b.security, chain);
    }
    shutdown = new GracefulShutdownHandler(chain);
    Undertow.Builder u = Undertow.builder().setHandler(shutdown);
    if (b.security.tlsEnabled()) {
      u.addHttpsListener(b.address.getPort(), b.address.getHostString(),
          b.security.configuredSslContext());
    } else {
      u.addHttpListener(b.address.getPort(), b.address.getHostString());
    }
    undertow = u.build();
    this.scheme = b.security.tlsEnabled() ? "https" : "http";
  }

  public static Builder builder(InetSocketAddress address) {
    return new Builder(address);
  }

  public void start() {
    undertow.start();
    InetSocketAddress a = boundAddress();
    LOG.info("Listening on {}://{}:{}", scheme, a.getHostString(), a.getPort());
  }

  /** The address actually bound (the port is known after binding port 0). */
  public InetSocketAddress boundAddress() {
    return (InetSocketAddress) undertow.getListenerInfo().get(0).getAddress();
  }

  /** Stops taking requests, waits up to 5 s for running ones, then stops. */
  @Override
  public void close() {
    shutdown.shutdown();
    try {
      shutdown.awaitShutdown(TimeUnit.SECONDS.toMillis(5));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    undertow.stop();
  }

  static HttpHandler text(int status, String body) {
    return ex -> send(ex, status, "text/plain; charset=utf-8", body);
  }

  static void send(HttpServerExchange ex, int status, String contentType, String body) {
    ex.setStatusCode(status);
    ex.getResponseHeaders().put(Headers.CONTENT_TYPE, contentType);
    ex.getResponseSender().send(body, StandardCharsets.UTF_8);
  }

  private static HttpHandler ready(BooleanSupplier ready) {
    return ex -> {
      if (ready.getAsBoolean()) {
        send(ex, 200, "text/plain; charset=utf-8", "Vigil Server is Ready.\n");
      } else {
        send(ex, 503, "text/plain; charset=utf-8", "Service Unavailable\n");
      }
    };
  }

  private static HttpHandler lifecycle(boolean enabled, Action action) {
    return ex -> {
      if (!enabled) {
        send(ex, 403, "text/plain; charset=utf-8", "Lifecycle API is not enabled.\n");
        return;
      }
      try {
        action.run();
        send(ex, 200, "text/plain; charset=utf-8", "");
      } catch (Exception e) {
        send(ex, 500, "text/plain; charset=utf-8", "failed: " + e.getMessage() + "\n");
      }
    };
  }

  private static HttpHandler metrics(MetricsResponder responder) {
    return ex -> {
      Scrape scrape = responder.scrape(ex.getRequestHeaders().getFirst(Headers.ACCEPT),
          ex.getRequestHeaders().getFirst(Headers.ACCEPT_ENCODING), ex.getQueryString());
      ex.getResponseHeaders().put(Headers.CONTENT_TYPE, scrape.getContentType());
      ex.getResponseHeaders().put(Headers.VARY, MetricsResponder.VARY);
      if (scrape.isGzip()) {
        ex.getResponseHeaders().put(Headers.CONTENT_ENCODING, scrape.getContentEncoding());
      }
      ex.startBlocking();
      scrape.writeBody(ex.getOutputStream());
    };
  }

  /** Something a lifecycle endpoint does; its exception message goes back to the caller. */
  @FunctionalInterface
  public interface Action {
    void run() throws Exception;
  }

  private record Route(HttpString method, String path, HttpHandler handler) {}

  /** What the server serves; everything but the address has a default. */
  public static final class Builder {
    private final InetSocketAddress address;
    private Registry registry = Registry.defaultRegistry;
    private boolean lifecycleEnabled;
    private Action reload = () -> {};
    private Action quit = () -> {};
    private BooleanSupplier ready = () -> true;
    private final java.util.List<Route> routes = new java.util.ArrayList<>();
    private WebSecurity security = WebSecurity.none();
    private long maxBodyBytes = DEFAULT_MAX_BODY_BYTES;

    private Builder(InetSocketAddress address) {
      this.address = address;
    }

    public Builder registry(Registry registry) {
      this.registry = registry;
      return this;
    }

    /** Enables {@code /-/reload} and {@code /-/quit}; off by default, as in Prometheus. */
    public Builder lifecycle(boolean enabled, Action reload, Action quit) {
      this.lifecycleEnabled = enabled;
      this.reload = reload;
      this.quit = quit;
      return this;
    }

    public Builder ready(BooleanSupplier ready) {
      this.ready = ready;
      return this;
    }

    /** Serves {@code GET path} with a handler that runs off the IO threads. */
    public Builder get(String path, HttpHandler handler) {
      routes.add(new Route(Methods.GET, path, handler));
      return this;
    }

    /** Serves {@code method path} ({@code {name}} segments allowed), off the IO threads. */
    public Builder route(String method, String path, HttpHandler handler) {
      routes.add(new Route(HttpString.tryFromString(method), path, handler));
      return this;
    }

    /**
     * TLS, basic auth and headers from {@code --web.config.file} (Prometheus's format); the
     * file is re-read when it changes, so users and certificates rotate without a restart.
     */
    public Builder security(WebSecurity security) {
      this.security = security;
      return this;
    }

    /** The largest request body taken; larger ones get 413. */
    public Builder maxBodyBytes(long maxBodyBytes) {
      this.maxBodyBytes = maxBodyBytes;
      return this;
    }

    public WebServer build() {
      return new WebServer(this);
    }
  }
}
