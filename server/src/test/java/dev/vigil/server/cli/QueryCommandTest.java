package dev.vigil.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.server.VigilServer;
import dev.vigil.server.model.Labels;
import dev.vigil.server.storage.Appender;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code query ...} run in-process against a running server, output compared as text. */
@Timeout(60)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class QueryCommandTest {
  private static final long T0 = 1_700_000_000_000L;
  private VigilServer server;
  private String url;

  @BeforeAll
  void start(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("prometheus.yml");
    Files.writeString(file, "global:\n  scrape_interval: 1m\n");
    server = new VigilServer(file, dir.resolve("data"), new InetSocketAddress("127.0.0.1", 0),
        false);
    server.start();
    url = "http://127.0.0.1:" + server.address().getPort();
    Appender a = server.storage().appender();
    for (int i = 0; i <= 4; i++) {
      long t = T0 + i * 30_000L;
      a.append(0, Labels.of("__name__", "req_total", "job", "api", "code", "200"), t, i * 3);
      a.append(0, Labels.of("__name__", "req_total", "job", "api", "code", "500"), t, i);
    }
    a.commit();
  }

  @AfterAll
  void stop() {
    server.close();
  }

  private record Run(int code, String out, String err) {}

  private Run run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cl = new CommandLine(new QueryCommand());
    cl.setOut(new PrintWriter(out));
    cl.setErr(new PrintWriter(err));
    int code = cl.execute(args);
    return new Run(code, out.toString(), err.toString());
  }

  @Test
  void instantPrintsSamplesAsPromtoolDoes() {
    Run r = run("instant", url, "req_total", "--time", "1700000060.5");
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out()).isEqualTo(
        "req_total{code=\"200\", job=\"api\"} => 6 @[1700000060.5]\n"
            + "req_total{code=\"500\", job=\"api\"} => 2 @[1700000060.5]\n");
    r = run("instant", url, "sum(req_total) / 3", "--time", "2023-11-14T22:14:20Z");
    assertThat(r.out()).isEqualTo("{} => 2.6666666666666665 @[1700000060]\n");
    assertThat(run("instant", url, "1/3", "--time", "1").out())
        .isEqualTo("scalar: 0.3333333333333333 @[1]\n");
  }

  @Test
  void jsonOutputIsTheResult() {
    Run r = run("-o", "json", "instant", url, "req_total{code=\"500\"}", "--time",
        "1700000060.25");
    assertThat(r.out()).isEqualTo("[{\"metric\":{\"__name__\":\"req_total\",\"code\":\"500\","
        + "\"job\":\"api\"},\"value\":[1700000060.25,\"2\"]}]\n");
  }

  @Test
  void rangePrintsEachSeriesWithItsPoints() {
    Run r = run("range", url, "req_total{code=\"500\"}", "--start", "1700000000",
        "--end", "1700000060", "--step", "30s");
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out()).isEqualTo("req_total{code=\"500\", job=\"api\"} =>\n"
        + "0 @[1700000000]\n1 @[1700000030]\n2 @[1700000060]\n");
    r = run("range", url, "req_total", "--start", "1700000060", "--end", "1700000000");
    assertThat(r.code()).isEqualTo(1);
    assertThat(r.err()).isEqualTo("start time is not before end time\n");
  }

  @Test
  void seriesAndLabelValues() {
    // By default promtool looks 9999h around now, which misses these 2023 samples.
    assertThat(run("series", url, "--match", "req_total").out()).isEmpty();
    Run r = run("series", url, "--match", "req_total{code=\"200\"}", "--start", "1700000000");
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out()).isEqualTo("{__name__=\"req_total\", code=\"200\", job=\"api\"}\n");
    r = run("labels", url, "code", "--match", "req_total", "--start", "1700000000");
    assertThat(r.out()).isEqualTo("200\n500\n");
    assertThat(run("-o", "json", "labels", url, "job", "--start", "1700000000").out()).isEqualTo("[\"api\"]\n");
  }

  @Test
  void failuresExitWithOneAndSayWhy() {
    Run r = run("instant", url, "sum(");
    assertThat(r.code()).isEqualTo(1);
    assertThat(r.err()).isEqualTo("query error: bad_data: invalid parameter \"query\": 1:5: "
        + "parse error: unclosed left parenthesis\n");
    r = run("instant", url, "up", "--time", "later");
    assertThat(r.code()).isEqualTo(1);
    assertThat(r.err()).isEqualTo(
        "error parsing evaluation time: cannot parse \"later\" to a valid timestamp\n");
    r = run("instant", "not a url", "up");
    assertThat(r.code()).isEqualTo(1);
    assertThat(r.err()).startsWith("error creating API client: ");
    r = run("series", "http://127.0.0.1:1", "--match", "up");
    assertThat(r.code()).isEqualTo(1);
    assertThat(r.err()).startsWith("query error: ");
  }
}
