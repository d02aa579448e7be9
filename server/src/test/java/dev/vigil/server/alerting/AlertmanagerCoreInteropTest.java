package dev.vigil.server.alerting;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vigil.server.alerting.config.AmConfigLoader;
import dev.vigil.server.alerting.config.TestIntegrationFactory;
import dev.vigil.server.model.Labels;
import dev.vigil.server.model.Matcher;
import dev.vigil.server.testing.ExternalTools;
import java.io.File;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real Alertmanager (Debian's 0.25) and Vigil agree on inhibition (InhibitorTest's table,
 * with the same rules) and on silence updates (which changes keep the ID, which replace the
 * silence). A short real-time test: Alertmanager fills its inhibition cache asynchronously.
 * Skips when Alertmanager is not installed, except under CI=true.
 */
class AlertmanagerCoreInteropTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final HttpClient http = HttpClient.newBuilder()
      .connectTimeout(Duration.ofSeconds(2)).build();

  static Path alertmanager() {
    String path = System.getenv("PATH");
    for (String name : List.of("alertmanager", "prometheus-alertmanager")) {
      for (String dir : path == null ? new String[0] : path.split(File.pathSeparator)) {
        Path p = Path.of(dir, name);
        if (Files.isExecutable(p)) {
          return p;
        }
      }
    }
    return ExternalTools.require("alertmanager", "prometheus-alertmanager");
  }

  @Test
  void inhibitionAndSilenceUpdatesAgree(@TempDir Path dir) throws Exception {
    Path binary = alertmanager();
    Path config = dir.resolve("alertmanager.yml");
    // The inhibition rules of deep-tree.yml; a receiver without integrations sends nothing.
    String deep = Files.readString(RouteTest.VALID.resolve("deep-tree.yml"));
    Files.writeString(config, "route: {receiver: x, group_wait: 1h}\nreceivers: [{name: x}]\n"
        + deep.substring(deep.indexOf("inhibit_rules:")));
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    Process am = new ProcessBuilder(binary.toString(), "--config.file=" + config,
        "--storage.path=" + dir.resolve("data"), "--web.listen-address=127.0.0.1:" + port,
        "--cluster.listen-address=", "--log.level=warn")
        .redirectErrorStream(true).redirectOutput(dir.resolve("am.log").toFile()).start();
    try {
      String base = "http://127.0.0.1:" + port;
      waitReady(base, am, dir);
      checkInhibition(base, new Inhibitor(AmConfigLoader.load(config,
          new TestIntegrationFactory()).inhibitRules()));
      checkSilenceUpdates(base);
    } finally {
      am.destroy();
      if (!am.waitFor(5, TimeUnit.SECONDS)) {
        am.destroyForcibly();
      }
    }
  }

  private void waitReady(String base, Process am, Path dir) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
    while (System.nanoTime() < deadline) {
      if (!am.isAlive()) {
        throw new AssertionError("alertmanager exited: " + Files.readString(dir.resolve("am.log")));
      }
      try {
        if (get(base + "/-/ready").statusCode() == 200) {
          return;
        }
      } catch (java.io.IOException e) {
        // not listening yet
      }
      Thread.sleep(100);
    }
    throw new AssertionError("alertmanager not ready: " + Files.readString(dir.resolve("am.log")));
  }

  /**
   * Each case's alerts get a case suffix on alertname (except NodeDown), cluster and instance,
   * so that all cases can fire at once without inhibiting each other.
   */
  private void checkInhibition(String base, Inhibitor vigil) throws Exception {
    String[][] cases = InhibitorTest.cases();
    ArrayNode alerts = JSON.createArrayNode();
    Map<String, Boolean> want = new LinkedHashMap<>();
    Map<String, Boolean> vigilSays = new LinkedHashMap<>();
    // Cases expected false go first, so their sources are in Alertmanager's cache before the
    // last expected-true case shows as inhibited.
    for (boolean pass : new boolean[] {false, true}) {
      for (int i = 0; i < cases.length; i++) {
        if (Boolean.parseBoolean(cases[i][2]) != pass) {
          continue;
        }
        Labels target = suffixed(InhibitorTest.labels(cases[i][0]), i);
        List<Labels> firing = new ArrayList<>();
        for (String a : cases[i][1].split("\\|")) {
          if (!a.isEmpty()) {
            firing.add(suffixed(InhibitorTest.labels(a), i));
          }
        }
        // The target's own labels carry the case number, so the target is found again.
        target = target.toBuilder().set("case", "t" + i).build();
        for (Labels l : firing) {
          alerts.add(alert(l.toBuilder().set("case", "s" + i).build()));
        }
        alerts.add(alert(target));
        want.put("t" + i, pass);
        List<Labels> all = new ArrayList<>();
        for (Labels l : firing) {
          all.add(l.toBuilder().set("case", "s" + i).build());
        }
        vigilSays.put("t" + i, vigil.inhibited(target, all));
      }
    }
    HttpResponse<String> r = post(base + "/api/v2/alerts", alerts.toString());
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (System.nanoTime() < deadline && !allTrueInhibited(base, want)) {
      Thread.sleep(100);
    }
    Thread.sleep(300);
    Map<String, Boolean> amSays = inhibitedByCase(base);
    assertThat(vigilSays).isEqualTo(want);
    List<String> am = new ArrayList<>();
    for (String k : want.keySet()) {
      am.add(k + "=" + amSays.get(k));
    }
    assertThat(am).isEqualTo(want.entrySet().stream()
        .map(e -> e.getKey() + "=" + e.getValue()).toList());
  }

  private boolean allTrueInhibited(String base, Map<String, Boolean> want) throws Exception {
    Map<String, Boolean> amSays = inhibitedByCase(base);
    for (Map.Entry<String, Boolean> e : want.entrySet()) {
      if (e.getValue() && !Boolean.TRUE.equals(amSays.get(e.getKey()))) {
        return false;
      }
    }
    return true;
  }

  private static Labels suffixed(Labels l, int i) {
    Labels.Builder b = l.toBuilder();
    for (String name : List.of("alertname", "cluster", "instance")) {
      String v = l.get(name);
      if (v != null && !v.equals("NodeDown")) {
        b.set(name, v + "-c" + i);
      }
    }
    return b.build();
  }

  private static ObjectNode alert(Labels l) {
    ObjectNode a = JSON.createObjectNode();
    ObjectNode labels = a.putObject("labels");
    for (int i = 0; i < l.size(); i++) {
      labels.put(l.name(i), l.value(i));
    }
    a.put("startsAt", Instant.now().minusSeconds(60).toString());
    a.put("endsAt", Instant.now().plusSeconds(3600).toString());
    return a;
  }

  /** Target case name → whether Alertmanager reports it inhibited. */
  private Map<String, Boolean> inhibitedByCase(String base) throws Exception {
    Map<String, Boolean> out = new HashMap<>();
    for (JsonNode a : JSON.readTree(get(base + "/api/v2/alerts").body())) {
      String c = a.path("labels").path("case").asText();
      if (c.startsWith("t")) {
        out.put(c, a.path("status").path("inhibitedBy").size() > 0);
      }
    }
    return out;
  }

  /**
   * The same sequence of silence writes against both; each step records whether the ID was
   * kept ("same"), replaced ("new") or refused ("error"), and the states afterwards.
   */
  private void checkSilenceUpdates(String base) throws Exception {
    List<String> amSteps = new ArrayList<>();
    List<String> vigilSteps = new ArrayList<>();
    Silences vigil = new Silences(null, Duration.ofHours(1), System::currentTimeMillis);
    long now = System.currentTimeMillis();
    long hour = 3_600_000L;

    // 1. Active silence created with a start in the past (both move it to now).
    String amA = amSet(base, "", "job=api", now - 60_000, now + hour);
    String viA = vigil.set(silence("", "job=api", now - 60_000, now + hour));
    long amStart = Instant.parse(amGet(base, amA).path("startsAt").asText()).toEpochMilli();
    long viStart = vigil.get(viA).startsAtMillis();
    // 2. Same matchers and start, later end: updated in place.
    amSteps.add(step(amA, amSet(base, amA, "job=api", amStart, now + 2 * hour)));
    vigilSteps.add(step(viA, vigil.set(silence(viA, "job=api", viStart, now + 2 * hour))));
    // 3. New matchers: replaced, the old one expired.
    String amB = amSet(base, amA, "job=db", amStart, now + 2 * hour);
    String viB = vigil.set(silence(viA, "job=db", viStart, now + 2 * hour));
    amSteps.add(step(amA, amB) + " old=" + amGet(base, amA).path("status").path("state").asText());
    vigilSteps.add(step(viA, viB) + " old=" + vigil.get(viA).state(System.currentTimeMillis()));
    // 4. Pending silence moved to another future start: in place.
    String amP = amSet(base, "", "job=web", now + hour, now + 2 * hour);
    String viP = vigil.set(silence("", "job=web", now + hour, now + 2 * hour));
    amSteps.add(step(amP, amSet(base, amP, "job=web", now + 2 * hour, now + 3 * hour)));
    vigilSteps.add(step(viP, vigil.set(silence(viP, "job=web", now + 2 * hour, now + 3 * hour))));
    // 5. An expired silence written again: a new one.
    amSteps.add(step(amA, amSet(base, amA, "job=api", now, now + hour)));
    vigilSteps.add(step(viA, vigil.set(silence(viA, "job=api", now, now + hour))));
    // 6. Unknown ID: refused.
    amSteps.add(amSet(base, "00000000-0000-0000-0000-000000000000", "job=api", now, now + hour));
    try {
      vigilSteps.add(vigil.set(silence("00000000-0000-0000-0000-000000000000", "job=api", now,
          now + hour)));
    } catch (Silences.NotFoundException e) {
      vigilSteps.add("error 404");
    }
    assertThat(vigilSteps).isEqualTo(amSteps);
    assertThat(amSteps).containsExactly("same", "new old=expired", "same", "new", "error 404");
  }

  private static Silence silence(String id, String matchers, long start, long end) {
    return new Silence(id, Matchers.parse(matchers), start, end, 0, "interop", "test");
  }

  private static String step(String before, String after) {
    return after.startsWith("error") ? after : before.equals(after) ? "same" : "new";
  }

  /** Posts a silence; its ID, or "error <status>". */
  private String amSet(String base, String id, String matchers, long start, long end)
      throws Exception {
    ObjectNode s = JSON.createObjectNode();
    if (!id.isEmpty()) {
      s.put("id", id);
    }
    ArrayNode ms = s.putArray("matchers");
    for (Matcher m : Matchers.parse(matchers)) {
      ms.addObject().put("name", m.name()).put("value", m.value())
          .put("isRegex", m.type() == Matcher.Type.REGEX || m.type() == Matcher.Type.NOT_REGEX)
          .put("isEqual", m.type() == Matcher.Type.EQUAL || m.type() == Matcher.Type.REGEX);
    }
    s.put("startsAt", Instant.ofEpochMilli(start).toString());
    s.put("endsAt", Instant.ofEpochMilli(end).toString());
    s.put("createdBy", "interop");
    s.put("comment", "test");
    HttpResponse<String> r = post(base + "/api/v2/silences", s.toString());
    if (r.statusCode() != 200) {
      return "error " + r.statusCode();
    }
    return JSON.readTree(r.body()).path("silenceID").asText();
  }

  private JsonNode amGet(String base, String id) throws Exception {
    return JSON.readTree(get(base + "/api/v2/silence/" + id).body());
  }

  private HttpResponse<String> get(String url) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5))
        .GET().build(), HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> post(String url, String body) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5))
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body)).build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
