package dev.vigil.server.alerting.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.server.alerting.Alertmanager;
import dev.vigil.server.alerting.FakeScheduler;
import dev.vigil.server.alerting.Fingerprints;
import dev.vigil.server.alerting.RecordingFactory;
import dev.vigil.server.model.Labels;
import dev.vigil.server.alerting.config.AmConfigLoader;
import dev.vigil.server.alerting.NotificationHistory;
import dev.vigil.server.web.WebServer;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** API v2 over HTTP, answers compared with golden strings in Alertmanager's shapes. */
class AlertsApiTest {
  static final long T0 = Instant.parse("2024-01-01T00:00:00Z").toEpochMilli();
  static final String YAML = """
      route:
        receiver: team
        group_by: [alertname]
        routes:
          - matchers: ['severity="page"']
            receiver: pager
            continue: true
      inhibit_rules:
        - source_matchers: ['severity="critical"']
          target_matchers: ['severity="warning"']
          equal: [cluster]
      receivers:
        - name: team
        - name: pager
      """;

  @TempDir
  Path dir;
  final FakeScheduler clock = new FakeScheduler(T0);
  Alertmanager am;
  WebServer web;
  final HttpClient http = HttpClient.newHttpClient();
  String base;

  @BeforeEach
  void start() throws Exception {
    am = new Alertmanager(Alertmanager.Options.defaults().withScheduler(clock));
    am.applyConfig(AmConfigLoader.parse(YAML, "alertmanager.yml", dir, new RecordingFactory()));
    WebServer.Builder b = WebServer.builder(new InetSocketAddress("127.0.0.1", 0));
    am.routes(b);
    web = b.build();
    web.start();
    base = "http://127.0.0.1:" + web.boundAddress().getPort();
  }

  @AfterEach
  void stop() {
    web.close();
    am.close();
  }

