package dev.vigil.examples.batch;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BatchJobTest {
  @TempDir Path dir;

  private String value(String text, String name) {
    return text.lines().filter(l -> l.startsWith(name + " ")).findFirst().orElseThrow()
        .substring(name.length() + 1);
  }

  @Test
  void aFailedRunKeepsTheLastSuccessTime() throws Exception {
    BatchJob job = new BatchJob(dir);
    job.runOnce(false);
    Path file = dir.resolve("vigil_example_batch.prom");
    String first = Files.readString(file);
    assertThat(first).contains("# TYPE vigil_example_batch_last_success_timestamp_seconds gauge");
    assertThat(value(first, "vigil_example_batch_last_run_failed")).isEqualTo("0");
    String success = value(first, "vigil_example_batch_last_success_timestamp_seconds");

    Thread.sleep(20);
    job.runOnce(true);
    String second = Files.readString(file);
    assertThat(value(second, "vigil_example_batch_last_run_failed")).isEqualTo("1");
    assertThat(value(second, "vigil_example_batch_last_success_timestamp_seconds"))
        .isEqualTo(success);
    assertThat(value(second, "vigil_example_batch_last_run_timestamp_seconds"))
        .isNotEqualTo(success);
    assertThat(dir.resolve("vigil_example_batch.prom.tmp")).doesNotExist();
  }
}
