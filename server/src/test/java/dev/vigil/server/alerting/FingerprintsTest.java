package dev.vigil.server.alerting;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.server.model.Labels;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class FingerprintsTest {
  // Expected values are what Alertmanager 0.25 reported for the same labels via /api/v2/alerts.
  static Stream<Arguments> cases() {
    return Stream.of(
        Arguments.of(Labels.EMPTY, "cbf29ce484222325"),
        Arguments.of(Labels.of("alertname", "test"), "1f56cb8f931d1bd4"),
        Arguments.of(Labels.of("alertname", "HighLatency", "env", "prod", "instance", "a:9100"),
            "ceb7bc24e9ad9fc8"),
        Arguments.of(Labels.of("alertname", "ünï", "x", "\"q\"\n"), "e140efbcb73407ba"));
  }

  @ParameterizedTest
  @MethodSource("cases")
  void matchesAlertmanager(Labels labels, String hex) {
    assertThat(Fingerprints.hex(labels)).isEqualTo(hex);
    assertThat(Long.parseUnsignedLong(hex, 16)).isEqualTo(Fingerprints.of(labels));
  }
}
