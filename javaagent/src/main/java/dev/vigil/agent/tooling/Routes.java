package dev.vigil.agent.tooling;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Keeps label values bounded, so a crawler or a scanner cannot create unbounded series.
 *
 * <p>{@link #collapse} turns a raw path into a route-like one: segments that look like ids
 * (numbers, UUIDs, long hex or mixed letter-and-digit tokens) become {@code {id}}. A
 * {@link Limit} then keeps at most a fixed number of distinct values per label and maps the rest
 * to {@code other}.
 */
final class Routes {
  static final String ID = "{id}";
  static final String OTHER = "other";
  private static final int MAX_SEGMENTS = 8;

  private Routes() {}

  /** {@code /users/123/orders/7f3a...} → {@code /users/{id}/orders/{id}}. */
  static String collapse(String path) {
    if (path == null || path.isEmpty()) {
      return "/";
    }
    if (unchanged(path)) {
      return path; // the usual case, on every request: no copy
    }
    int q = path.indexOf('?');
    if (q >= 0) {
      path = path.substring(0, q);
    }
    StringBuilder out = new StringBuilder(path.length());
    int segments = 0;
    int start = path.charAt(0) == '/' ? 1 : 0;
    while (start <= path.length()) {
      int end = path.indexOf('/', start);
      if (end < 0) {
        end = path.length();
      }
      if (++segments > MAX_SEGMENTS) {
        out.append("/...");
        break;
      }
      String segment = path.substring(start, end);
      out.append('/').append(looksLikeId(segment) ? ID : segment);
      start = end + 1;
      if (end == path.length()) {
        break;
      }
    }
    return out.toString();
  }

  /** Whether {@link #collapse} would return the path as it is. */
  private static boolean unchanged(String path) {
    if (path.charAt(0) != '/' || path.indexOf('?') >= 0) {
      return false;
    }
    int segments = 0;
    for (int start = 1; ; ) {
      int end = path.indexOf('/', start);
      if (end < 0) {
        end = path.length();
      }
      if (++segments > MAX_SEGMENTS || looksLikeId(path, start, end)) {
        return false;
      }
      if (end == path.length()) {
        return true;
      }
      start = end + 1;
    }
  }

  static boolean looksLikeId(String s) {
    return looksLikeId(s, 0, s.length());
  }

  /** {@link #looksLikeId(String)} for {@code s.substring(from, to)}, without making it. */
  private static boolean looksLikeId(String s, int from, int to) {
    int n = to - from;
    if (n == 0) {
      return false;
    }
    int digits = 0;
    int hex = 0;
    int dashes = 0;
    for (int i = from; i < to; i++) {
      char c = s.charAt(i);
      if (c >= '0' && c <= '9') {
        digits++;
        hex++;
      } else if ((c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F')) {
        hex++;
      } else if (c == '-') {
        dashes++;
      }
    }
    if (digits == n) {
      return true; // 123
    }
    if (n == 36 && dashes == 4 && hex == 32) {
      return true; // a UUID
    }
    if (hex == n && n >= 8 && digits > 0) {
      return true; // a hash or hex id
    }
    // Long tokens mixing letters and digits (base64 ids, session keys) are ids too; short ones
    // such as "v2" or "md5" stay as they are.
    return n >= 16 && digits > 0;
  }

  /** At most {@code max} distinct values; further new values read as {@link #OTHER}. */
  static final class Limit {
    private final Set<String> seen = ConcurrentHashMap.newKeySet();
    private final int max;

    Limit(int max) {
      this.max = max;
    }

    String apply(String value) {
      if (seen.contains(value)) {
        return value;
      }
      // The size check and the add race, so the set may exceed max by the number of threads;
      // that is still bounded, and cheaper than a lock on every request.
      if (seen.size() >= max) {
        return OTHER;
      }
      seen.add(value);
      return value;
    }
  }
}
