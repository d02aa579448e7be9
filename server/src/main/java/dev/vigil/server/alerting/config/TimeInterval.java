package dev.vigil.server.alerting.config;

import java.time.ZoneId;
import java.util.List;

/**
 * A named time interval of {@code time_intervals} (or the deprecated
 * {@code mute_time_intervals}): an instant is inside when any of its specs contains it.
 */
public record TimeInterval(String name, List<Spec> specs) {
  public TimeInterval {
    specs = List.copyOf(specs);
  }

  /**
   * One {@code time_interval_spec}: an instant is inside when every non-empty list has an entry
   * that contains it; an empty list means "any".
   *
   * @param times minute-of-day ranges, start inclusive, end exclusive
   * @param weekdays day-of-week ranges, Sunday = 0 to Saturday = 6, inclusive
   * @param daysOfMonth day ranges, inclusive; negative days count from the month's end (-1 = last)
   * @param months month ranges, January = 1, inclusive
   * @param years year ranges, inclusive
   * @param location the zone the fields are read in (UTC when not given)
   */
  public record Spec(List<TimeRange> times, List<Range> weekdays, List<Range> daysOfMonth,
      List<Range> months, List<Range> years, ZoneId location) {
    public Spec {
      times = List.copyOf(times);
      weekdays = List.copyOf(weekdays);
      daysOfMonth = List.copyOf(daysOfMonth);
      months = List.copyOf(months);
      years = List.copyOf(years);
    }
  }

  /** Minutes of the day: {@code [startMinute, endMinute)}, 0..1440. */
  public record TimeRange(int startMinute, int endMinute) {}

  /** An inclusive range of integers. */
  public record Range(int begin, int end) {}
}
