package dev.vigil.exporters.mysql;

import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Locale;

/** How mysqld_exporter turns SHOW … STATUS/VARIABLES text into names and numbers. */
final class MysqlValues {
  private static final DateTimeFormatter SQL_TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss", Locale.ROOT);
  private static final DateTimeFormatter SSL_TIME =
      DateTimeFormatter.ofPattern("MMM dd HH:mm:ss yyyy zzz", Locale.ROOT);

  private MysqlValues() {}

  /**
   * The number a status or variable value stands for, or NaN when it is text. ON/YES/Primary are
   * 1, OFF/NO/DISABLED/Connecting are 0, timestamps become Unix seconds — as the peer does, so
   * alert rules written against it keep their meaning.
   */
  static double parse(String raw) {
    if (raw == null || raw.isEmpty()) {
      return Double.NaN;
    }
    switch (raw.toLowerCase(Locale.ROOT)) {
      case "yes", "on", "primary" -> {
        return 1;
      }
      case "no", "off", "disabled", "connecting", "non-primary", "disconnected" -> {
        return 0;
      }
      default -> { }
    }
    char c = raw.charAt(0);
    if (Character.isDigit(c) || c == '-' || c == '+' || c == '.') {
      try {
        return Double.parseDouble(raw);
      } catch (NumberFormatException e) {
        // a date, a version string or a file name: try the time forms below
      }
    }
    try {
      return LocalDateTime.parse(raw, SQL_TIME).toEpochSecond(ZoneOffset.UTC);
    } catch (DateTimeParseException e) {
      // not a SQL timestamp
    }
    try {
      return ZonedDateTime.parse(raw, SSL_TIME).toEpochSecond();
    } catch (DateTimeParseException e) {
      return Double.NaN;
    }
  }

  /** A status or variable name as the peer writes it: lower case, other characters as '_'. */
  static String name(String raw) {
    StringBuilder b = new StringBuilder(raw.length());
    for (int i = 0; i < raw.length(); i++) {
      char c = raw.charAt(i);
      boolean ok = c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
          || c == '_';
      b.append(ok ? Character.toLowerCase(c) : '_');
    }
    return b.toString();
  }

  /** A processlist state as the peer labels it ("Sending data" → "sending_data"). */
  static String state(String raw) {
    if (raw == null || raw.isEmpty()) {
      return "unknown";
    }
    StringBuilder b = new StringBuilder(raw.length());
    for (char c : raw.toLowerCase(Locale.ROOT).toCharArray()) {
      switch (c) {
        case ';', ',', ':', '.', '(', ')' -> { }
        case ' ', '-' -> b.append('_');
        default -> b.append(c);
      }
    }
    return b.toString();
  }
}
