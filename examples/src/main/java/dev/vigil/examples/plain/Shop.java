package dev.vigil.examples.plain;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * The example shop's business logic, with no metrics code: carts, orders that sometimes fail
 * at the payment provider, and an endpoint that always fails. The instrumented app adds
 * client-sdk metrics around it; the plain app serves it as is, for the Java agent to measure.
 */
public final class Shop {
  private final AtomicInteger openCarts = new AtomicInteger();
  private final Consumer<String> onOrder;
  /** Set by tests and the stack to make orders fail, as an outage would. */
  private volatile boolean paymentDown;

  /** @param onOrder told the payment method of each order placed */
  public Shop(Consumer<String> onOrder) {
    this.onOrder = onOrder;
  }

  /** Path → handler, in the order they should be registered. */
  public Map<String, HttpHandler> routes() {
    Map<String, HttpHandler> r = new LinkedHashMap<>();
    r.put("/", ex -> respond(ex, 200,
        "Vigil example shop. Try /api/cart, /api/order, /api/fail and /metrics\n"));
    r.put("/api/cart", this::addToCart);
    r.put("/api/order", this::order);
    r.put("/api/fail", ex -> respond(ex, 500, "simulated failure\n"));
    r.put("/admin/payment", this::payment);
    return r;
  }

  public int openCarts() {
    return openCarts.get();
  }

  private void addToCart(HttpExchange ex) throws IOException {
    work(5, 40);
    openCarts.incrementAndGet();
    respond(ex, 200, "added\n");
  }

  private void order(HttpExchange ex) throws IOException {
    work(20, 120);
    if (paymentDown || ThreadLocalRandom.current().nextInt(20) == 0) {
      respond(ex, 503, "payment provider unavailable\n");
      return;
    }
    if (openCarts.get() > 0) {
      openCarts.decrementAndGet();
    }
    onOrder.accept(ThreadLocalRandom.current().nextBoolean() ? "card" : "invoice");
    respond(ex, 200, "ordered\n");
  }

  /** {@code POST /admin/payment?down=true|false}: breaks or mends the payment provider. */
  private void payment(HttpExchange ex) throws IOException {
    String q = ex.getRequestURI().getQuery();
    paymentDown = q != null && q.contains("down=true");
    respond(ex, 200, "payment provider " + (paymentDown ? "down" : "up") + "\n");
  }

  private static void work(int minMillis, int maxMillis) {
    try {
      Thread.sleep(ThreadLocalRandom.current().nextInt(minMillis, maxMillis));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  static void respond(HttpExchange ex, int status, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    ex.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
    ex.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = ex.getResponseBody()) {
      out.write(bytes);
    }
  }

  /** Daemon threads, so the example never outlives its main thread's decision to stop. */
  public static ThreadFactory daemon(String name) {
    return r -> {
      Thread t = new Thread(r, name);
      t.setDaemon(true);
      return t;
    };
  }
}
