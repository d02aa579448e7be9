package dev.vigil.server.tsdb.tools;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class TsdbCommandTest {
  // 2023-11-14T22:00:00Z, a multiple of 2h: everything below lands in one block.
  private static final long ALIGNED = 1_699_999_200L;

  @TempDir
  Path tmp;

  private record Run(int code, String out, String err) {}

  private static Run run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cl = new CommandLine(new TsdbCommand());
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));
    int code = cl.execute(args);
    return new Run(code, out.toString(), err.toString());
  }

  /**
   * One hour of a sample a minute: a{x=1..3} and b. a{x="2"} starts 30 min in, a{x="3"} ends
   * 20 min before the end, so two series churn.
   */
  private Path knownFile() throws Exception {
    StringBuilder sb = new StringBuilder("# TYPE a gauge\n");
    for (int x = 1; x <= 3; x++) {
      for (int m = 0; m < 60; m++) {
        if ((x == 2 && m < 30) || (x == 3 && m >= 40)) {
          continue;
        }
        sb.append("a{x=\"").append(x).append("\",env=\"prod\"} ").append(m).append(' ')
            .append(ALIGNED + 60L * m).append('\n');
      }
    }
    sb.append("# TYPE b gauge\n");
    for (int m = 0; m < 60; m++) {
      sb.append("b{env=\"prod\"} 1 ").append(ALIGNED + 60L * m).append('\n');
    }
    return Files.writeString(tmp.resolve("known.om"), sb.append("# EOF\n"));
  }

  @Test
  void analyzeReportsCountsSizesCardinalityAndChurn() throws Exception {
    Path data = tmp.resolve("data");
    Run bf = run("create-blocks-from", "openmetrics", knownFile().toString(), data.toString());
    assertThat(bf.code()).as(bf.err()).isZero();
    assertThat(bf.out()).contains("1 blocks, 4 series, 190 samples written to " + data);

    Run r = run("analyze", data.toString(), "--limit", "2");
    assertThat(r.code()).as(r.err()).isZero();
    String o = r.out();
    assertThat(o).contains("Time range: 2023-11-14T22:00:00Z .. 2023-11-14T22:59:00.001Z")
        .contains("Duration: 59m0.001s")
        .contains("Series: 4\n")
        .contains("Samples: 190\n")
        .contains("Chunks: 4\n")
        .contains("Churn: 1 series start and 1 end inside the block");
    assertThat(o).containsPattern("Bytes: \\d+ total \\(\\d+\\.\\d{3} per sample\\), \\d+ in"
        + " chunks \\(\\d+\\.\\d{3} per sample\\), \\d+ in the index");
    assertThat(section(o, "Label names with most values:"))
        .isEqualTo("       3 x\n       2 __name__\n");
    assertThat(section(o, "Label pairs with most series:"))
        .isEqualTo("       4 env=prod\n       3 __name__=a\n");
    assertThat(section(o, "Metric names with most series:"))
        .isEqualTo("       3 a\n       1 b\n");
    assertThat(section(o, "Label pairs most involved in churn:"))
        .isEqualTo("       2 __name__=a\n       2 env=prod\n");

    String id = o.substring(o.indexOf("Block ID: ") + 10, o.indexOf('\n'));
    assertThat(run("analyze", data.toString(), id, "--limit", "0").out()).contains(id);
    Run missing = run("analyze", data.toString(), "01AAAAAAAAAAAAAAAAAAAAAAAA");
    assertThat(missing.code()).isEqualTo(1);
    assertThat(missing.err()).contains("no block 01AAAAAAAAAAAAAAAAAAAAAAAA");

    Run list = run("list", data.toString());
    assertThat(list.code()).isZero();
    assertThat(list.out()).contains(id).containsPattern(id
        + " 2023-11-14T22:00:00Z +2023-11-14T22:59:00.001Z +59m0.001s +190 +4 +\\d+");
  }

  private static String section(String out, String title) {
    int at = out.indexOf(title + "\n") + title.length() + 1;
    int end = out.indexOf("\n\n", at);
    return out.substring(at, end < 0 ? out.length() : end + 1);
  }

  @Test
  void errorsExitNonZeroWithTheLine() throws Exception {
    Path bad = Files.writeString(tmp.resolve("bad.om"), "# TYPE a gauge\na 1 1700000000\n"
        + "a 2 oops\n# EOF\n");
    Run r = run("create-blocks-from", "openmetrics", bad.toString(), tmp.resolve("d").toString());
    assertThat(r.code()).isEqualTo(1);
    assertThat(r.err()).contains(bad + ":3: ").contains("no blocks were written");
    assertThat(tmp.resolve("d")).doesNotExist();

    Run label = run("create-blocks-from", "openmetrics", "--label", "novalue", bad.toString());
    assertThat(label.code()).isEqualTo(2);
    assertThat(label.err()).contains("--label \"novalue\" is not NAME=VALUE");

    Run dur = run("create-blocks-from", "openmetrics", "--max-block-duration", "soon",
        bad.toString());
    assertThat(dur.code()).isEqualTo(2);

    Run nodir = run("analyze", tmp.resolve("nothing").toString());
    assertThat(nodir.code()).isEqualTo(1);
    assertThat(nodir.err()).contains("is not a directory");
  }
}
