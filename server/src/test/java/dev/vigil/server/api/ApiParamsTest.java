package dev.vigil.server.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Times, limits and names parsed and worded as Prometheus's API does. */
class ApiParamsTest {

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
      "0, 0",
      "1, 1000",
      "1.5, 1500",
      "0.0005, 1",          // rounded to the millisecond, halves away from zero
      "-0.0005, -1",
      "1.0004, 1000",
      "-1.5, -1500",
      "1e3, 1000000",
      "1435781451.781, 1435781451781",
      "+2, 2000",
      ".5, 500",
      "2015-07-01T20:10:51.781Z, 1435781451781",
      "2015-07-01T20:10:51Z, 1435781451000",
      "2015-07-01T22:10:51.7819+02:00, 1435781451781",
      "-292273086-05-16T16:47:06Z, -9223309901257974000",
      "292277025-08-18T07:12:54.999999999Z, 9223309901257974999",
  })
  void parsesTimes(String text, long millis) {
    assertThat(ApiParams.parseTime(text)).isEqualTo(millis);
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "x|cannot parse \"x\" to a valid timestamp",
      "1d|cannot parse \"1d\" to a valid timestamp",
      "2015-07-01 20:10:51Z|cannot parse \"2015-07-01 20:10:51Z\" to a valid timestamp",
      "2015-13-01T20:10:51Z|cannot parse \"2015-13-01T20:10:51Z\" to a valid timestamp",
      "' 1'|cannot parse \" 1\" to a valid timestamp",
  })
  void refusesOtherTimes(String text, String message) {
    assertThatThrownBy(() -> ApiParams.parseTime(text)).hasMessage(message);
  }

  @Test
  void atoiWordsErrorsAsGo() {
    assertThatThrownBy(() -> ApiParams.atoi("ten", "limit")).isInstanceOf(ApiException.class)
        .hasMessage("invalid parameter \"limit\": strconv.Atoi: parsing \"ten\": invalid syntax");
    assertThatThrownBy(() -> ApiParams.atoi("99999999999", "limit"))
        .hasMessage("invalid parameter \"limit\": strconv.Atoi: parsing \"99999999999\": "
            + "value out of range");
  }

  @Test
  void quotesAsGo() {
    // Error texts quote values with the parser's Go-style quoting.
    assertThat(dev.vigil.server.promql.parser.Printer.quote("a\"b\\c\n\u0001"))
        .isEqualTo("\"a\\\"b\\\\c\\n\\x01\"");
  }

  @ParameterizedTest
  @CsvSource({
      "U__http_2e_status__code, http.status_code",
      "U__http_2e_status_code, U__http_2e_status_code",
      "U__a_1F600_, a\uD83D\uDE00",
      "U__a_1234567_, U__a_1234567_",
      "U__a__b, a_b",
      "U__caf_e9_, café",
      "U__bad_zz_, U__bad_zz_",
      "U__open_2e, U__open_2e",
  })
  void unescapesLabelNames(String escaped, String name) {
    assertThat(SeriesApi.unescapeName(escaped)).isEqualTo(name);
  }

  @Test
  void parsesBooleansAsGo() {
    assertThat(AdminApi.parseBool("T")).isTrue();
    assertThat(AdminApi.parseBool("0")).isFalse();
    assertThat(AdminApi.parseBool("yes")).isNull();
  }
}
