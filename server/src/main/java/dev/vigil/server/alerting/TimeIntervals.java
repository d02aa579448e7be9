package dev.vigil.server.alerting;

import dev.vigil.server.alerting.config.TimeInterval;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Map;

/**
 * Whether instants fall inside time intervals, read in each spec's zone as Alertmanager reads
 * them: times are minutes of the day with the end excluded, the other fields inclusive, negative
 * days of the month count from its end and are clamped to the month. Stateless, thread-safe.
 */
public final class TimeIntervals {
  private TimeIntervals() {}

  /** Whether {@code t} is inside any of the interval's specs (false when it has none). */
  public static boolean active(TimeInterval ti, Instant t) {
    for (TimeInterval.Spec s : ti.specs()) {
      if (contains(s, t)) {
        return true;
      }
    }
    return false;
  }

  /**
   * Whether a route sends nothing at {@code t}: one of its mute intervals is active, or it has
   * active intervals and none is active. Names missing from {@code intervals} count as inactive
   * (the loader refuses such configurations).
   */
  public static boolean routeMuted(Route route, Map<String, TimeInterval> intervals, Instant t) {
    if (anyActive(route.muteTimeIntervals(), intervals, t)) {
      return true;
    }
    return !route.activeTimeIntervals().isEmpty()
        && !anyActive(route.activeTimeIntervals(), intervals, t);
  }

  /** Whether any of the named intervals is active at {@code t}. */
  public static boolean anyActive(List<String> names, Map<String, TimeInterval> intervals,
      Instant t) {
    for (String n : names) {
      TimeInterval ti = intervals.get(n);
      if (ti != null && active(ti, t)) {
        return true;
      }
    }
    return false;
  }

  /** Whether every non-empty field of the spec holds at {@code t}. */
  public static boolean contains(TimeInterval.Spec s, Instant t) {
    ZonedDateTime z = t.atZone(s.location());
    if (!s.times().isEmpty()) {
      int minute = z.getHour() * 60 + z.getMinute();
      boolean in = false;
      for (TimeInterval.TimeRange r : s.times()) {
        if (minute >= r.startMinute() && minute < r.endMinute()) {
          in = true;
          break;
        }
      }
      if (!in) {
        return false;
      }
    }
    if (!s.daysOfMonth().isEmpty() && !dayOfMonthIn(s.daysOfMonth(), z)) {
      return false;
    }
    if (!in(s.months(), z.getMonthValue())) {
      return false;
    }
    // java.time numbers Monday 1 to Sunday 7; the configuration numbers Sunday 0 to Saturday 6.
    if (!in(s.weekdays(), z.getDayOfWeek().getValue() % 7)) {
      return false;
    }
    return in(s.years(), z.getYear());
  }

  private static boolean in(List<TimeInterval.Range> ranges, int v) {
    if (ranges.isEmpty()) {
      return true;
    }
    for (TimeInterval.Range r : ranges) {
      if (v >= r.begin() && v <= r.end()) {
        return true;
      }
    }
    return false;
  }

  private static boolean dayOfMonthIn(List<TimeInterval.Range> ranges, ZonedDateTime z) {
    int days = z.toLocalDate().lengthOfMonth();
    int day = z.getDayOfMonth();
    for (TimeInterval.Range r : ranges) {
      int begin = r.begin() < 0 ? days + r.begin() + 1 : r.begin();
      int end = r.end() < 0 ? days + r.end() + 1 : r.end();
      if (begin > days) {
        continue; // starts after this month's last day: nothing to clamp to
      }
      begin = Math.max(-days, Math.min(begin, days));
      end = Math.max(-days, Math.min(end, days));
      if (day >= begin && day <= end) {
        return true;
      }
    }
    return false;
  }
}
