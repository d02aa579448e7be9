package dev.vigil.server.remote;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.server.VigilServer;
import dev.vigil.server.model.Labels;
import dev.vigil.server.model.Matcher;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xerial.snappy.Snappy;

/**
 * A second Vigil federates from the first (honor_labels keeps the first's job and instance,
 * external labels come along); the receiver refuses malformed requests with 400 and a reason.
 */
class FederationAndReceiverTest {
  @Test
  void aSecondVigilFederatesFromTheFirst(@TempDir Path dir) throws Exception {
    Path firstConfig = dir.resolve("first.yml");
    Files.writeString(firstConfig, """
        global:
          scrape_interval: 1h
          external_labels:
            dc: east
        """);
    try (VigilServer first = new VigilServer(firstConfig, dir.resolve("first"),
        new InetSocketAddress("127.0.0.1", 0), false)) {
      first.start();
      long now = System.currentTimeMillis();
      Peers.append(first.storage(), List.of(
          Labels.of("__name__", "fed_requests_total", "job", "api", "instance", "h1:80"),
          Labels.of("__name__", "fed_requests_total", "job", "api", "instance", "h2:80"),
          Labels.of("__name__", "other_metric", "job", "api")), now - 20_000, 10_000, 2);
      String base = "http://127.0.0.1:" + first.address().getPort();

      HttpResponse<String> text = Peers.get(base + "/federate?match[]="
          + Peers.q("{__name__=~\"fed_.*\"}"));
      assertThat(text.statusCode()).isEqualTo(200);
      assertThat(text.headers().firstValue("Content-Type").orElse(""))
          .startsWith("text/plain; version=0.0.4");
      assertThat(text.body()).isEqualTo("""
          # TYPE fed_requests_total untyped
          fed_requests_total{dc="east",instance="h1:80",job="api"} 1.25 %d
          fed_requests_total{dc="east",instance="h2:80",job="api"} 1001.25 %d
          """.formatted(now - 10_000, now - 10_000));
      HttpResponse<String> om = Peers.HTTP.send(HttpRequest.newBuilder(URI.create(base
          + "/federate?match[]=other_metric")).header("Accept",
          "application/openmetrics-text;version=1.0.0").build(),
          HttpResponse.BodyHandlers.ofString());
      long t = now - 10_000;
      assertThat(om.body()).isEqualTo("# TYPE other_metric unknown\nother_metric{dc=\"east\","
          + "job=\"api\"} 2001.25 " + t / 1000 + "." + String.format("%03d", t % 1000)
          + "\n# EOF\n");

      Path secondConfig = dir.resolve("second.yml");
      Files.writeString(secondConfig, """
          global:
            scrape_interval: 500ms
          scrape_configs:
            - job_name: federate
              honor_labels: true
              metrics_path: /federate
              params:
                'match[]': ['{job="api"}']
              static_configs:
                - targets: ['127.0.0.1:%d']
          """.formatted(first.address().getPort()));
      try (VigilServer second = new VigilServer(secondConfig, dir.resolve("second"),
          new InetSocketAddress("127.0.0.1", 0), false)) {
        second.start();
        Peers.await(30, () -> Peers.read(second.storage(), 0, Long.MAX_VALUE,
            Matcher.equal("job", "api")).size() == 3, "three federated series");
        var got = Peers.read(second.storage(), 0, Long.MAX_VALUE, Matcher.equal("job", "api"));
        assertThat(got.keySet()).containsExactly(
            Labels.of("__name__", "fed_requests_total", "job", "api", "instance", "h1:80",
                "dc", "east"),
            Labels.of("__name__", "fed_requests_total", "job", "api", "instance", "h2:80",
                "dc", "east"),
            Labels.of("__name__", "other_metric", "job", "api", "dc", "east",
                "instance", "127.0.0.1:" + first.address().getPort()));
        // The federated sample keeps the first server's timestamp (honor_timestamps).
        assertThat(got.firstEntry().getValue()).containsEntry(now - 10_000, 1.25);
      }
    }
  }

  @Test
  void theReceiverRefusesMalformedRequestsAndIsOffWithoutTheFlag(@TempDir Path dir)
      throws Exception {
    Path config = dir.resolve("vigil.yml");
    Files.writeString(config, "global:\n  scrape_interval: 1h\n");
    try (VigilServer on = new VigilServer(config, dir.resolve("on"),
        new InetSocketAddress("127.0.0.1", 0), false)) {
      on.remoteWriteReceiver(true);
      on.start();
      String url = "http://127.0.0.1:" + on.address().getPort() + "/api/v1/write";
      assertThat(post(url, "not snappy".getBytes()).body()).contains("cannot decode");
      HttpResponse<String> bad = post(url, Snappy.compress(new byte[] {(byte) 0x0a, 0x05, 1}));
      assertThat(bad.statusCode()).isEqualTo(400);
      assertThat(bad.body()).contains("cannot decode the request");
      // A series without a metric name: Label{name="job", value="x"} inside one TimeSeries.
      byte[] label = {0x0a, 0x03, 'j', 'o', 'b', 0x12, 0x01, 'x'};
      byte[] series = new byte[2 + label.length];
      series[0] = 0x0a;
      series[1] = (byte) label.length;
      System.arraycopy(label, 0, series, 2, label.length);
      byte[] req = new byte[2 + series.length];
      req[0] = 0x0a;
      req[1] = (byte) series.length;
      System.arraycopy(series, 0, req, 2, series.length);
      HttpResponse<String> noName = post(url, Snappy.compress(req));
      assertThat(noName.statusCode()).isEqualTo(400);
      assertThat(noName.body()).contains("without a metric name");
      assertThat(post(url, Snappy.compress(new byte[0])).statusCode()).isEqualTo(204);
    }
    try (VigilServer off = new VigilServer(config, dir.resolve("off"),
        new InetSocketAddress("127.0.0.1", 0), false)) {
      off.start();
      HttpResponse<String> r = post("http://127.0.0.1:" + off.address().getPort()
          + "/api/v1/write", Snappy.compress(new byte[0]));
      assertThat(r.statusCode()).isEqualTo(404);
      assertThat(r.body()).contains("--web.enable-remote-write-receiver");
    }
  }

  @Test
  void agentModeRefusesQueries(@TempDir Path dir) throws Exception {
    Path config = dir.resolve("vigil.yml");
    Files.writeString(config, "global:\n  scrape_interval: 1h\n");
    try (VigilServer agent = new VigilServer(config, dir.resolve("a"),
        new InetSocketAddress("127.0.0.1", 0), false)) {
      agent.agent(true);
      agent.start();
      String base = "http://127.0.0.1:" + agent.address().getPort();
      HttpResponse<String> q = Peers.get(base + "/api/v1/query?query=up");
      assertThat(q.statusCode()).isEqualTo(422);
      assertThat(q.body()).contains("agent mode");
      assertThat(Peers.get(base + "/federate?match[]=up").statusCode()).isEqualTo(404);
    }
  }

  private static HttpResponse<String> post(String url, byte[] body) throws Exception {
    return Peers.HTTP.send(HttpRequest.newBuilder(URI.create(url))
        .header("Content-Encoding", "snappy").header("Content-Type", "application/x-protobuf")
        .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
