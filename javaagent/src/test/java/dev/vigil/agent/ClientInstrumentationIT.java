package dev.vigil.agent;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.agent.apps.ClientsApp;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Outbound HTTP with java.net.http, HttpURLConnection and OkHttp 5, on JDK 17 and 25. */
class ClientInstrumentationIT {
  private static final String DURATION = "http_client_request_duration_seconds_count";

  @ParameterizedTest(name = "JDK {0}")
  @MethodSource("dev.vigil.agent.ChildApp#javas")
  void eachClientCountsItsCallsOnce(String version) throws Exception {
    try (ChildApp app = ChildApp.start(ChildApp.java(version), "", ClientsApp.class)) {
      Scraped s = app.scrape();
      // java.net.http.HttpClient: send twice, sendAsync once.
      assertThat(s.value(DURATION, "http_request_method", "GET", "http_response_status_code",
          "200", "server_address", "127.0.0.1")).isEqualTo(3.0);
      // HttpURLConnection: getResponseCode then getInputStream, twice.
      assertThat(s.value(DURATION, "http_request_method", "POST", "http_response_status_code",
          "201", "server_address", "127.0.0.1")).isEqualTo(2.0);
      // OkHttp: execute three times, enqueue once.
      assertThat(s.value(DURATION, "http_request_method", "PUT", "http_response_status_code",
          "202")).isEqualTo(3.0);
      assertThat(s.value(DURATION, "http_request_method", "DELETE", "http_response_status_code",
          "204")).isEqualTo(1.0);
      assertThat(s.value(DURATION)).isEqualTo(9.0);
    }
  }
}
