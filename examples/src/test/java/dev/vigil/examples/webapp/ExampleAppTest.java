package dev.vigil.examples.webapp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.client.model.Registry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

class ExampleAppTest {
  private final HttpClient http = HttpClient.newHttpClient();

  private HttpResponse<String> get(ExampleApp app, String path, String accept) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(
        URI.create("http://127.0.0.1:" + app.port() + path));
    if (accept != null) {
      b.header("Accept", accept);
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void requestsAreCountedAndTimedAndServedOnMetrics() throws Exception {
    try (ExampleApp app = ExampleApp.start(0, new Registry())) {
      assertThat(get(app, "/api/cart", null).statusCode()).isEqualTo(200);
      assertThat(get(app, "/api/cart", null).statusCode()).isEqualTo(200);
      assertThat(get(app, "/api/fail", null).statusCode()).isEqualTo(500);

      HttpResponse<String> text = get(app, "/metrics", null);
      assertThat(text.headers().firstValue("Content-Type")).hasValue(
          "text/plain; version=0.0.4; charset=utf-8");
      assertThat(text.body())
          .contains("http_requests_total{method=\"GET\",route=\"/api/cart\",status=\"200\"} 2")
          .contains("http_requests_total{method=\"GET\",route=\"/api/fail\",status=\"500\"} 1")
          .contains("http_request_duration_seconds_count{method=\"GET\",route=\"/api/cart\"} 2")
          .contains("shop_open_carts 2")
          .contains("http_requests_in_flight 0");

      HttpResponse<String> om = get(app, "/metrics", "application/openmetrics-text");
      assertThat(om.body()).contains("# TYPE http_requests counter").endsWith("# EOF\n");
    }
  }
}
