package dev.vigil.client.httpserver;

import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import dev.vigil.client.exposition.ExpositionFormats;
import dev.vigil.client.exposition.MetricsResponder;
import dev.vigil.client.model.Registry;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A metrics endpoint on the JDK's built-in HTTP server ({@code com.sun.net.httpserver}).
 *
 * <pre>{@code
 * HTTPServer server = HTTPServer.start(9464);                 // default registry, all interfaces
 * HTTPServer server = HTTPServer.builder().hostname("127.0.0.1").port(0).registry(r).start();
 * }</pre>
 *
 * <p>Serves {@code GET}/{@code HEAD} on {@code /metrics} and {@code /} (the scrape, with content
 * negotiation, gzip and {@code name[]} filtering, see {@link MetricsResponder}) and on
 * {@code /-/healthy} (200 {@code OK}). Other methods get 405, other paths 404. A collector that
 * throws turns that one scrape into a 500 with a short message; the server keeps serving.
 *
 * <p>All its threads are daemon threads, so it never keeps an application alive. Closing stops
 * it at once and shuts down the thread pool it created (not an executor passed in).
 */
public final class HTTPServer implements AutoCloseable {
  private static final int DEFAULT_THREADS = 4;
  private static final int DEFAULT_QUEUE = 64;

  private final HttpServer server;
  private final ExecutorService ownedExecutor;
  private volatile boolean closed;

  private HTTPServer(HttpServer server, ExecutorService ownedExecutor) {
    this.server = server;
    this.ownedExecutor = ownedExecutor;
  }

  /** Serves the default registry on {@code port} of all interfaces (0: an ephemeral port). */
  public static HTTPServer start(int port) throws IOException {
    return builder().port(port).start();
  }

  /**
   * The scrape of {@code registry} as a handler for an application's own JDK
   * {@code HttpServer}: {@code server.createContext("/metrics", HTTPServer.metricsHandler(r))}.
   * It negotiates the format, gzips and filters by {@code name[]} like the server does.
   */
  public static HttpHandler metricsHandler(Registry registry) {
    return new MetricsHandler(new MetricsResponder(registry), true);
  }

  public static Builder builder() {
    return new Builder();
  }

  /** The port actually bound, useful after binding port 0. */
  public int getPort() {
    return server.getAddress().getPort();
  }

  public InetSocketAddress getAddress() {
    return server.getAddress();
  }

  /** Stops accepting and serving at once. Idempotent. */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    server.stop(0);
    if (ownedExecutor != null) {
      ownedExecutor.shutdownNow();
    }
  }

  /**
   * A fixed pool of daemon threads with a bounded queue. When the queue is full the dispatcher
   * thread serves the request itself, which pushes back on new connections instead of failing.
   */
  private static ExecutorService defaultExecutor() {
    AtomicInteger n = new AtomicInteger();
    ThreadFactory daemons = r -> {
      Thread t = new Thread(r, "vigil-http-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
    ThreadPoolExecutor pool = new ThreadPoolExecutor(DEFAULT_THREADS, DEFAULT_THREADS, 60,
        TimeUnit.SECONDS, new ArrayBlockingQueue<>(DEFAULT_QUEUE), daemons,
        new ThreadPoolExecutor.CallerRunsPolicy());
    pool.allowCoreThreadTimeOut(true);
    return pool;
  }

  /**
   * Starts the JDK server from a daemon thread: the server's dispatcher thread inherits the
   * daemon flag of the thread that starts it, and has no other way to be made a daemon.
   */
  private static void startAsDaemon(HttpServer server) throws IOException {
    RuntimeException[] failure = new RuntimeException[1];
    Thread starter = new Thread(() -> {
      try {
        server.start();
      } catch (RuntimeException e) {
        failure[0] = e;
      }
    }, "vigil-http-start");
    starter.setDaemon(true);
    starter.start();
    try {
      starter.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      server.stop(0);
      throw new IOException("interrupted while starting the HTTP server", e);
    }
    if (failure[0] != null) {
      throw failure[0];
    }
  }

  /** Settings of an {@link HTTPServer}; {@link #start()} binds and starts it. */
  public static final class Builder {
    private int port;
    private String hostname;
    private InetSocketAddress address;
    private Registry registry = Registry.defaultRegistry;
    private ExpositionFormats formats = ExpositionFormats.defaults();
    private Executor executor;
    private WebSecurity security = WebSecurity.none();

    private Builder() {}

    /** The port to bind; 0 (the default) picks an ephemeral one, see {@link #getPort()}. */
    public Builder port(int port) {
      if (port < 0 || port > 65535) {
        throw new IllegalArgumentException("port out of range: " + port);
      }
      this.port = port;
      return this;
    }

    /** The host name or address to bind; all interfaces when unset. */
    public Builder hostname(String hostname) {
      this.hostname = hostname;
      return this;
    }

    /** The address to bind; overrides {@link #port} and {@link #hostname}. */
    public Builder inetSocketAddress(InetSocketAddress address) {
      this.address = address;
      return this;
    }

    /** The registry to serve; {@link Registry#defaultRegistry} when unset. */
    public Builder registry(Registry registry) {
      this.registry = registry;
      return this;
    }

    /** The formats to negotiate; {@link ExpositionFormats#defaults()} when unset. */
    public Builder formats(ExpositionFormats formats) {
      this.formats = formats;
      return this;
    }

    /**
     * Runs the requests; the caller keeps ownership and shuts it down. When unset, a pool of
     * four daemon threads with a bounded queue, shut down by {@link HTTPServer#close()}.
     */
    public Builder executor(Executor executor) {
      this.executor = executor;
      return this;
    }

    /**
     * TLS, basic auth and headers from a web configuration file ({@code --web.config.file},
     * Prometheus's format); plain HTTP when unset.
     */
    public Builder webSecurity(WebSecurity security) {
      this.security = security;
      return this;
    }

    /** Binds and starts the server. */
    public HTTPServer start() throws IOException {
      InetSocketAddress bind = address != null ? address
          : hostname != null ? new InetSocketAddress(hostname, port) : new InetSocketAddress(port);
      MetricsResponder responder = new MetricsResponder(registry, formats);
      HttpServer server = SecureHttpServer.create(bind, security);
      ExecutorService owned = executor == null ? defaultExecutor() : null;
      server.setExecutor(executor != null ? executor : owned);
      com.sun.net.httpserver.HttpContext context =
          server.createContext("/", new MetricsHandler(responder, false));
      if (security.fromFile()) {
        SecureHttpServer.protect(context, security);
      }
      try {
        startAsDaemon(server);
      } catch (IOException | RuntimeException e) {
        if (owned != null) {
          owned.shutdownNow();
        }
        throw e;
      }
      return new HTTPServer(server, owned);
    }
  }
}
