package dev.vigil.server.promql.functions;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import org.junit.jupiter.api.Test;

class DateFunctionsTest {

  @Test
  void conformanceDates() {
    assertThat(DateFunctions.year(0)).isEqualTo(1970);
    assertThat(DateFunctions.year(1136239445)).isEqualTo(2006);
    assertThat(DateFunctions.month(1136239445)).isEqualTo(1);
    assertThat(DateFunctions.dayOfMonth(1136239445)).isEqualTo(2);
    assertThat(DateFunctions.dayOfYear(1136239445)).isEqualTo(2);
    assertThat(DateFunctions.dayOfWeek(0)).isEqualTo(4);
    assertThat(DateFunctions.dayOfWeek(1136239445)).isEqualTo(1);
    assertThat(DateFunctions.hour(1136239445)).isEqualTo(22);
    assertThat(DateFunctions.minute(1136239445)).isEqualTo(4);
    assertThat(DateFunctions.year(1230767999)).isEqualTo(2008);
    assertThat(DateFunctions.year(1230768000)).isEqualTo(2009);
    assertThat(DateFunctions.month(1456790399)).isEqualTo(2);
    assertThat(DateFunctions.dayOfMonth(1456790399)).isEqualTo(29);
    assertThat(DateFunctions.month(1456790400)).isEqualTo(3);
    assertThat(DateFunctions.dayOfMonth(1456790400)).isEqualTo(1);
    assertThat(DateFunctions.dayOfYear(1483191420)).isEqualTo(366);
    assertThat(DateFunctions.dayOfYear(1672493820)).isEqualTo(365);
    assertThat(DateFunctions.daysInMonth(1454284800)).isEqualTo(29); // 2016-02-01
    assertThat(DateFunctions.daysInMonth(1485907200)).isEqualTo(28); // 2017-02-01
  }

  @Test
  void fractionsTruncateTowardZeroAndNaNHasNoDate() {
    assertThat(DateFunctions.minute(59.9)).isEqualTo(0);
    // -0.5 s truncates to 0 (1970-01-01), as Go's int64 conversion does.
    assertThat(DateFunctions.year(-0.5)).isEqualTo(1970);
    assertThat(DateFunctions.year(-1)).isEqualTo(1969);
    assertThat(DateFunctions.hour(-1)).isEqualTo(23);
    assertThat(DateFunctions.year(Double.NaN)).isNaN();
    assertThat(DateFunctions.dayOfWeek(Double.POSITIVE_INFINITY)).isNaN();
  }

  @Test
  void agreesWithJavaTimeAcrossCenturies() {
    // Every ~3.7 days over 1600..2400, against java.time as the reference calendar.
    for (long s = -11_676_096_000L; s < 13_569_465_600L; s += 318_611) {
      ZonedDateTime t = ZonedDateTime.ofInstant(Instant.ofEpochSecond(s), ZoneOffset.UTC);
      assertThat(DateFunctions.year(s)).as("year %d", s).isEqualTo(t.getYear());
      assertThat(DateFunctions.month(s)).as("month %d", s).isEqualTo(t.getMonthValue());
      assertThat(DateFunctions.dayOfMonth(s)).as("day %d", s).isEqualTo(t.getDayOfMonth());
      assertThat(DateFunctions.dayOfYear(s)).as("doy %d", s).isEqualTo(t.getDayOfYear());
      assertThat(DateFunctions.dayOfWeek(s)).as("dow %d", s)
          .isEqualTo(t.getDayOfWeek().getValue() % 7);
      assertThat(DateFunctions.daysInMonth(s)).as("dim %d", s)
          .isEqualTo(t.toLocalDate().lengthOfMonth());
      assertThat(DateFunctions.hour(s)).as("hour %d", s).isEqualTo(t.getHour());
      assertThat(DateFunctions.minute(s)).as("minute %d", s).isEqualTo(t.getMinute());
    }
  }
}
