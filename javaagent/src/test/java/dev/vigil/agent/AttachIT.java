package dev.vigil.agent;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.tools.attach.VirtualMachine;
import dev.vigil.agent.apps.JdkServerApp;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** agentmain: loading the agent into a running JVM through the Attach API. */
class AttachIT {
  @ParameterizedTest(name = "JDK {0}")
  @MethodSource("dev.vigil.agent.ChildApp#javas")
  void attachesToARunningApplication(String version) throws Exception {
    try (ChildApp app = ChildApp.start(ChildApp.java(version), null, JdkServerApp.class)) {
      // Served before the agent arrives, so the server classes are loaded already and must be
      // retransformed.
      assertThat(app.request("GET", "/hello").body()).isEqualTo("hello");
      VirtualMachine vm = VirtualMachine.attach(Long.toString(app.process.pid()));
      try {
        vm.loadAgent(ChildApp.agentJar().toString(), "port=" + app.metricsPort);
      } finally {
        vm.detach();
      }
      assertThat(app.request("GET", "/hello").body()).isEqualTo("hello");
      assertThat(app.request("GET", "/users/5").body()).isEqualTo("user 5");
      Scraped s = app.scrape();
      assertThat(s.value("http_server_request_duration_seconds_count", "http_route", "/hello"))
          .isEqualTo(1.0);
      assertThat(s.value("http_server_request_duration_seconds_count", "http_route",
          "/users/{id}")).isEqualTo(1.0);
      assertThat(s.value("jvm_threads_current")).isPositive();
      assertThat(app.stderr()).contains("(attached)");
    }
  }
}
