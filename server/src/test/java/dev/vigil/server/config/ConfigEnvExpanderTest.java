package dev.vigil.server.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ConfigEnvExpanderTest {
  private static final Map<String, String> ENV = Map.of("HOST", "h1", "REGION", "eu", "1", "one");

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
    "plain|plain",
    "$HOST|h1",
    "${HOST}|h1",
    "${HOST}-$REGION|h1-eu",
    "$HOST_x|''",
    "${HOST}_x|h1_x",
    "$$HOST|$HOST",
    "cost $$5|cost $5",
    "$MISSING|''",
    "$1abc|oneabc",
    "trailing $|trailing $",
    "${HOST|${HOST",
  })
  void expands(String in, String want) {
    assertThat(EnvExpander.expand(in, ENV::get)).isEqualTo(want);
  }
}
