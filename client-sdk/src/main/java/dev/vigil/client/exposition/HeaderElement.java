package dev.vigil.client.exposition;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/**
 * One element of a comma-separated HTTP header such as {@code Accept} ({@code text/plain;
 * version=0.0.4; q=0.2}) or {@code Accept-Encoding} ({@code gzip;q=0}).
 *
 * <p>Parsing is lenient and never throws: a header comes from the network, and a bad one must
 * only cost the client its preference. An element whose value is not a token, or whose quality
 * is not a number in [0, 1], is dropped; unknown parameters are ignored.
 */
final class HeaderElement {
  /** The element as it appeared, parameters included. */
  final String raw;
  /** Lower-cased value, e.g. {@code text/plain}, {@code * / *} or {@code gzip}. */
  final String value;
  /** The {@code version} parameter, or null. */
  final String version;
  /** The {@code q} parameter, 1 when absent. */
  final double q;

  private HeaderElement(String raw, String value, String version, double q) {
    this.raw = raw;
    this.value = value;
    this.version = version;
    this.q = q;
  }

  /** The well-formed elements of {@code header} in order; empty for null. */
  static List<HeaderElement> parse(String header) {
    if (header == null || header.isEmpty()) {
      return Collections.emptyList();
    }
    List<HeaderElement> result = new ArrayList<>(4);
    for (String element : split(header, ',')) {
      HeaderElement e = parseElement(element.trim());
      if (e != null) {
        result.add(e);
      }
    }
    return result;
  }

  /** The first well-formed element of {@code element}, or null. */
  static HeaderElement parseOne(String element) {
    List<HeaderElement> all = parse(element);
    return all.isEmpty() ? null : all.get(0);
  }

  boolean isMediaType(String lowerCaseType) {
    return value.equals(lowerCaseType);
  }

  private static HeaderElement parseElement(String element) {
    if (element.isEmpty()) {
      return null;
    }
    List<String> parts = split(element, ';');
    String value = parts.get(0).trim().toLowerCase(Locale.ROOT);
    if (!isToken(value)) {
      return null;
    }
    String version = null;
    double q = 1;
    for (int i = 1; i < parts.size(); i++) {
      String p = parts.get(i);
      int eq = p.indexOf('=');
      if (eq < 0) {
        continue;
      }
      String name = p.substring(0, eq).trim().toLowerCase(Locale.ROOT);
      String v = unquote(p.substring(eq + 1).trim());
      if (name.equals("q")) {
        q = parseQuality(v);
        if (q < 0) {
          return null;
        }
      } else if (name.equals("version")) {
        version = v;
      }
    }
    return new HeaderElement(element, value, version, q);
  }

  /** RFC 9110 qvalue: 0 to 1 with up to three decimals; -1 when malformed. */
  private static double parseQuality(String v) {
    if (v.isEmpty() || v.length() > 5) {
      return -1;
    }
    for (int i = 0; i < v.length(); i++) {
      char c = v.charAt(i);
      if (!(c >= '0' && c <= '9') && c != '.') {
        return -1;
      }
    }
    try {
      double q = Double.parseDouble(v);
      return q >= 0 && q <= 1 ? q : -1;
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  /** Token characters (RFC 9110) plus the slash of a media type. */
  private static boolean isToken(String s) {
    if (s.isEmpty()) {
      return false;
    }
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      boolean ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '/'
          || "!#$%&'*+-.^_`|~".indexOf(c) >= 0;
      if (!ok) {
        return false;
      }
    }
    return true;
  }

  private static String unquote(String v) {
    if (v.length() >= 2 && v.charAt(0) == '"' && v.charAt(v.length() - 1) == '"') {
      return v.substring(1, v.length() - 1);
    }
    return v;
  }

  /** Splits at {@code sep} outside double-quoted strings. */
  private static List<String> split(String s, char sep) {
    List<String> parts = new ArrayList<>(4);
    boolean quoted = false;
    int start = 0;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (quoted && c == '\\') {
        i++;
      } else if (c == '"') {
        quoted = !quoted;
      } else if (c == sep && !quoted) {
        parts.add(s.substring(start, i));
        start = i + 1;
      }
    }
    parts.add(s.substring(start));
    return parts;
  }

  @Override
  public String toString() {
    return raw;
  }
}
