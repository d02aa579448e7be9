package dev.vigil.server.template;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Go time layouts and Duration.String. */
class GoTimeTest {
  // 2009-02-13T23:31:30.123456789Z, a Friday
  private static final Instant T = Instant.ofEpochSecond(1234567890L, 123456789);

  static Stream<Arguments> layouts() {
    return Stream.of(
        Arguments.of("2006-01-02 15:04:05.999999999 -0700 MST", "UTC",
            "2009-02-13 23:31:30.123456789 +0000 UTC"),
        Arguments.of("2006-01-02T15:04:05Z07:00", "UTC", "2009-02-13T23:31:30Z"),
        Arguments.of("2006-01-02T15:04:05.000Z07:00", "Europe/Paris",
            "2009-02-14T00:31:30.123+01:00"),
        Arguments.of("Mon Jan _2 15:04:05 2006", "UTC", "Fri Feb 13 23:31:30 2009"),
        Arguments.of("Monday, January 2, 06 3:04:05 PM", "UTC",
            "Friday, February 13, 09 11:31:30 PM"),
        Arguments.of("02/01 3pm .000000 ,999 -07 -0700 Z0700 002", "America/New_York",
            "13/02 6pm .123456 ,123 -05 -0500 -0500 044"),
        Arguments.of("15:04:05.9", "UTC", "23:31:30.1"),
        Arguments.of("MST", "Asia/Kolkata", "IST"));
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("layouts")
  void formatsLikeGo(String layout, String zone, String expected) {
    ZoneId z = zone.equals("UTC") ? ZoneOffset.UTC : ZoneId.of(zone);
    assertThat(new GoTime(T, z).format(layout)).isEqualTo(expected);
  }

  static Stream<Arguments> durations() {
    return Stream.of(
        Arguments.of(0L, "0s"), Arguments.of(1L, "1ns"), Arguments.of(1_500L, "1.5µs"),
        Arguments.of(1_500_000L, "1.5ms"), Arguments.of(1_000_000_000L, "1s"),
        Arguments.of(61_000_000_000L, "1m1s"), Arguments.of(3_600_000_000_000L, "1h0m0s"),
        Arguments.of(-90_500_000_000L, "-1m30.5s"),
        Arguments.of(Long.MIN_VALUE, "-2562047h47m16.854775808s"));
  }

  @ParameterizedTest(name = "{1}")
  @MethodSource("durations")
  void durationsLikeGo(long nanos, String expected) {
    assertThat(new GoDuration(nanos).toString()).isEqualTo(expected);
  }
}
