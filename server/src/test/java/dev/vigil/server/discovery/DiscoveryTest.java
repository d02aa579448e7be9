package dev.vigil.server.discovery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import dev.vigil.server.model.Labels;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(30)
class DiscoveryTest {
  @TempDir
  Path dir;

  private static void await(BooleanSupplier c) throws InterruptedException {
    long deadline = System.currentTimeMillis() + 10_000;
    while (!c.getAsBoolean()) {
      assertThat(System.currentTimeMillis()).as("condition not met in time").isLessThan(deadline);
      Thread.sleep(50);
    }
  }

  @Test
  void parsesGroupsInJsonAndYamlAndRejectsMalformedOnes() {
    List<Labels> l = TargetGroups.parse(
        "[{\"targets\": [\"a:1\", \"b:2\"], \"labels\": {\"env\": \"prod\"}}]", false, "x.json",
        Labels.EMPTY);
    assertThat(l).containsExactly(Labels.of("__address__", "a:1", "env", "prod"),
        Labels.of("__address__", "b:2", "env", "prod"));
    assertThat(TargetGroups.parse("- targets: ['c:3']\n", true, "y.yml", Labels.EMPTY))
        .containsExactly(Labels.of("__address__", "c:3"));
    assertThatThrownBy(() -> TargetGroups.parse("[{\"targetz\": []}]", false, "z.json",
        Labels.EMPTY)).hasMessage("z.json: group 0: unknown field \"targetz\"");
    assertThatThrownBy(() -> TargetGroups.parse("[{", false, "w.json", Labels.EMPTY))
        .hasMessageStartingWith("w.json: ");
  }

  @Test
  void fileDiscoveryRereadsChangedFilesAndKeepsLastGoodOnError() throws Exception {
    Path f = dir.resolve("targets.json");
    Files.writeString(f, "[{\"targets\": [\"a:1\"]}]");
    AtomicReference<List<Labels>> seen = new AtomicReference<>(List.of());
    ScheduledExecutorService ex = Executors.newSingleThreadScheduledExecutor();
    FileDiscovery d = new FileDiscovery(List.of(dir.resolve("*.json").toString()), 300_000,
        seen::set);
    try {
      d.start(ex);
      await(() -> seen.get().size() == 1);
      assertThat(seen.get().get(0).get("__meta_filepath")).isEqualTo(f.toString());
      Files.writeString(f, "[{\"targets\": [\"a:1\", \"b:2\"]}]");
      await(() -> seen.get().size() == 2);
      Files.writeString(f, "not json at all");
      Thread.sleep(1500);
      assertThat(seen.get()).hasSize(2);
      Files.delete(f);
      await(() -> seen.get().isEmpty());
    } finally {
      d.stop();
      ex.shutdownNow();
    }
  }

  @Test
  void httpDiscoveryPollsTheEndpoint() throws Exception {
    AtomicReference<String> body = new AtomicReference<>("[{\"targets\": [\"h:1\"]}]");
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/sd", h -> {
      byte[] b = body.get().getBytes(StandardCharsets.UTF_8);
      h.getResponseHeaders().set("Content-Type", "application/json");
      h.sendResponseHeaders(200, b.length);
      h.getResponseBody().write(b);
      h.close();
    });
    server.start();
    AtomicReference<List<Labels>> seen = new AtomicReference<>(List.of());
    ScheduledExecutorService ex = Executors.newSingleThreadScheduledExecutor();
    String url = "http://127.0.0.1:" + server.getAddress().getPort() + "/sd";
    HttpDiscovery d = new HttpDiscovery(url, 200, new OkHttpClient(), seen::set);
    try {
      d.start(ex);
      await(() -> seen.get().size() == 1);
      assertThat(seen.get().get(0).get("__meta_url")).isEqualTo(url);
      body.set("[{\"targets\": [\"h:1\", \"h:2\"]}]");
      await(() -> seen.get().size() == 2);
    } finally {
      d.stop();
      ex.shutdownNow();
      server.stop(0);
    }
  }
}
