package dev.vigil.agent;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.agent.apps.JdkServerApp;
import dev.vigil.agent.apps.JettyApp;
import dev.vigil.agent.apps.TomcatApp;
import dev.vigil.agent.apps.UndertowApp;
import java.net.http.HttpResponse;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Inbound HTTP: real servers in child JVMs under the real agent jar, on JDK 17 and 25. */
class ServerInstrumentationIT {
  private static final String DURATION = "http_server_request_duration_seconds_count";

  @ParameterizedTest(name = "JDK {0}")
  @MethodSource("dev.vigil.agent.ChildApp#javas")
  void jdkHttpServer(String version) throws Exception {
    try (ChildApp app = ChildApp.start(ChildApp.java(version), "", JdkServerApp.class)) {
      for (int i = 0; i < 3; i++) {
        assertThat(app.request("GET", "/hello").body()).isEqualTo("hello");
      }
      app.request("GET", "/users/17");
      app.request("GET", "/users/3f2a9c1e-8d7b-4c3a-9e2f-0a1b2c3d4e5f");
      assertThat(app.request("GET", "/nope").statusCode()).isEqualTo(404);
      Scraped s = app.scrape();
      assertThat(s.value(DURATION, "http_route", "/hello", "http_response_status_code", "200",
          "http_request_method", "GET")).isEqualTo(3.0);
      assertThat(s.value(DURATION, "http_route", "/users/{id}")).isEqualTo(2.0);
      assertThat(s.value(DURATION, "http_route", "/nope", "http_response_status_code", "404"))
          .isEqualTo(1.0);
      // The agent's own endpoint is not a request of the application.
      assertThat(s.labelValues(DURATION, "http_route")).doesNotContain("/metrics");
      assertThat(s.value("jvm_threads_current")).isPositive();
      assertThat(s.value("http_server_request_duration_seconds_bucket", "http_route", "/hello",
          "le", "10.0")).isEqualTo(3.0);
    }
  }

  @ParameterizedTest(name = "JDK {0}")
  @MethodSource("dev.vigil.agent.ChildApp#javas")
  void tomcatJakartaServlets(String version) throws Exception {
    try (ChildApp app = ChildApp.start(ChildApp.java(version), "", TomcatApp.class)) {
      app.request("GET", "/users/1");
      app.request("GET", "/users/2/orders");
      assertThat(app.request("GET", "/hello").body()).isEqualTo("hello");
      assertThat(app.request("GET", "/boom").statusCode()).isEqualTo(500);
      Scraped s = app.scrape();
      assertThat(s.value(DURATION, "http_route", "/users/*", "http_response_status_code", "200"))
          .isEqualTo(2.0);
      assertThat(s.value(DURATION, "http_route", "/hello")).isEqualTo(1.0);
      assertThat(s.value(DURATION, "http_route", "/boom", "http_response_status_code", "500"))
          .isEqualTo(1.0);
    }
  }

  @ParameterizedTest(name = "JDK {0}")
  @MethodSource("dev.vigil.agent.ChildApp#javas")
  void jettyJavaxServlets(String version) throws Exception {
    try (ChildApp app = ChildApp.start(ChildApp.java(version), "", JettyApp.class)) {
      app.request("GET", "/items/1");
      app.request("GET", "/items/2");
      app.request("GET", "/items/3");
      app.request("GET", "/hello");
      HttpResponse<String> gone = app.request("GET", "/gone");
      assertThat(gone.statusCode()).isEqualTo(410);
      Scraped s = app.scrape();
      assertThat(s.value(DURATION, "http_route", "/items/*", "http_response_status_code", "200"))
          .isEqualTo(3.0);
      assertThat(s.value(DURATION, "http_route", "/hello")).isEqualTo(1.0);
      assertThat(s.value(DURATION, "http_route", "/gone", "http_response_status_code", "410"))
          .isEqualTo(1.0);
    }
  }

  @ParameterizedTest(name = "JDK {0}")
  @MethodSource("dev.vigil.agent.ChildApp#javas")
  void undertow(String version) throws Exception {
    try (ChildApp app = ChildApp.start(ChildApp.java(version), "", UndertowApp.class)) {
      app.request("GET", "/users/1");
      app.request("GET", "/users/2");
      app.request("GET", "/hello");
      assertThat(app.request("GET", "/missing/77").statusCode()).isEqualTo(404);
      Scraped s = app.scrape();
      assertThat(s.value(DURATION, "http_route", "/users/{id}", "http_response_status_code",
          "200")).isEqualTo(2.0);
      assertThat(s.value(DURATION, "http_route", "/hello")).isEqualTo(1.0);
      assertThat(s.value(DURATION, "http_route", "/missing/{id}", "http_response_status_code",
          "404")).isEqualTo(1.0);
    }
  }
}
