package dev.vigil.server.template;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.TextStyle;
import java.util.List;
import java.util.Locale;

/**
 * Go's time.Time for templates: prints like {@code Time.String()} ("2006-01-02 15:04:05.999999999
 * -0700 MST" with trailing fraction zeros dropped), formats with Go layouts via {@code .Format},
 * and offers Unix, UnixMilli, UTC, In-zone conversion and the date parts.
 */
public final class GoTime implements TemplateObject {
  static final String STRING_LAYOUT = "2006-01-02 15:04:05.999999999 -0700 MST";

  private final Instant instant;
  private final ZoneId zone;

  public GoTime(Instant instant, ZoneId zone) {
    this.instant = instant;
    this.zone = zone;
  }

  public static GoTime ofEpochMillis(long millis) {
    return new GoTime(Instant.ofEpochMilli(millis), ZoneOffset.UTC);
  }

  public Instant instant() {
    return instant;
  }

  public ZoneId zone() {
    return zone;
  }

  GoTime in(ZoneId z) {
    return new GoTime(instant, z);
  }

  /** Whether this is Go's zero time (0001-01-01 00:00:00 UTC). */
  public boolean isZero() {
    return instant.equals(ZERO);
  }

  private static final Instant ZERO = Instant.parse("0001-01-01T00:00:00Z");

  /** Go's zero time.Time, what unset times print as. */
  static final GoTime ZERO_TIME = new GoTime(ZERO, ZoneOffset.UTC);

  @Override
  public Object field(String name, List<Object> args) throws TemplateException {
    ZonedDateTime t = instant.atZone(zone);
    switch (name) {
      case "Format": {
        WrongArgs.want("Format", args, 1);
        if (!(args.get(0) instanceof String layout)) {
          throw new TemplateException("wrong type for value; expected string; got "
              + Fmt.typeName(args.get(0)));
        }
        return format(layout);
      }
      case "In": {
        WrongArgs.want("In", args, 1);
        if (args.get(0) instanceof String s) {
          return in(zone(s));
        }
        throw new TemplateException("wrong type for value; expected *time.Location");
      }
      case "Add": {
        WrongArgs.want("Add", args, 1);
        long n = args.get(0) instanceof GoDuration d ? d.nanos()
            : args.get(0) instanceof Number x ? x.longValue() : 0;
        return new GoTime(instant.plusNanos(n), zone);
      }
      case "Sub": {
        WrongArgs.want("Sub", args, 1);
        if (!(args.get(0) instanceof GoTime o)) {
          throw new TemplateException("wrong type for value; expected time.Time; got "
              + Fmt.typeName(args.get(0)));
        }
        return new GoDuration(nanosBetween(o.instant, instant));
      }
      case "Before":
      case "After":
      case "Equal": {
        WrongArgs.want(name, args, 1);
        if (!(args.get(0) instanceof GoTime o)) {
          throw new TemplateException("wrong type for value; expected time.Time; got "
              + Fmt.typeName(args.get(0)));
        }
        int c = instant.compareTo(o.instant);
        return name.equals("Before") ? c < 0 : name.equals("After") ? c > 0 : c == 0;
      }
      default:
        break;
    }
    if (!args.isEmpty()) {
      WrongArgs.want(name, args, 0);
    }
    return switch (name) {
      case "Unix" -> instant.getEpochSecond();
      case "UnixMilli" -> instant.toEpochMilli();
      case "UnixNano" -> instant.getEpochSecond() * 1_000_000_000L + instant.getNano();
      case "UTC" -> in(ZoneOffset.UTC);
      case "Local" -> in(ZoneId.systemDefault());
      case "String" -> toString();
      case "IsZero" -> isZero();
      case "Year" -> (long) t.getYear();
      case "Month" -> (long) t.getMonthValue();
      case "Day" -> (long) t.getDayOfMonth();
      case "Hour" -> (long) t.getHour();
      case "Minute" -> (long) t.getMinute();
      case "Second" -> (long) t.getSecond();
      case "Nanosecond" -> (long) t.getNano();
      case "YearDay" -> (long) t.getDayOfYear();
      case "Weekday" -> t.getDayOfWeek().getDisplayName(TextStyle.FULL, Locale.ENGLISH);
      default -> MISSING;
    };
  }

