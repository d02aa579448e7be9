package dev.vigil.examples.webapp;

import com.sun.net.httpserver.Filter;
import com.sun.net.httpserver.HttpExchange;
import dev.vigil.client.core.Counter;
import dev.vigil.client.core.Gauge;
import dev.vigil.client.core.Histogram;
import dev.vigil.client.model.Registry;
import java.io.IOException;

/**
 * Counts and times every request that passes through it: the usual RED metrics (rate, errors,
 * duration) of an HTTP service, labelled by method, route and status.
 */
final class HttpMetrics extends Filter {
  private final Counter requests;
  private final Histogram duration;
  private final Gauge inFlight;

  HttpMetrics(Registry registry) {
    requests = Counter.builder().name("http_requests_total")
        .help("HTTP requests served, by method, route and status code.")
        .labelNames("method", "route", "status").register(registry);
    duration = Histogram.builder().name("http_request_duration_seconds")
        .help("Time to serve an HTTP request.")
        .labelNames("method", "route").register(registry);
    inFlight = Gauge.builder().name("http_requests_in_flight")
        .help("HTTP requests being served right now.").register(registry);
  }

  @Override
  public void doFilter(HttpExchange exchange, Chain chain) throws IOException {
    String method = exchange.getRequestMethod();
    String route = exchange.getHttpContext().getPath();
    long start = System.nanoTime();
    inFlight.inc();
    try {
      chain.doFilter(exchange);
    } finally {
      inFlight.dec();
      int status = exchange.getResponseCode();
      duration.labelValues(method, route).observe((System.nanoTime() - start) / 1e9);
      requests.labelValues(method, route, status < 0 ? "0" : Integer.toString(status)).inc();
    }
  }

  @Override
  public String description() {
    return "Vigil request metrics";
  }
}
