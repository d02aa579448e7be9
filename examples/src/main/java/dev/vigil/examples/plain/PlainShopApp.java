package dev.vigil.examples.plain;

import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The example shop with no metrics code and no Vigil on its class path: run it with the agent,
 * {@code java -javaagent:javaagent/target/vigil-agent.jar -jar examples/target/vigil-example-plain.jar},
 * and its requests, JVM and all show up on {@code http://localhost:9464/metrics}.
 */
public final class PlainShopApp implements AutoCloseable {
  private final HttpServer server;
  private final ExecutorService workers = Executors.newFixedThreadPool(8, Shop.daemon("shop-http"));
  private LoadGenerator load;

  private PlainShopApp(int port) throws IOException {
    server = HttpServer.create(new InetSocketAddress(port), 0);
    for (Map.Entry<String, HttpHandler> r : new Shop(payment -> {}).routes().entrySet()) {
      server.createContext(r.getKey(), r.getValue());
    }
    server.setExecutor(workers);
    server.start();
  }

  public static PlainShopApp start(int port) throws IOException {
    return new PlainShopApp(port);
  }

  public static void main(String[] args) throws Exception {
    Args a = Args.parse(args, 8081, "vigil-example-plain");
    PlainShopApp app = start(a.port);
    if (a.load) {
      app.load = new LoadGenerator(app.port());
      app.load.start();
    }
    System.out.println("Plain example shop listening on http://localhost:" + app.port() + "/");
    Runtime.getRuntime().addShutdownHook(new Thread(app::close));
    Thread.currentThread().join();
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
