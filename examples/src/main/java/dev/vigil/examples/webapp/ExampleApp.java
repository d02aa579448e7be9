package dev.vigil.examples.webapp;

import com.sun.net.httpserver.HttpContext;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import dev.vigil.client.core.Counter;
import dev.vigil.client.core.GaugeWithCallback;
import dev.vigil.client.httpserver.HTTPServer;
import dev.vigil.client.model.Registry;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A small shop API on the JDK's HTTP server, instrumented with Vigil: every request is counted
 * and timed, a business gauge tracks open carts, and {@code /metrics} serves it all for a
 * Prometheus-compatible server to scrape.
 *
 * <p>Run: {@code java -jar examples/target/vigil-example-app.jar [--port 8080] [--no-load]}.
 */
public final class ExampleApp implements AutoCloseable {
  private final HttpServer server;
  private final ExecutorService workers = Executors.newFixedThreadPool(8, daemon("example-http"));
  private final AtomicInteger openCarts = new AtomicInteger();
  private final Counter orders;
  private LoadGenerator load;

  private ExampleApp(int port, Registry registry) throws IOException {
    HttpMetrics metrics = new HttpMetrics(registry);
    orders = Counter.builder().name("shop_orders_total").help("Orders placed.")
        .labelNames("payment").register(registry);
    GaugeWithCallback.builder().name("shop_open_carts").help("Carts with items, not yet ordered.")
        .value(openCarts::get).register(registry);

    server = HttpServer.create(new InetSocketAddress(port), 0);
    route("/", this::index, metrics);
    route("/api/cart", this::addToCart, metrics);
    route("/api/order", this::order, metrics);
    route("/api/fail", ex -> respond(ex, 500, "simulated failure\n"), metrics);
    server.createContext("/metrics", HTTPServer.metricsHandler(registry));
    server.setExecutor(workers);
    server.start();
  }

  /** Starts the app on {@code port} (0 = any free port) with metrics in {@code registry}. */
  public static ExampleApp start(int port, Registry registry) throws IOException {
    return new ExampleApp(port, registry);
  }

  public static void main(String[] args) throws Exception {
    int port = 8080;
    boolean generateLoad = true;
    for (int i = 0; i < args.length; i++) {
      if (args[i].equals("--port") && i + 1 < args.length) {
        port = Integer.parseInt(args[++i]);
      } else if (args[i].equals("--no-load")) {
        generateLoad = false;
      } else {
        System.err.println("usage: vigil-example-app [--port 8080] [--no-load]");
        System.exit(2);
      }
    }
    ExampleApp app = start(port, Registry.defaultRegistry);
    if (generateLoad) {
      app.generateLoad();
    }
    System.out.println("Example shop listening on http://localhost:" + app.port()
        + "/ - metrics at http://localhost:" + app.port() + "/metrics");
    Runtime.getRuntime().addShutdownHook(new Thread(app::close));
    Thread.currentThread().join();
  }

  /** Sends a few requests a second to itself so the metrics move without any client. */
  public void generateLoad() {
    load = new LoadGenerator(port());
    load.start();
  }

  public int port() {
    return server.getAddress().getPort();
  }

  private void route(String path, HttpHandler handler, HttpMetrics metrics) {
    HttpContext ctx = server.createContext(path, handler);
    ctx.getFilters().add(metrics);
  }

  private void index(HttpExchange ex) throws IOException {
    respond(ex, 200, "Vigil example shop. Try /api/cart, /api/order, /api/fail and /metrics\n");
  }

  private void addToCart(HttpExchange ex) throws IOException {
    work(5, 40);
    openCarts.incrementAndGet();
    respond(ex, 200, "added\n");
  }

  private void order(HttpExchange ex) throws IOException {
    work(20, 120);
    if (ThreadLocalRandom.current().nextInt(20) == 0) {
      respond(ex, 503, "payment provider unavailable\n");
      return;
    }
    if (openCarts.get() > 0) {
      openCarts.decrementAndGet();
    }
    orders.labelValues(ThreadLocalRandom.current().nextBoolean() ? "card" : "invoice").inc();
    respond(ex, 200, "ordered\n");
  }

  private static void work(int minMillis, int maxMillis) {
    try {
      Thread.sleep(ThreadLocalRandom.current().nextInt(minMillis, maxMillis));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void respond(HttpExchange ex, int status, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    ex.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
    ex.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = ex.getResponseBody()) {
      out.write(bytes);
    }
  }

  static java.util.concurrent.ThreadFactory daemon(String name) {
    return r -> {
      Thread t = new Thread(r, name);
      t.setDaemon(true);
      return t;
    };
  }

  @Override
  public void close() {
    if (load != null) {
      load.stop();
    }
    server.stop(0);
    workers.shutdownNow();
  }
}