  /** Go's time.LoadLocation: "" and "UTC" are UTC, "Local" the system zone, else IANA names. */
  static ZoneId zone(String name) throws TemplateException {
    if (name.isEmpty() || name.equals("UTC")) {
      return ZoneOffset.UTC;
    }
    if (name.equals("Local")) {
      return ZoneId.systemDefault();
    }
    try {
      if (name.indexOf('/') < 0 && !java.util.Set.of("GMT", "CET", "EET", "WET", "MET", "EST",
          "MST", "HST", "EST5EDT", "CST6CDT", "MST7MDT", "PST8PDT").contains(name)) {
        throw new java.time.DateTimeException(name);
      }
      return ZoneId.of(name);
    } catch (java.time.DateTimeException e) {
      throw new TemplateException("unknown time zone " + name);
    }
  }

  static long nanosBetween(Instant from, Instant to) {
    return (to.getEpochSecond() - from.getEpochSecond()) * 1_000_000_000L
        + (to.getNano() - from.getNano());
  }

  @Override
  public String typeName() {
    return "time.Time";
  }

  @Override
  public String toString() {
    return format(STRING_LAYOUT);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof GoTime g && g.instant.equals(instant) && g.zone.equals(zone);
  }

  @Override
  public int hashCode() {
    return instant.hashCode();
  }

  /** Go's Time.Format with a reference-time layout. */
  public String format(String layout) {
    ZonedDateTime t = instant.atZone(zone);
    StringBuilder b = new StringBuilder();
    int i = 0;
    int n = layout.length();
    while (i < n) {
      String rest = layout.substring(i);
      if (rest.startsWith("January")) {
        b.append(t.getMonth().getDisplayName(TextStyle.FULL, Locale.ENGLISH));
        i += 7;
      } else if (rest.startsWith("Jan")) {
        b.append(t.getMonth().getDisplayName(TextStyle.SHORT, Locale.ENGLISH));
        i += 3;
      } else if (rest.startsWith("Monday")) {
        b.append(t.getDayOfWeek().getDisplayName(TextStyle.FULL, Locale.ENGLISH));
        i += 6;
      } else if (rest.startsWith("Mon")) {
        b.append(t.getDayOfWeek().getDisplayName(TextStyle.SHORT, Locale.ENGLISH));
        i += 3;
      } else if (rest.startsWith("MST")) {
        b.append(zoneAbbrev(t));
        i += 3;
      } else if (rest.startsWith("2006")) {
        b.append(String.format("%04d", t.getYear()));
        i += 4;
      } else if (rest.startsWith("002")) {
        b.append(String.format("%03d", t.getDayOfYear()));
        i += 3;
      } else if (rest.startsWith("__2")) {
        b.append(String.format("%3d", t.getDayOfYear()));
        i += 3;
      } else if (rest.startsWith("_2")) {
        b.append(String.format("%2d", t.getDayOfMonth()));
        i += 2;
      } else if (rest.startsWith("01")) {
        b.append(String.format("%02d", t.getMonthValue()));
        i += 2;
      } else if (rest.startsWith("02")) {
        b.append(String.format("%02d", t.getDayOfMonth()));
        i += 2;
      } else if (rest.startsWith("03")) {
        b.append(String.format("%02d", hour12(t)));
        i += 2;
      } else if (rest.startsWith("04")) {
        b.append(String.format("%02d", t.getMinute()));
        i += 2;
      } else if (rest.startsWith("05")) {
        b.append(String.format("%02d", t.getSecond()));
        i += 2;
      } else if (rest.startsWith("06")) {
        b.append(String.format("%02d", t.getYear() % 100));
        i += 2;
      } else if (rest.startsWith("15")) {
        b.append(String.format("%02d", t.getHour()));
        i += 2;
      } else if (rest.startsWith("1")) {
        b.append(t.getMonthValue());
        i += 1;
      } else if (rest.startsWith("2")) {
        b.append(t.getDayOfMonth());
        i += 1;
      } else if (rest.startsWith("3")) {
        b.append(hour12(t));
        i += 1;
      } else if (rest.startsWith("4")) {
        b.append(t.getMinute());
        i += 1;
      } else if (rest.startsWith("5")) {
        b.append(t.getSecond());
        i += 1;
      } else if (rest.startsWith("PM")) {
        b.append(t.getHour() >= 12 ? "PM" : "AM");
        i += 2;
      } else if (rest.startsWith("pm")) {
        b.append(t.getHour() >= 12 ? "pm" : "am");
        i += 2;
      } else if (zoneToken(rest) != null) {
        String tok = zoneToken(rest);
        b.append(zoneOffset(t, tok));
        i += tok.length();
      } else if ((rest.startsWith(".") || rest.startsWith(",")) && fracLen(rest) > 0) {
        int len = fracLen(rest);
        char kind = rest.charAt(1);
        String digits = String.format("%09d", t.getNano()).substring(0, Math.min(len, 9));
        if (kind == '9') {
          int end = digits.length();
          while (end > 0 && digits.charAt(end - 1) == '0') {
            end--;
          }
          if (end > 0) {
            b.append(rest.charAt(0)).append(digits, 0, end);
          }
        } else {
          b.append(rest.charAt(0)).append(digits);
        }
        i += 1 + len;
      } else {
        b.append(rest.charAt(0));
        i++;
      }
    }
    return b.toString();
  }

