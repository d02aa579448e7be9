package dev.vigil.server.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ConfigDurationsSizesTest {
  @ParameterizedTest
  @CsvSource({
    "0, 0",
    "0s, 0",
    "100ms, 100",
    "10s, 10000",
    "5m, 300000",
    "1h30m, 5400000",
    "1d, 86400000",
    "1w, 604800000",
    "1y, 31536000000",
    "1y2w3d4h5m6s7ms, 33019506007",
    "90m, 5400000",
  })
  void parsesDurations(String text, long millis) {
    assertThat(Durations.parse(text)).isEqualTo(Duration.ofMillis(millis));
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
    "''|empty duration string",
    "5 minutes|invalid duration \"5 minutes\"",
    "1.5m|invalid duration \"1.5m\"",
    "-1s|invalid duration \"-1s\"",
    "10|invalid duration \"10\"",
    "1m1h|invalid duration \"1m1h\"",
    "1s1s|invalid duration \"1s1s\"",
    "1H|invalid duration \"1H\"",
    "1us|invalid duration \"1us\"",
    "300y|duration out of range: \"300y\"",
  })
  void rejectsDurations(String text, String message) {
    assertThatThrownBy(() -> Durations.parse(text)).hasMessage(message);
  }

  @ParameterizedTest
  @CsvSource({
    "0, 0s", "100, 100ms", "90000, 1m30s", "86400000, 1d", "90000000, 25h", "1209600000, 2w",
    "31536000000, 1y", "3600000, 1h", "93784005, 26h3m4s5ms",
  })
  void formatsDurations(long millis, String text) {
    // Days, weeks and years only print when they divide exactly, as in Prometheus: 25h, 26h...
    assertThat(Durations.format(Duration.ofMillis(millis))).isEqualTo(text);
  }

  @ParameterizedTest
  @CsvSource({
    "0, 0",
    "0B, 0",
    "512B, 512",
    "1KB, 1024",
    "512MB, 536870912",
    "1GB, 1073741824",
    "2TB, 2199023255552",
    "1PB, 1125899906842624",
    "1EB, 1152921504606846976",
    "1KiB, 1024",
    "1.5KB, 1536",
    "1GB512MB, 1610612736",
  })
  void parsesSizes(String text, long bytes) {
    assertThat(Sizes.parse(text)).isEqualTo(bytes);
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
    "100|invalid size \"100\": a unit is required (B, KB, MB, GB, TB, PB, EB)",
    "1kb|invalid size \"1kb\": unknown unit \"kb\"",
    "1 MB|invalid size \"1 MB\": a unit is required (B, KB, MB, GB, TB, PB, EB)",
    "MB|invalid size \"MB\"",
    "-1MB|invalid size \"-1MB\"",
    "8EB|size out of range: \"8EB\"",
  })
  void rejectsSizes(String text, String message) {
    assertThatThrownBy(() -> Sizes.parse(text)).hasMessage(message);
  }
}
