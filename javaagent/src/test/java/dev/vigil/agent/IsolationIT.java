package dev.vigil.agent;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.agent.apps.IdleApp;
import dev.vigil.agent.apps.JdkServerApp;
import dev.vigil.agent.apps.OldLibsApp;
import dev.vigil.agent.apps.OwnMetricsApp;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The agent never breaks the application, and stays out of its way. */
class IsolationIT {
  private static final String JAVA = ChildApp.java("17");
  private static final String SHADED_BYTE_BUDDY = " dev.vigil.agent.shaded.bytebuddy.";

  /** The application's own, older Byte Buddy and OkHttp 4 work next to the agent's copies. */
  @Test
  void appWithItsOwnByteBuddyAndOkHttpRunsUnchanged() throws Exception {
    Path libs = Path.of(System.getProperty("vigil.app.libs", "target/app-libs"));
    List<String> jars;
    try (Stream<Path> l = Files.list(libs)) {
      jars = l.map(Path::toString).sorted().collect(Collectors.toList());
    }
    assertThat(jars).anyMatch(j -> j.contains("byte-buddy-1.14.12"))
        .anyMatch(j -> j.contains("okhttp-4.12.0"));
    String cp = Path.of("target", "test-classes").toAbsolutePath() + File.pathSeparator
        + String.join(File.pathSeparator, jars);
    String withoutAgent;
    try (ChildApp app = ChildApp.start(JAVA, null, cp, OldLibsApp.class)) {
      withoutAgent = app.check();
    }
    try (ChildApp app = ChildApp.start(JAVA, "", cp, OldLibsApp.class)) {
      String withAgent = app.check();
      assertThat(withAgent).isEqualTo(withoutAgent)
          .contains("bytebuddy=byte-buddy-1.14.12.jar", "okhttp=okhttp-4.12.0.jar",
              "generated=made by the app's Byte Buddy", "responses=200:ok 200:ok");
      // And the agent instruments OkHttp 4 as well.
      assertThat(app.scrape().value("http_client_request_duration_seconds_count",
          "http_request_method", "GET", "http_response_status_code", "200")).isEqualTo(2.0);
      assertThat(app.stderr()).doesNotContain("could not instrument", "failed");
    }
  }

  /** An instrumentation that throws: responses unchanged, reported once, nothing recorded. */
  @Test
  void throwingInstrumentationLeavesResponsesUnchanged() throws Exception {
    try (ChildApp app = ChildApp.start(JAVA, "", JdkServerApp.class,
        "-Dvigil.agent.test.fail=server")) {
      for (int i = 0; i < 3; i++) {
        assertThat(app.request("GET", "/hello").body()).isEqualTo("hello");
        assertThat(app.request("GET", "/users/1").body()).isEqualTo("user 1");
        assertThat(app.request("GET", "/nope").statusCode()).isEqualTo(404);
      }
      Scraped s = app.scrape();
      assertThat(s.value("http_server_request_duration_seconds_count")).isNull();
      assertThat(s.value("jvm_threads_current")).isPositive();
      assertThat(app.stderr().split("an instrumentation failed", -1)).hasSize(2);
      assertThat(app.stderr()).contains("forced by -Dvigil.agent.test.fail=server");
    }
  }

  /** Typos are reported on stderr and the application still starts; a switch turns one off. */
  @Test
  void unknownOptionIsReportedAndDisabledInstrumentationRecordsNothing() throws Exception {
    try (ChildApp app = ChildApp.start(JAVA, "prot=1,instrumentation.httpserver.enabled=false",
        JdkServerApp.class, "-Dvigil.agent.colour=blue")) {
      assertThat(app.request("GET", "/hello").body()).isEqualTo("hello");
      Scraped s = app.scrape();
      assertThat(s.value("http_server_request_duration_seconds_count")).isNull();
      assertThat(s.value("jvm_threads_current")).isPositive();
      assertThat(app.stderr()).contains("ignoring unknown option agent argument prot")
          .contains("ignoring unknown option system property vigil.agent.colour");
    }
  }

  /**
   * Byte Buddy is made at start-up on the agent's own thread, from its jar on the bootstrap class
   * path (loaded natively, without verification): the application's main thread loads none of
   * it, and the application class loader none at all.
   */
  @Test
  void byteBuddyIsMadeOffTheMainThreadFromTheBootstrapClassPath(
      @org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
    Path idleLog = dir.resolve("idle-classes.log");
    try (ChildApp app = ChildApp.start(JAVA, "", IdleApp.class,
        "-Xlog:class+load=info:file=" + idleLog + ":tid")) {
      // Not scraped: the endpoint is the JDK's HTTP server, whose first request would load
      // Filter$Chain, an instrumented class, so the instrumentation is made by start-up alone.
      long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(60);
      while (!app.stderr().contains("metrics on") && System.nanoTime() < deadline) {
        Thread.sleep(50);
      }
      assertThat(app.stderr()).contains("watching for 8 libraries",
          "instrumentation ready in", "made at start-up", "metrics on");
      assertThat(app.check()).isEqualTo("logmanager=null");
    }
    List<String> idle = Files.readAllLines(idleLog);
    // The thread that loads java.lang.Object is the one that runs main.
    String mainThread = idle.get(0).substring(0, idle.get(0).indexOf(']') + 1);
    List<String> byteBuddy = idle.stream().filter(l -> l.contains(SHADED_BYTE_BUDDY))
        .collect(Collectors.toList());
    // Besides the jar's classes, Byte Buddy defines a few itself (proxies, dispatchers).
    assertThat(byteBuddy).hasSizeGreaterThan(100)
        .anyMatch(l -> l.contains("source: /") && l.contains("/vigil-agent-bytebuddy-"))
        .noneMatch(l -> l.contains("source: file:") || l.contains("source: jar:"))
        .noneMatch(l -> l.startsWith(mainThread));
    assertThat(idle).anyMatch(l -> l.contains(" dev.vigil.agent.tooling.LazyTransformer "))
        .anyMatch(l -> l.contains(" dev.vigil.agent.shaded.client.httpserver.HTTPServer "));
  }

