package dev.vigil.server.promql.functions;

/**
 * PromQL's date functions on a Unix time in seconds, in UTC: the value is truncated to whole
 * seconds toward zero, as Prometheus's {@code time.Unix(int64(v), 0)} does. Computed with integer
 * calendar arithmetic (no {@code java.time} objects) so a vector of samples costs no allocation.
 *
 * <p>NaN and ±Inf have no date; every function returns NaN for them (Prometheus would read
 * whatever Go's float-to-int conversion yields).
 */
public final class DateFunctions {
  private DateFunctions() {}

  private static final long YEAR_OFFSET = 1_000_000_000_000L;

  private static final int[] DAYS_BEFORE_MONTH = {0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304,
      334};

  public static double year(double seconds) {
    return Double.isFinite(seconds) ? civil(days(seconds)) / 10_000 - YEAR_OFFSET : Double.NaN;
  }

  /** Month of the year, 1 to 12. */
  public static double month(double seconds) {
    return Double.isFinite(seconds) ? (civil(days(seconds)) / 100) % 100 : Double.NaN;
  }

  /** Day of the month, 1 to 31. */
  public static double dayOfMonth(double seconds) {
    return Double.isFinite(seconds) ? civil(days(seconds)) % 100 : Double.NaN;
  }

  /** Day of the week, 0 (Sunday) to 6 (Saturday). */
  public static double dayOfWeek(double seconds) {
    // 1970-01-01 was a Thursday (4).
    return Double.isFinite(seconds) ? Math.floorMod(days(seconds) + 4, 7L) : Double.NaN;
  }

  /** Day of the year, 1 to 365 (366 in leap years). */
  public static double dayOfYear(double seconds) {
    if (!Double.isFinite(seconds)) {
      return Double.NaN;
    }
    long ymd = civil(days(seconds));
    long year = ymd / 10_000 - YEAR_OFFSET;
    int month = (int) ((ymd / 100) % 100);
    long day = ymd % 100;
    int leapDay = month > 2 && isLeap(year) ? 1 : 0;
    return DAYS_BEFORE_MONTH[month - 1] + leapDay + day;
  }

  /** Number of days in the month of the date, 28 to 31. */
  public static double daysInMonth(double seconds) {
    if (!Double.isFinite(seconds)) {
      return Double.NaN;
    }
    long ymd = civil(days(seconds));
    long year = ymd / 10_000 - YEAR_OFFSET;
    int month = (int) ((ymd / 100) % 100);
    if (month == 2) {
      return isLeap(year) ? 29 : 28;
    }
    return month == 4 || month == 6 || month == 9 || month == 11 ? 30 : 31;
  }

  /** Hour of the day, 0 to 23. */
  public static double hour(double seconds) {
    return Double.isFinite(seconds) ? Math.floorMod(wholeSeconds(seconds), 86_400L) / 3600
        : Double.NaN;
  }

  /** Minute of the hour, 0 to 59. */
  public static double minute(double seconds) {
    return Double.isFinite(seconds) ? Math.floorMod(wholeSeconds(seconds), 3600L) / 60
        : Double.NaN;
  }

  private static long wholeSeconds(double seconds) {
    return (long) seconds;
  }

  private static long days(double seconds) {
    return Math.floorDiv(wholeSeconds(seconds), 86_400L);
  }

  private static boolean isLeap(long year) {
    return year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
  }

  /**
   * The proleptic Gregorian date of a day count since 1970-01-01, packed as
   * {@code (year + YEAR_OFFSET) * 10000 + month * 100 + day} so that no object is needed for
   * three numbers; the offset keeps it positive for any year a long second count can reach.
   * Years counted from March make February the last month, so leap days need no special case.
   */
  static long civil(long days) {
    long z = days + 719_468; // days since 0000-03-01
    long era = Math.floorDiv(z, 146_097L);
    long dayOfEra = z - era * 146_097;
    long yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365;
    long dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100);
    long mp = (5 * dayOfYear + 2) / 153; // March = 0
    long day = dayOfYear - (153 * mp + 2) / 5 + 1;
    long month = mp < 10 ? mp + 3 : mp - 9;
    long year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0);
    return (year + YEAR_OFFSET) * 10_000 + month * 100 + day;
  }
}