  HttpResponse<String> get(String path) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create(base + path)).GET().build(),
        HttpResponse.BodyHandlers.ofString());
  }

  HttpResponse<String> send(String method, String path, String body) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create(base + path))
        .header("Content-Type", "application/json")
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(body)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void postThenListAlerts() throws Exception {
    HttpResponse<String> r = send("POST", "/api/v2/alerts", """
        [{"labels":{"alertname":"test"}},
         {"labels":{"alertname":"Page","severity":"page"},"annotations":{"summary":"s"},
          "startsAt":"2023-12-31T23:00:00Z","generatorURL":"http://prom/graph"}]""");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body()).isEmpty();
    r = get("/api/v2/alerts");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("Content-Type")).hasValue("application/json");
    String page = Fingerprints.hex(Labels.of("alertname", "Page", "severity", "page"));
    String test = "{\"annotations\":{},\"endsAt\":\"2024-01-01T00:05:00.000Z\","
        + "\"fingerprint\":\"1f56cb8f931d1bd4\",\"receivers\":[{\"name\":\"team\"}],"
        + "\"startsAt\":\"2024-01-01T00:00:00.000Z\",\"status\":{\"inhibitedBy\":[],"
        + "\"mutedBy\":[],\"silencedBy\":[],\"state\":\"active\"},"
        + "\"updatedAt\":\"2024-01-01T00:00:00.000Z\",\"labels\":{\"alertname\":\"test\"}}";
    String pageJson = "{\"annotations\":{\"summary\":\"s\"},"
        + "\"endsAt\":\"2024-01-01T00:05:00.000Z\",\"fingerprint\":\"" + page + "\","
        + "\"receivers\":[{\"name\":\"pager\"}],\"startsAt\":\"2023-12-31T23:00:00.000Z\","
        + "\"status\":{\"inhibitedBy\":[],\"mutedBy\":[],\"silencedBy\":[],"
        + "\"state\":\"active\"},\"updatedAt\":\"2024-01-01T00:00:00.000Z\","
        + "\"generatorURL\":\"http://prom/graph\","
        + "\"labels\":{\"alertname\":\"Page\",\"severity\":\"page\"}}";
    assertThat(r.body()).isEqualTo("[" + (page.compareTo("1f56cb8f931d1bd4") < 0
        ? pageJson + "," + test : test + "," + pageJson) + "]");

    assertThat(get("/api/v2/alerts?filter=alertname%3D%22test%22").body())
        .contains("1f56cb8f931d1bd4").doesNotContain("Page");
    assertThat(get("/api/v2/alerts?receiver=pager").body())
        .contains("Page").doesNotContain("1f56cb8f931d1bd4");
    assertThat(get("/api/v2/alerts?active=false").body()).isEqualTo("[]");
  }

  @Test
  void badAlertsAre400WithReasonsAndValidOnesStay() throws Exception {
    HttpResponse<String> r = send("POST", "/api/v2/alerts", "[{\"labels\":{}}]");
    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(r.body()).isEqualTo("\"at least one label pair required\"");
    r = send("POST", "/api/v2/alerts", "[{\"labels\":{\"a\":\"b\"},"
        + "\"startsAt\":\"2020-01-02T00:00:00Z\",\"endsAt\":\"2020-01-01T00:00:00Z\"},"
        + "{\"labels\":{\"ok\":\"yes\"}}]");
    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(r.body()).isEqualTo("\"start time must be before end time\"");
    assertThat(am.store().size()).isEqualTo(1);
    r = send("POST", "/api/v2/alerts", "nope");
    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(r.body()).startsWith("\"parsing alerts body failed: ");
    r = send("POST", "/api/v2/alerts", "{\"labels\":{\"a\":\"b\"}}");
    assertThat(r.statusCode()).isEqualTo(400);
    // 12 MiB passes (over Undertow's default limit), 17 MiB does not.
    String one = "{\"labels\":{\"a\":\"b\"}},";
    r = send("POST", "/api/v2/alerts", "[" + one.repeat((12 << 20) / one.length())
        + "{\"labels\":{\"a\":\"b\"}}]");
    assertThat(r.statusCode()).isEqualTo(200);
    r = send("POST", "/api/v2/alerts", "[" + one.repeat((17 << 20) / one.length())
        + "{\"labels\":{\"a\":\"b\"}}]");
    assertThat(r.statusCode()).isEqualTo(413);
    assertThat(get("/api/v2/alerts?filter=alertname%3D~%22(%22").body()).startsWith("\"bad matchers: ");
    assertThat(get("/api/v2/alerts?receiver=%28").body())
        .startsWith("\"failed to parse receiver param: ");
    assertThat(get("/api/v2/alerts?active=maybe").statusCode()).isEqualTo(400);
  }

  @Test
  void inhibitedAlertIsSuppressedWithItsSource() throws Exception {
    send("POST", "/api/v2/alerts", """
        [{"labels":{"alertname":"Src","severity":"critical","cluster":"x"}},
         {"labels":{"alertname":"Tgt","severity":"warning","cluster":"x"}}]""");
    String src = Fingerprints.hex(Labels.of(
        "alertname", "Src", "severity", "critical", "cluster", "x"));
    String body = get("/api/v2/alerts?inhibited=false").body();
    assertThat(body).contains("Src").doesNotContain("Tgt");
    body = get("/api/v2/alerts?active=false").body();
    assertThat(body).contains("\"status\":{\"inhibitedBy\":[\"" + src + "\"],\"mutedBy\":[],"
        + "\"silencedBy\":[],\"state\":\"suppressed\"}").doesNotContain("\"Src\"");
  }

  @Test
  void groupsReceiversStatus() throws Exception {
    send("POST", "/api/v2/alerts", """
        [{"labels":{"alertname":"B","instance":"2"}},{"labels":{"alertname":"B","instance":"1"}},
         {"labels":{"alertname":"A","job":"j"}}]""");
    String groups = get("/api/v2/alerts/groups").body();
    assertThat(groups).startsWith("[{\"alerts\":[{\"annotations\":{}");
    assertThat(groups.indexOf("\"labels\":{\"alertname\":\"A\"},\"receiver\":{\"name\":\"team\"}"))
        .isPositive().isLessThan(groups.indexOf("\"labels\":{\"alertname\":\"B\"},"));
    assertThat(groups.indexOf("\"instance\":\"1\"")).isLessThan(groups.indexOf("\"instance\":\"2\""));
    String a = Fingerprints.hex(Labels.of("alertname", "A", "job", "j"));
    assertThat(get("/api/v2/alerts/groups?filter=alertname%3DA").body()).isEqualTo(
        "[{\"alerts\":[{\"annotations\":{},\"endsAt\":\"2024-01-01T00:05:00.000Z\","
        + "\"fingerprint\":\"" + a + "\",\"receivers\":[{\"name\":\"team\"}],"
        + "\"startsAt\":\"2024-01-01T00:00:00.000Z\",\"status\":{\"inhibitedBy\":[],"
        + "\"mutedBy\":[],\"silencedBy\":[],\"state\":\"active\"},"
        + "\"updatedAt\":\"2024-01-01T00:00:00.000Z\","
        + "\"labels\":{\"alertname\":\"A\",\"job\":\"j\"}}],"
        + "\"labels\":{\"alertname\":\"A\"},\"receiver\":{\"name\":\"team\"},"
        + "\"routeLabels\":{}}]");
    assertThat(get("/api/v2/receivers").body())
        .isEqualTo("[{\"name\":\"pager\"},{\"name\":\"team\"}]");
    String status = get("/api/v2/status").body();
    assertThat(status).startsWith("{\"cluster\":{\"peers\":[],\"status\":\"disabled\"},"
        + "\"config\":{\"original\":\"route:\\n  receiver: team\\n")
        .contains("\"uptime\":\"2024-01-01T00:00:00.000Z\",\"versionInfo\":{\"branch\":");
  }

  @Test
  void silencesLifecycle() throws Exception {
    String body = """
        {"matchers":[{"name":"alertname","value":"test","isRegex":false},
                     {"name":"env","value":"prod|dev","isRegex":true,"isEqual":false}],
         "startsAt":"2023-12-31T00:00:00Z","endsAt":"2024-01-02T00:00:00Z",
         "createdBy":"me","comment":"c"}""";
    HttpResponse<String> r = send("POST", "/api/v2/silences", body);
    assertThat(r.statusCode()).isEqualTo(200);
    String id = r.body().replaceAll("^\\{\"silenceID\":\"([^\"]+)\"\\}$", "$1");
    assertThat(id).hasSize(36);
    String expected = "{\"id\":\"" + id + "\",\"status\":{\"state\":\"active\"},"
        + "\"updatedAt\":\"2024-01-01T00:00:00.000Z\",\"comment\":\"c\",\"createdBy\":\"me\","
        + "\"endsAt\":\"2024-01-02T00:00:00.000Z\",\"matchers\":["
        + "{\"isEqual\":true,\"isRegex\":false,\"name\":\"alertname\",\"value\":\"test\"},"
        + "{\"isEqual\":false,\"isRegex\":true,\"name\":\"env\",\"value\":\"prod|dev\"}],"
        + "\"startsAt\":\"2024-01-01T00:00:00.000Z\"}";
    assertThat(get("/api/v2/silence/" + id).body()).isEqualTo(expected);
    assertThat(get("/api/v2/silences").body()).isEqualTo("[" + expected + "]");
    assertThat(get("/api/v2/silences?filter=alertname%3Dother").body()).isEqualTo("[]");
    assertThat(get("/api/v2/silences?filter=alertname%3Dtest").body()).contains(id);

    send("POST", "/api/v2/alerts", "[{\"labels\":{\"alertname\":\"test\"}}]");
    assertThat(get("/api/v2/alerts").body()).contains("\"silencedBy\":[\"" + id + "\"],"
        + "\"state\":\"suppressed\"");

    assertThat(send("DELETE", "/api/v2/silence/" + id, null).statusCode()).isEqualTo(200);
    assertThat(get("/api/v2/silence/" + id).body()).contains("\"state\":\"expired\"");
    assertThat(get("/api/v2/silences?expired=false").body()).isEqualTo("[]");
    assertThat(get("/api/v2/alerts").body()).contains("\"state\":\"active\"");

    assertThat(get("/api/v2/silence/00000000-0000-0000-0000-000000000000").statusCode())
        .isEqualTo(404);
    r = send("DELETE", "/api/v2/silence/00000000-0000-0000-0000-000000000000", null);
    assertThat(r.statusCode()).isEqualTo(404);
    r = send("POST", "/api/v2/silences", body.replace("{\"matchers\":",
        "{\"id\":\"00000000-0000-0000-0000-000000000000\",\"matchers\":"));
    assertThat(r.statusCode()).isEqualTo(404);
    assertThat(r.body()).isEqualTo("\"silence not found\"");
    r = send("POST", "/api/v2/silences", body.replace("2024-01-02", "2023-12-30"));
    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(r.body()).contains("start time must be before end time");
    r = send("POST", "/api/v2/silences", "{\"matchers\":[],\"startsAt\":\"2024-01-01T00:00:00Z\","
        + "\"endsAt\":\"2024-01-02T00:00:00Z\",\"createdBy\":\"me\",\"comment\":\"c\"}");
    assertThat(r.statusCode()).isEqualTo(400);
  }

  @Test
  void historyListsAttemptsNewestFirst() throws Exception {
    am.history().add(new NotificationHistory.Attempt(T0, "team", "webhook", 0, "{}:{}",
        List.of("1f56cb8f931d1bd4"), List.of("test"), "firing", false, "503", 1, 250));
    am.history().add(new NotificationHistory.Attempt(T0 + 1000, "team", "webhook", 0, "{}:{}",
        List.of("1f56cb8f931d1bd4"), List.of("test"), "firing", true, "", 2, 20));
    am.history().add(new NotificationHistory.Attempt(T0 + 2000, "pager", "webhook", 0, "{}:{}",
        List.of(), List.of(), "resolved", true, "", 1, 0));
    String r = get("/api/vigil/v1/notifications?receiver=team&limit=5").body();
    assertThat(r).isEqualTo("{\"status\":\"success\",\"data\":["
        + "{\"time\":\"2024-01-01T00:00:01.000Z\",\"receiver\":\"team\",\"integration\":\"webhook\","
        + "\"index\":0,\"groupKey\":\"{}:{}\",\"alerts\":[{\"fingerprint\":\"1f56cb8f931d1bd4\","
        + "\"alertname\":\"test\"}],\"status\":\"firing\",\"result\":\"ok\",\"error\":\"\","
        + "\"attempt\":2,\"durationSeconds\":0.02},"
        + "{\"time\":\"2024-01-01T00:00:00.000Z\",\"receiver\":\"team\",\"integration\":\"webhook\","
        + "\"index\":0,\"groupKey\":\"{}:{}\",\"alerts\":[{\"fingerprint\":\"1f56cb8f931d1bd4\","
        + "\"alertname\":\"test\"}],\"status\":\"firing\",\"result\":\"failed\",\"error\":\"503\","
        + "\"attempt\":1,\"durationSeconds\":0.25}]}");
    assertThat(get("/api/vigil/v1/notifications?since=2024-01-01T00:00:01.500Z").body())
        .contains("pager").doesNotContain("\"team\"");
    assertThat(get("/api/vigil/v1/notifications?limit=x").statusCode()).isEqualTo(400);
  }
}