  private static int hour12(ZonedDateTime t) {
    int h = t.getHour() % 12;
    return h == 0 ? 12 : h;
  }

  /** Length of a run of 0s or 9s after the separator, when not followed by a digit. */
  private static int fracLen(String rest) {
    if (rest.length() < 2 || (rest.charAt(1) != '0' && rest.charAt(1) != '9')) {
      return 0;
    }
    char c = rest.charAt(1);
    int j = 1;
    while (j < rest.length() && rest.charAt(j) == c) {
      j++;
    }
    if (j < rest.length() && Character.isDigit(rest.charAt(j))) {
      return 0;
    }
    return j - 1;
  }

  private static final String[] ZONE_TOKENS = {
    "Z07:00:00", "-07:00:00", "Z070000", "-070000", "Z07:00", "-07:00", "Z0700", "-0700",
    "Z07", "-07"
  };

  private static String zoneToken(String rest) {
    for (String z : ZONE_TOKENS) {
      if (rest.startsWith(z)) {
        return z;
      }
    }
    return null;
  }

  private static String zoneOffset(ZonedDateTime t, String tok) {
    int secs = t.getOffset().getTotalSeconds();
    if (tok.startsWith("Z") && secs == 0) {
      return "Z";
    }
    char sign = secs < 0 ? '-' : '+';
    int a = Math.abs(secs);
    int h = a / 3600;
    int m = a / 60 % 60;
    int s = a % 60;
    String body = tok.substring(1);
    StringBuilder b = new StringBuilder().append(sign).append(String.format("%02d", h));
    switch (body) {
      case "07:00:00" -> b.append(String.format(":%02d:%02d", m, s));
      case "070000" -> b.append(String.format("%02d%02d", m, s));
      case "07:00" -> b.append(String.format(":%02d", m));
      case "0700" -> b.append(String.format("%02d", m));
      default -> { }
    }
    return b.toString();
  }

  private static String zoneAbbrev(ZonedDateTime t) {
    ZoneId z = t.getZone();
    if (z.equals(ZoneOffset.UTC) || z.getId().equals("UTC") || z.getId().equals("Z")) {
      return "UTC";
    }
    boolean dst = z.getRules().isDaylightSavings(t.toInstant());
    String abbrev = java.util.TimeZone.getTimeZone(z).getDisplayName(dst,
        java.util.TimeZone.SHORT, Locale.ENGLISH);
    if (abbrev != null && !abbrev.startsWith("GMT") && abbrev.chars().allMatch(Character::isLetter)) {
      return abbrev;
    }
    // Go prints the numeric offset when a zone has no abbreviation.
    int secs = t.getOffset().getTotalSeconds();
    int a = Math.abs(secs);
    String off = (secs < 0 ? "-" : "+") + String.format("%02d", a / 3600);
    return a % 3600 == 0 ? off : off + String.format("%02d", a / 60 % 60);
  }
}
