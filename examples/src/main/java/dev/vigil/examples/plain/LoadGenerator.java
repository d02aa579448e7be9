package dev.vigil.examples.plain;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/** A gentle stream of requests to the app itself, only to loopback, a few per second. */
public final class LoadGenerator {
  private static final String[] PATHS = {"/api/cart", "/api/cart", "/api/order", "/", "/api/fail"};

  private final int port;
  private final HttpClient client = HttpClient.newBuilder()
      .connectTimeout(Duration.ofSeconds(2)).build();
  private final ScheduledExecutorService timer =
      Executors.newSingleThreadScheduledExecutor(Shop.daemon("example-load"));

  public LoadGenerator(int port) {
    this.port = port;
  }

  public void start() {
    timer.scheduleAtFixedRate(this::send, 0, 200, TimeUnit.MILLISECONDS);
  }

  private void send() {
    String path = PATHS[ThreadLocalRandom.current().nextInt(PATHS.length)];
    HttpRequest req = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
        .timeout(Duration.ofSeconds(5)).build();
    client.sendAsync(req, HttpResponse.BodyHandlers.discarding());
  }

  public void stop() {
    timer.shutdownNow();
  }
}