  /**
   * When the start-up thread is done before the first request, the JDK server's Filter$Chain was
   * transformed ahead: the thread that loads it loads no Byte Buddy class, and the request counts.
   */
  @Test
  void filterChainTransformedAheadCountsTheFirstRequest(
      @org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
    Path log = dir.resolve("classes.log");
    try (ChildApp app = ChildApp.start(JAVA, "", JdkServerApp.class,
        "-Xlog:class+load=info:file=" + log + ":tid")) {
      // The endpoint starts after the transformation ahead; nothing has loaded Filter$Chain yet.
      long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(60);
      while (!app.stderr().contains("metrics on") && System.nanoTime() < deadline) {
        Thread.sleep(50);
      }
      assertThat(app.request("GET", "/hello").body()).isEqualTo("hello");
      assertThat(app.scrape().value("http_server_request_duration_seconds_count", "http_route",
          "/hello")).isEqualTo(1.0);
    }
    List<String> lines = Files.readAllLines(log);
    String chain = lines.stream().filter(l -> l.contains(" com.sun.net.httpserver.Filter$Chain "))
        .findFirst().orElseThrow();
    String thread = chain.substring(0, chain.indexOf(']') + 1);
    assertThat(lines).filteredOn(l -> l.startsWith(thread))
        .noneMatch(l -> l.contains(SHADED_BYTE_BUDDY));
  }

  /** The agent never initialises java.util.logging (WildFly installs its own LogManager). */
  @Test
  void neverInitialisesJavaUtilLogging() throws Exception {
    try (ChildApp app = ChildApp.start(JAVA, "", IdleApp.class,
        "-Djava.util.logging.manager=dev.vigil.agent.apps.TrapLogManager")) {
      app.scrape();
      app.scrape("application/openmetrics-text; version=1.0.0");
      assertThat(app.check()).isEqualTo("logmanager=null");
    }
  }

  /** {@code web.config.file}: the endpoint asks for the users' passwords, as the server does. */
  @Test
  void theEndpointTakesAWebConfigFile(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
      throws Exception {
    java.nio.file.Path web = dir.resolve("web.yml");
    // bcrypt of "test", made with libxcrypt.
    java.nio.file.Files.writeString(web, "basic_auth_users:\n"
        + "  prometheus: $2b$04$vzsctYjJcCQ7.IQisMedoOTL.lkTkVASUrIItsdvfPK0hhjww4HCm\n");
    try (ChildApp app = ChildApp.start(JAVA, "web.config.file=" + web, IdleApp.class)) {
      String url = "http://127.0.0.1:" + app.metricsPort + "/metrics";
      java.net.http.HttpResponse<String> anonymous = null;
      for (int i = 0; i < 200 && anonymous == null; i++) {
        try {
          anonymous = ChildApp.send(java.net.http.HttpRequest.newBuilder(
              java.net.URI.create(url)).build());
        } catch (java.io.IOException notYet) {
          Thread.sleep(100);
        }
      }
      assertThat(anonymous).as("the endpoint came up").isNotNull();
      assertThat(anonymous.statusCode()).isEqualTo(401);
      String auth = java.util.Base64.getEncoder().encodeToString("prometheus:test".getBytes());
      assertThat(ChildApp.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(url))
          .header("Authorization", "Basic " + auth).build()).statusCode()).isEqualTo(200);
    }
  }

  /** The application's own client-sdk default registry is served on the agent's endpoint. */
  @Test
  void applicationsOwnRegistryIsServedOnce() throws Exception {
    try (ChildApp app = ChildApp.start(JAVA, "", OwnMetricsApp.class)) {
      Scraped text = app.scrape();
      assertThat(text.value("app_orders_total")).isEqualTo(5.0);
      assertThat(text.value("jvm_threads_current")).isPositive();
      // Both registries have JVM metrics; each family appears once.
      assertThat(text.body.split("# TYPE jvm_threads_current ", -1)).hasSize(2);
      String om = app.scrape("application/openmetrics-text; version=1.0.0").body;
      assertThat(om).contains("\napp_orders_total 5\n").endsWith("# EOF\n");
      assertThat(om.split("# EOF", -1)).hasSize(2);
    }
  }
}
