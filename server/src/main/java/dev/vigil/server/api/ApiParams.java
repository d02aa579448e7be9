package dev.vigil.server.api;

import dev.vigil.server.promql.parser.Printer;
import dev.vigil.server.model.Matcher;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Parameter parsing shared by the endpoints, worded and bounded as Prometheus's API: times as
 * RFC 3339 or unix seconds (rounded to the millisecond), limits as non-negative integers, and
 * {@code match[]} selectors.
 */
public final class ApiParams {
  /** The earliest time a parameter can name: Prometheus's {@code MinTime}, in ms. */
  public static final long MIN_TIME = -9223309901257974L * 1000;
  /** The latest: Prometheus's {@code MaxTime}, in ms. */
  public static final long MAX_TIME = 9223309901257974L * 1000 + 999;
  /** How the two bounds print in RFC 3339; clients send them back, and they parse. */
  static final String MIN_TIME_FORMATTED = "-292273086-05-16T16:47:06Z";
  static final String MAX_TIME_FORMATTED = "292277025-08-18T07:12:54.999999999Z";

  // What Go's ParseFloat takes in base 10; Java's parser also takes "1d", "0x1p3", " 1".
  private static final Pattern FLOAT =
      Pattern.compile("[+-]?(\\d+(\\.\\d*)?|\\.\\d+)([eE][+-]?\\d+)?");
  // Go's RFC3339Nano layout: a four-digit year, 'T', optional fraction, Z or ±hh:mm.
  private static final Pattern RFC3339 = Pattern.compile(
      "\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(\\.\\d+)?(Z|[+-]\\d\\d:\\d\\d)");

  private ApiParams() {}

  /**
   * A timestamp in ms from RFC 3339 or unix seconds with decimals.
   *
   * @throws IllegalArgumentException {@code cannot parse "x" to a valid timestamp}
   */
  public static long parseTime(String s) {
    if (FLOAT.matcher(s).matches()) {
      double t = Double.parseDouble(s);
      double whole = t < 0 ? Math.ceil(t) : Math.floor(t);
      double ms = (t - whole) * 1000;
      // Go's math.Round: halves away from zero.
      long frac = (long) (ms < 0 ? -Math.floor(-ms + 0.5) : Math.floor(ms + 0.5));
      if (whole >= MAX_TIME / 1000.0) {
        return MAX_TIME;
      }
      if (whole <= MIN_TIME / 1000.0) {
        return MIN_TIME;
      }
      return (long) whole * 1000 + frac;
    }
    if (RFC3339.matcher(s).matches()) {
      try {
        OffsetDateTime t = OffsetDateTime.parse(s, DateTimeFormatter.ISO_OFFSET_DATE_TIME);
        return t.toEpochSecond() * 1000 + t.getNano() / 1_000_000;
      } catch (DateTimeParseException e) {
        // Not a real date (month 13, hour 25): refused below like any other text.
      }
    }
    if (s.equals(MIN_TIME_FORMATTED)) {
      return MIN_TIME;
    }
    if (s.equals(MAX_TIME_FORMATTED)) {
      return MAX_TIME;
    }
    throw new IllegalArgumentException("cannot parse " + Printer.quote(s) + " to a valid timestamp");
  }

  /**
   * A required time parameter, as the query endpoints read theirs.
   *
   * @throws ApiException {@code invalid parameter "time": cannot parse "x" to a valid timestamp}
   */
  public static long time(ApiRequest r, String name) throws ApiException {
    try {
      return parseTime(r.get(name));
    } catch (IllegalArgumentException e) {
      throw ApiException.invalidParam(name, e.getMessage());
    }
  }

  /** An optional time parameter with its default, worded as Prometheus's metadata endpoints. */
  public static long time(ApiRequest r, String name, long fallback) throws ApiException {
    String v = r.get(name);
    if (v.isEmpty()) {
      return fallback;
    }
    try {
      return parseTime(v);
    } catch (IllegalArgumentException e) {
      throw ApiException.invalidParam(name, "invalid time value for '" + name + "': "
          + e.getMessage());
    }
  }

  /** {@code limit}: absent or 0 means no limit (returned as 0); negative is refused. */
  public static int limit(ApiRequest r) throws ApiException {
    String v = r.get("limit");
    if (v.isEmpty()) {
      return 0;
    }
    int limit = atoi(v, "limit");
    if (limit < 0) {
      throw ApiException.invalidParam("limit", "limit must be non-negative");
    }
    return limit;
  }

  /** Go's {@code strconv.Atoi}, with its error text. */
  static int atoi(String v, String param) throws ApiException {
    if (!v.matches("[+-]?\\d+")) {
      throw ApiException.invalidParam(param, "strconv.Atoi: parsing " + Printer.quote(v)
          + ": invalid syntax");
    }
    try {
      return Integer.parseInt(v.startsWith("+") ? v.substring(1) : v);
    } catch (NumberFormatException e) {
      throw ApiException.invalidParam(param, "strconv.Atoi: parsing " + Printer.quote(v)
          + ": value out of range");
    }
  }

  /**
   * Every {@code match[]} selector as its matchers; each must have a matcher that does not
   * match the empty string, as Prometheus requires.
   */
  public static List<Matcher[]> matchers(ApiRequest r,
      Function<String, List<Matcher>> parser) throws ApiException {
    List<Matcher[]> sets = new ArrayList<>();
    for (String s : r.all("match[]")) {
      List<Matcher> ms;
      try {
        ms = parser.apply(s);
      } catch (IllegalArgumentException e) {
        throw ApiException.invalidParam("match[]", e.getMessage());
      }
      boolean nonEmpty = false;
      for (Matcher m : ms) {
        nonEmpty |= !m.matches("");
      }
      if (!nonEmpty) {
        throw ApiException.invalidParam("match[]",
            "match[] must contain at least one non-empty matcher");
      }
      sets.add(ms.toArray(new Matcher[0]));
    }
    return sets;
  }
}
