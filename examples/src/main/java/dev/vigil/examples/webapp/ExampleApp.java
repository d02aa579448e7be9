package dev.vigil.examples.webapp;

import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import dev.vigil.client.core.Counter;
import dev.vigil.client.core.GaugeWithCallback;
import dev.vigil.client.httpserver.HTTPServer;
import dev.vigil.client.model.Registry;
import dev.vigil.examples.plain.Args;
import dev.vigil.examples.plain.LoadGenerator;
import dev.vigil.examples.plain.Shop;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The example shop instrumented with Vigil's client-sdk: every request is counted and timed,
 * orders are counted by payment method, a business gauge tracks open carts, and
 * {@code /metrics} serves it all for a Prometheus-compatible server to scrape.
 *
 * <p>Run: {@code java -jar examples/target/vigil-example-app.jar [--port 8080] [--no-load]}.
 */
public final class ExampleApp implements AutoCloseable {
  private final HttpServer server;
  private final ExecutorService workers = Executors.newFixedThreadPool(8, Shop.daemon("example-http"));
  private LoadGenerator load;

  private ExampleApp(int port, Registry registry) throws IOException {
    HttpMetrics metrics = new HttpMetrics(registry);
    Counter orders = Counter.builder().name("shop_orders_total").help("Orders placed.")
        .labelNames("payment").register(registry);
    Shop shop = new Shop(payment -> orders.labelValues(payment).inc());
    GaugeWithCallback.builder().name("shop_open_carts").help("Carts with items, not yet ordered.")
        .value(shop::openCarts).register(registry);

    server = HttpServer.create(new InetSocketAddress(port), 0);
    for (Map.Entry<String, HttpHandler> r : shop.routes().entrySet()) {
      server.createContext(r.getKey(), r.getValue()).getFilters().add(metrics);
    }
    server.createContext("/metrics", HTTPServer.metricsHandler(registry));
    server.setExecutor(workers);
    server.start();
  }

  /** Starts the app on {@code port} (0 = any free port) with metrics in {@code registry}. */
  public static ExampleApp start(int port, Registry registry) throws IOException {
    return new ExampleApp(port, registry);
  }

  public static void main(String[] args) throws Exception {
    Args a = Args.parse(args, 8080, "vigil-example-app");
    ExampleApp app = start(a.port, Registry.defaultRegistry);
    if (a.load) {
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

  @Override
  public void close() {
    if (load != null) {
      load.stop();
    }
    server.stop(0);
    workers.shutdownNow();
  }
}
