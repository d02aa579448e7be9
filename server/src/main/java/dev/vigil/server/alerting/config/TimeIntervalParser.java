package dev.vigil.server.alerting.config;

import dev.vigil.server.config.Fields;
import dev.vigil.server.config.Node;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/** Reads {@code time_intervals} entries; problems go to the Fields' context with file:line. */
final class TimeIntervalParser {
  private static final Pattern HH_MM = Pattern.compile("^(([01][0-9]|2[0-3]):[0-5][0-9]|24:00)$");
  private static final List<String> WEEKDAYS = List.of("sunday", "monday", "tuesday",
      "wednesday", "thursday", "friday", "saturday");
  private static final List<String> MONTHS = List.of("january", "february", "march", "april",
      "may", "june", "july", "august", "september", "october", "november", "december");

  private TimeIntervalParser() {}

  /** One named entry {@code {name, time_intervals}}; null name when missing (already reported). */
  static TimeInterval interval(Fields f) {
    String name = f.string("name", "");
    if (name.isEmpty()) {
      f.ctx().error(f.self(), f.path("name"), "missing name in time interval");
    }
    List<TimeInterval.Spec> specs = new ArrayList<>();
    List<Node> items = f.items("time_intervals");
    for (int i = 0; i < items.size(); i++) {
      specs.add(spec(new Fields(f.ctx(), items.get(i), f.path("time_intervals") + "[" + i + "]",
          "time_interval_spec")));
    }
    f.finish();
    return new TimeInterval(name, specs);
  }

  private static TimeInterval.Spec spec(Fields f) {
    List<TimeInterval.TimeRange> times = new ArrayList<>();
    List<Node> items = f.items("times");
    for (int i = 0; i < items.size(); i++) {
      String path = f.path("times") + "[" + i + "]";
      TimeInterval.TimeRange r = timeRange(new Fields(f.ctx(), items.get(i), path, "time_range"),
          path);
      if (r != null) {
        times.add(r);
      }
    }
    List<TimeInterval.Range> weekdays = ranges(f, "weekdays", Kind.WEEKDAY);
    List<TimeInterval.Range> days = ranges(f, "days_of_month", Kind.DAY_OF_MONTH);
    List<TimeInterval.Range> months = ranges(f, "months", Kind.MONTH);
    List<TimeInterval.Range> years = ranges(f, "years", Kind.YEAR);
    ZoneId zone = ZoneOffset.UTC;
    String loc = f.string("location", null);
    if (loc != null && !loc.isEmpty() && !loc.equals("UTC")) {
      if (loc.equals("Local")) {
        zone = ZoneId.systemDefault();
      } else {
        try {
          zone = ZoneId.of(loc);
        } catch (DateTimeException e) {
          f.error("location", "unknown time zone \"" + loc + "\"");
        }
      }
    }
    f.finish();
    return new TimeInterval.Spec(times, weekdays, days, months, years, zone);
  }

  private static TimeInterval.TimeRange timeRange(Fields f, String path) {
    String start = f.string("start_time", "");
    String end = f.string("end_time", "");
    f.finish();
    if (start.isEmpty() || end.isEmpty()) {
      f.ctx().error(f.self(), path, "both start and end times must be provided");
      return null;
    }
    int s = minutes(f, "start_time", start);
    int e = minutes(f, "end_time", end);
    if (s < 0 || e < 0) {
      return null;
    }
    if (s >= e) {
      f.error("start_time", "start time " + start + " must be before end time " + end);
      return null;
    }
    return new TimeInterval.TimeRange(s, e);
  }

  private static int minutes(Fields f, String key, String hhmm) {
    if (!HH_MM.matcher(hhmm).matches()) {
      f.error(key, "invalid time \"" + hhmm + "\": expected HH:MM from 00:00 to 24:00");
      return -1;
    }
    return Integer.parseInt(hhmm.substring(0, 2)) * 60 + Integer.parseInt(hhmm.substring(3));
  }

  private enum Kind {
    WEEKDAY("weekday"), DAY_OF_MONTH("day of the month"), MONTH("month"), YEAR("year");

    final String what;

    Kind(String what) {
      this.what = what;
    }
  }

  private static List<TimeInterval.Range> ranges(Fields f, String key, Kind kind) {
    List<TimeInterval.Range> out = new ArrayList<>();
    List<String> texts = f.strings(key);
    for (int i = 0; i < texts.size(); i++) {
      Node at = ((Node.Sequence) f.node(key)).items().get(i);
      String path = f.path(key) + "[" + i + "]";
      try {
        out.add(range(texts.get(i), kind));
      } catch (IllegalArgumentException e) {
        f.ctx().error(at, path, e.getMessage());
      }
    }
    return out;
  }

  /** {@code a} or {@code a:b}; checks the bounds Alertmanager checks. */
  static TimeInterval.Range range(String text, Kind kind) {
    String t = text.strip().toLowerCase(Locale.ROOT);
    // A leading '-' belongs to a negative day, so split at the first ':' after position 0.
    int colon = t.indexOf(':', 1);
    String a = colon < 0 ? t : t.substring(0, colon);
    String b = colon < 0 ? t : t.substring(colon + 1);
    if (a.isEmpty() || b.isEmpty() || b.indexOf(':', 1) >= 0) {
      throw new IllegalArgumentException("invalid " + kind.what + " range \"" + text + "\"");
    }
    int begin = value(a, text, kind);
    int end = value(b, text, kind);
    switch (kind) {
      case DAY_OF_MONTH -> {
        // Negative days count from the month's end; with the shortest month (28 days) some
        // ranges can never be non-empty, so they are refused as Alertmanager refuses them.
        if (begin < 0 && end > 0) {
          throw new IllegalArgumentException("invalid day of the month range \"" + text
              + "\": end day must be negative if start day is negative");
        }
        int cb = begin < 0 ? 28 + begin : begin;
        int ce = end < 0 ? 28 + end : end;
        if (cb > ce) {
          throw new IllegalArgumentException("invalid day of the month range \"" + text
              + "\": end day " + end + " is always before start day " + begin);
        }
      }
      default -> {
        if (begin > end) {
          throw new IllegalArgumentException("invalid " + kind.what + " range \"" + text
              + "\": start " + a + " is after end " + b);
        }
      }
    }
    return new TimeInterval.Range(begin, end);
  }

  private static int value(String s, String text, Kind kind) {
    if (kind == Kind.WEEKDAY) {
      int d = WEEKDAYS.indexOf(s);
      if (d < 0) {
        throw new IllegalArgumentException("invalid weekday \"" + s + "\" in \"" + text + "\"");
      }
      return d;
    }
    if (kind == Kind.MONTH) {
      int m = MONTHS.indexOf(s);
      if (m >= 0) {
        return m + 1;
      }
    }
    int v;
    try {
      v = Integer.parseInt(s);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("invalid " + kind.what + " \"" + s + "\" in \"" + text
          + "\"");
    }
    switch (kind) {
      case MONTH -> {
        if (v < 1 || v > 12) {
          throw new IllegalArgumentException(v + " is not a valid month: out of range 1-12");
        }
      }
      case DAY_OF_MONTH -> {
        if (v == 0 || v < -31 || v > 31) {
          throw new IllegalArgumentException(v + " is not a valid day of the month: out of range");
        }
      }
      case YEAR -> {
        if (v <= 0) {
          throw new IllegalArgumentException(v + " is not a valid year: must be positive");
        }
      }
      default -> { }
    }
    return v;
  }
}
