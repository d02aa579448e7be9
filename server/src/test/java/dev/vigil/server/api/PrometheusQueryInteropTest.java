package dev.vigil.server.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vigil.server.VigilServer;
import dev.vigil.server.testing.ExternalTools;
import dev.vigil.server.tsdb.tools.TsdbCommand;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The same OpenMetrics file backfilled into a real Prometheus (with promtool) and into Vigil
 * (with its own {@code tsdb create-blocks-from openmetrics}); both serve it, and the same list
 * of API requests (instant and range queries, errors, label values, series) must answer alike.
 * A table of the outcome is printed; the few known differences are listed in {@link #ALLOWED}
 * with the reason (mostly where Debian's Prometheus 2.42 differs from the 3.x reference Vigil
 * follows).
 */
@Timeout(300)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PrometheusQueryInteropTest {
  // Exact decimals, so timestamps compare as written (1.500 is not 1.5).
  private static final ObjectMapper JSON = new ObjectMapper()
      .enable(com.fasterxml.jackson.databind.DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
      .setNodeFactory(com.fasterxml.jackson.databind.node.JsonNodeFactory.withExactBigDecimals(true));
  private static final long MID = InteropData.START + 2 * 3600_000L;
  private static final String AT = "&time=" + (MID / 1000);
  private static final String RANGE = "&start=" + (InteropData.START / 1000 + 3600) + "&end="
      + (InteropData.END / 1000) + "&step=60";

  /** Requests whose answers may differ, and why. */
  private static final Map<String, String> ALLOWED = Map.of(
      "query?query=" + q("holt_winters(node_temp_celsius[10m], 0.5, 0.5)") + AT,
      "3.x renamed holt_winters to the experimental double_exponential_smoothing; 2.42 only"
          + " knows the old name",
      "query?query=" + q("double_exponential_smoothing(node_temp_celsius[10m], 0.5, 0.5)") + AT,
      "the 3.x name of holt_winters, unknown to 2.42",
      "query?query=" + q("node_temp_celsius{zone=\"z1\"}[2m]") + "&time="
          + ((InteropData.START + 3600_000L + 7000) / 1000),
      "3.x range selectors are left-open: a sample exactly at the window start is left out,"
          + " 2.42 keeps it",
      "query?query=" + q("max_over_time(node_temp_celsius[1h:5m])") + AT,
      "3.x subqueries are left-open too: at a whole hour the step an hour back is left out,"
          + " 2.42 evaluates it (the same query off the 5m grid matches)",
      "query_range?query=" + q("rate(http_requests_total{instance=\"host0:9100\"}[5m:1m])")
          + RANGE,
      "left-open subquery windows in 3.x: on whole minutes the step 5m back is dropped, 2.42"
          + " keeps it (the same query 30 s off the minute matches)",
      "query_range?query=" + q("rate(http_requests_total{code=\"500\"}[5m])") + "&start="
          + InteropData.START / 1000 + "&end=" + InteropData.END / 1000 + "&step=90",
      "3.x limits the extrapolation towards the window start to half an interval before the"
          + " zero-point check, 2.42 after it: series starting inside the window differ slightly");

  private final HttpClient http = HttpClient.newBuilder()
      .connectTimeout(Duration.ofSeconds(5)).build();
  private Process prometheus;
  private String prometheusUrl;
  private VigilServer vigil;
  private String vigilUrl;

  @BeforeAll
  void start(@TempDir Path dir) throws Exception {
    Path prometheusBin = ExternalTools.require("prometheus", "prometheus");
    Path promtool = ExternalTools.require("promtool", "prometheus");
    Path om = dir.resolve("data.om");
    InteropData.write(om);
    Path promData = dir.resolve("prom-data");
    Path vigilData = dir.resolve("vigil-data");
    Files.createDirectories(promData);
    run(dir, promtool.toString(), "tsdb", "create-blocks-from", "openmetrics", om.toString(),
        promData.toString());
    int code = new CommandLine(new TsdbCommand()).execute("create-blocks-from", "openmetrics",
        "-q", om.toString(), vigilData.toString());
    assertThat(code).as("vigil tsdb create-blocks-from").isZero();

    Path config = dir.resolve("prometheus.yml");
    Files.writeString(config, "global:\n  scrape_interval: 1m\n");
    int port = freePort();
    // Started after the backfill: Prometheus only picks up blocks present at startup.
    prometheus = new ProcessBuilder(prometheusBin.toString(), "--config.file=" + config,
        "--storage.tsdb.path=" + promData, "--storage.tsdb.retention.time=100y",
        "--web.listen-address=127.0.0.1:" + port)
        .redirectErrorStream(true).redirectOutput(dir.resolve("prometheus.log").toFile())
        .start();
    prometheusUrl = "http://127.0.0.1:" + port;
    vigil = new VigilServer(config, vigilData, new InetSocketAddress("127.0.0.1", 0), false);
    vigil.retention(0, 0);
    vigil.start();
    vigilUrl = "http://127.0.0.1:" + vigil.address().getPort();
    awaitReady(prometheusUrl + "/-/ready", dir.resolve("prometheus.log"));
  }

  @AfterAll
  void stop() throws InterruptedException {
    if (prometheus != null) {
      prometheus.destroy();
      if (!prometheus.waitFor(20, TimeUnit.SECONDS)) {
        prometheus.destroyForcibly();
      }
    }
    if (vigil != null) {
      vigil.close();
    }
  }

  /** Every request, as the path and query after {@code /api/v1/}. */
  static List<String> requests() {
    List<String> r = new ArrayList<>();
    String[] instant = {
      "http_requests_total",
      "http_requests_total{method=\"GET\",code=~\"2..\"}",
      "count(http_requests_total{code!~\"5..\"})",
      "{__name__=~\"node_.*\", zone=\"z2\"}",
      "rate(http_requests_total[5m])",
      "increase(http_requests_total{job=\"api\"}[10m])",
      "irate(http_requests_total{code=\"200\"}[5m])",
      "sum without (instance) (rate(http_requests_total[5m]))",
      "topk(3, rate(http_requests_total[5m]))",
      "bottomk(2, node_temp_celsius)",
      "histogram_quantile(0.5, rate(http_request_duration_seconds_bucket[10m]))",
      "rate(http_request_duration_seconds_sum[5m]) / rate(http_request_duration_seconds_count[5m])",
      "rate(http_requests_total[5m]) / on (job, instance) group_left "
          + "sum by (job, instance) (rate(http_requests_total[5m]))",
      "http_requests_total > 30000",
      "http_requests_total > bool 30000",
      "node_temp_celsius offset 30m",
      "avg_over_time(node_temp_celsius[15m])",
      "max_over_time(node_temp_celsius[1h:5m])",
      "deriv(node_temp_celsius[10m])",
      "predict_linear(node_temp_celsius[30m], 600)",
      "abs(delta(node_temp_celsius[10m]))",
      "round(node_temp_celsius, 0.5)",
      "clamp(node_temp_celsius, 30, 60)",
      "label_replace(node_temp_celsius, \"z\", \"$1\", \"zone\", \"z(.*)\")",
      "count_values(\"v\", round(node_temp_celsius / 10))",
      "quantile(0.75, node_temp_celsius)",
      "stddev by (zone) (node_temp_celsius)",
      "absent(nonexistent_metric{job=\"x\"})",
      "absent(node_temp_celsius)",
      "scalar(sum(node_temp_celsius)) * 2",
      "vector(1) + 2",
      "time()",
      "\"a string\"",
      "changes(node_temp_celsius{zone=\"z1\"}[1h])",
      "resets(http_requests_total{job=\"api\"}[3h])",
      "node_temp_celsius @ " + (InteropData.START / 1000 + 1800),
      "timestamp(node_temp_celsius{zone=\"z3\"})",
      "sort_desc(sum by (code) (increase(http_requests_total[1h])))",
      "node_temp_celsius > 50 and on (instance) node_temp_celsius{zone=\"z1\"} > 40",
      "node_temp_celsius{zone=\"z1\"} or node_temp_celsius{zone=\"z2\"}",
      "node_temp_celsius unless on (instance) node_temp_celsius{zone=\"z4\"} > 60",
      "node_temp_celsius{zone=\"gone\"}",
      "holt_winters(node_temp_celsius[10m], 0.5, 0.5)",
      "double_exponential_smoothing(node_temp_celsius[10m], 0.5, 0.5)",
      "{__name__=~\"node.temp.celsius\", zone=\"z1\", instance=\"host0:9100\"}",
      "sum(rate(http_requests_total[5m])",
      "rate(node_temp_celsius)",
      "foo{",
      "{job=",
      "{job=\"a\",",
      "rate(up[5m][1m])",
      "sum(foo) [ 5m]",
      "up[1m",
      "foo[5m:1m",
      "rate(up[1m",
      "{job=~\".*\"}",
    };
    for (String q : instant) {
      r.add("query?query=" + q(q) + AT);
    }
    // Staleness: the "gone" zone stopped 90 minutes in; 3 min later it is still seen, 10 not.
    long gone = InteropData.START + 5400_000L;
    r.add("query?query=" + q("node_temp_celsius{zone=\"gone\"}") + "&time=" + (gone + 180_000) / 1000);
    r.add("query?query=" + q("node_temp_celsius{zone=\"gone\"}") + "&time=" + (gone + 600_000) / 1000);
    r.add("query?query=" + q("node_temp_celsius{zone=\"z1\"}[2m]") + "&time="
        + (InteropData.START + 3600_000L + 7000) / 1000);
    r.add("query?query=" + q("node_temp_celsius{zone=\"z1\"}[2m]") + "&time="
        + (InteropData.START + 3600_000L + 30_000) / 1000);
    // Fractional times: vector and matrix points print three digits, scalars the shortest.
    r.add("query?query=" + q("node_temp_celsius{zone=\"z1\"}") + "&time=" + MID / 1000 + ".5");
    r.add("query?query=" + q("scalar(node_temp_celsius{zone=\"z1\",instance=\"host0:9100\"})")
        + "&time=" + MID / 1000 + ".25");
    r.add("query?query=" + q("\"text\"") + "&time=" + MID / 1000 + ".125");
    r.add("query_range?query=" + q("node_temp_celsius{zone=\"z2\"}") + "&start="
        + MID / 1000 + ".75&end=" + (MID / 1000 + 600) + "&step=61.5");
    // Off the grids of the allowed subqueries above, where 2.42 and 3.x must agree.
    r.add("query?query=" + q("max_over_time(node_temp_celsius[1h:5m])") + "&time="
        + (MID / 1000 + 30));
    r.add("query_range?query=" + q("rate(http_requests_total{instance=\"host0:9100\"}[5m:1m])")
        + "&start=" + (InteropData.START / 1000 + 3630) + "&end=" + (InteropData.END / 1000 - 30)
        + "&step=60");
    // After the first 10 minutes every series has samples across the whole 5m window.
    r.add("query_range?query=" + q("rate(http_requests_total{code=\"500\"}[5m])") + "&start="
        + (InteropData.START / 1000 + 600) + "&end=" + InteropData.END / 1000 + "&step=90");
    String[] range = {
      "sum by (job) (rate(http_requests_total[5m]))",
      "histogram_quantile(0.9, sum by (le) (rate(http_request_duration_seconds_bucket[5m])))",
      "rate(http_requests_total{instance=\"host0:9100\"}[5m:1m])",
      "node_temp_celsius{zone=\"gone\"}",
      "max by (instance) (node_temp_celsius) - min by (instance) (node_temp_celsius)",
      "sum(rate(http_requests_total[5m])) by (code) > 5",
      "time() - timestamp(node_temp_celsius{instance=\"host1:9100\"})",
      "node_temp_celsius[5m]",
    };
    for (String q : range) {
      r.add("query_range?query=" + q(q) + RANGE);
    }
    r.add("query_range?query=" + q("rate(http_requests_total{code=\"500\"}[5m])") + "&start="
        + InteropData.START / 1000 + "&end=" + InteropData.END / 1000 + "&step=90");
    r.add("query_range?query=1&start=10&end=5&step=1");
    r.add("query_range?query=1&start=0&end=11001&step=1");
    r.add("query_range?query=1&start=0&end=10&step=0");
    r.add("label/job/values");
    r.add("label/zone/values?match[]=" + q("node_temp_celsius{instance=\"host3:9100\"}"));
    r.add("labels");
    r.add("series?match[]=" + q("node_temp_celsius{zone=\"z1\"}"));
    r.add("series?match[]=" + q("http_request_duration_seconds_count") + "&match[]="
        + q("{__name__=\"http_requests_total\",code=\"503\",method=\"PUT\"}"));
    return r;
  }

  @Test
  void answersMatchPrometheus() throws Exception {
    List<String> mismatches = new ArrayList<>();
    StringBuilder table = new StringBuilder("\n");
    int matched = 0;
    int allowed = 0;
    for (String req : requests()) {
      String a = get(prometheusUrl + "/api/v1/" + req);
      String b = get(vigilUrl + "/api/v1/" + req);
      String diff = ResponseDiff.diff(JSON.readTree(a), JSON.readTree(b));
      String verdict;
      if (diff == null) {
        verdict = "MATCH";
        matched++;
      } else if (ALLOWED.containsKey(req)) {
        verdict = "ALLOWED (" + ALLOWED.get(req) + "): " + diff;
        allowed++;
      } else {
        verdict = "MISMATCH: " + diff + "\n    prometheus: " + abbreviate(a)
            + "\n    vigil:      " + abbreviate(b);
        mismatches.add(req);
      }
      String tag = verdict.substring(0, verdict.startsWith("MATCH") ? 5
          : verdict.startsWith("ALLOWED") ? 7 : 8);
      table.append(String.format("%-9s %s%n", tag, req))
          .append(diff == null ? "" : "    " + verdict + "\n");
    }
    table.append(String.format("%d requests: %d match, %d allowed differences, %d mismatches%n",
        requests().size(), matched, allowed, mismatches.size()));
    System.out.println(table);
    assertThat(mismatches).as(table.toString()).isEmpty();
  }

  /** {@code stats=all} answers carry the same fields (the numbers are timings, so differ). */
  @Test
  void statsHaveTheSameFields() throws Exception {
    for (String req : List.of("query?stats=all&query=" + q("rate(http_requests_total[5m])") + AT,
        "query_range?stats=all&query=" + q("sum(node_temp_celsius)") + RANGE)) {
      JsonNode a = JSON.readTree(get(prometheusUrl + "/api/v1/" + req)).at("/data/stats");
      JsonNode b = JSON.readTree(get(vigilUrl + "/api/v1/" + req)).at("/data/stats");
      assertThat(paths(b, "")).as(req).isEqualTo(paths(a, "")).isNotEmpty();
    }
  }

  private static List<String> paths(JsonNode n, String prefix) {
    List<String> out = new ArrayList<>();
    n.fields().forEachRemaining(e -> {
      out.add(prefix + "/" + e.getKey());
      out.addAll(paths(e.getValue(), prefix + "/" + e.getKey()));
    });
    return out;
  }

  /** promtool's query commands and Vigil's print the same text for the same server. */
  @Test
  void queryCommandPrintsWhatPromtoolPrints() throws Exception {
    Path promtool = ExternalTools.require("promtool", "prometheus");
    String mid = Long.toString(MID / 1000);
    String start = Long.toString(InteropData.START / 1000 + 3600);
    String end = Long.toString(InteropData.START / 1000 + 3900);
    List<List<String>> commands = List.of(
        List.of("query", "instant", "--time", mid, vigilUrl, "node_temp_celsius{zone=\"z1\"}"),
        List.of("query", "-o", "json", "instant", "--time", mid, vigilUrl,
            "sum by (job) (rate(http_requests_total[5m]))"),
        List.of("query", "instant", "--time", mid + ".5", vigilUrl, "scalar(vector(1)) / 3"),
        List.of("query", "instant", "--time", mid + ".5", vigilUrl, "vector(1) / 3"),
        List.of("query", "-o", "json", "instant", "--time", mid + ".25", vigilUrl,
            "node_temp_celsius{zone=\"z1\",instance=\"host0:9100\"}"),
        List.of("query", "range", "--start", start, "--end", end, "--step", "1m", vigilUrl,
            "max by (instance) (node_temp_celsius{instance=~\"host[12]:9100\"})"),
        List.of("query", "-o", "json", "range", "--start", start, "--end", end, vigilUrl,
            "sum(node_temp_celsius)"),
        List.of("query", "series", "--match", "node_temp_celsius{instance=\"host1:9100\"}",
            "--start", start, "--end", end, vigilUrl),
        List.of("query", "labels", "--start", start, "--end", end, vigilUrl, "zone"),
        List.of("query", "instant", vigilUrl, "sum("));
    for (List<String> args : commands) {
      List<String> cmd = new ArrayList<>(List.of(promtool.toString()));
      cmd.addAll(args);
      Process p = new ProcessBuilder(cmd).start();
      String want = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      String wantErr = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
      java.io.StringWriter out = new java.io.StringWriter();
      java.io.StringWriter err = new java.io.StringWriter();
      CommandLine cl = new CommandLine(new dev.vigil.server.cli.QueryCommand());
      cl.setOut(new java.io.PrintWriter(out));
      cl.setErr(new java.io.PrintWriter(err));
      int code = cl.execute(args.subList(1, args.size()).toArray(new String[0]));
      assertThat(code).as("exit code of %s", args).isEqualTo(p.exitValue());
      assertThat(out.toString()).as("output of %s", args).isEqualTo(want);
      assertThat(err.toString()).as("errors of %s", args).isEqualTo(wantErr);
    }
  }

  private String get(String url) throws IOException, InterruptedException {
    HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url))
        .timeout(Duration.ofSeconds(60)).build(), HttpResponse.BodyHandlers.ofString());
    return r.body();
  }

  private static String abbreviate(String s) {
    return s.length() <= 400 ? s : s.substring(0, 400) + "...";
  }

  static String q(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  private void awaitReady(String url, Path log) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
    while (System.nanoTime() < deadline) {
      if (!prometheus.isAlive()) {
        throw new AssertionError("prometheus exited: " + Files.readString(log));
      }
      try {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url)).build(),
            HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() == 200) {
          return;
        }
      } catch (IOException e) {
        // Not listening yet.
      }
      Thread.sleep(200);
    }
    throw new AssertionError("prometheus not ready after 90 s: " + Files.readString(log));
  }

  private static void run(Path dir, String... cmd) throws Exception {
    Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true)
        .start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(String.join(" ", cmd) + "\n" + out).isZero();
  }
}
