package dev.vigil.server.api;

import dev.vigil.server.promql.parser.Printer;
import dev.vigil.server.model.Labels;
import dev.vigil.server.model.Matcher;
import dev.vigil.server.storage.Querier;
import dev.vigil.server.storage.Queryable;
import dev.vigil.server.storage.SeriesSet;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * {@code /api/v1/series}, {@code /api/v1/labels} and {@code /api/v1/label/<name>/values}: what
 * series and labels exist in a time range, optionally narrowed by {@code match[]} selectors.
 * Names and values come from the index; series are selected as queries select them.
 */
public final class SeriesApi {
  static final String TRUNCATED = "results truncated due to limit";

  private final Queryable storage;
  private final Function<String, List<Matcher>> selectors;

  /**
   * @param selectors parses one {@code match[]} selector into its matchers; throws
   *     IllegalArgumentException with a message for the client when it cannot
   */
  public SeriesApi(Queryable storage, Function<String, List<Matcher>> selectors) {
    this.storage = storage;
    this.selectors = selectors;
  }

  public ApiResponse series(ApiRequest r) throws ApiException {
    if (r.all("match[]").isEmpty()) {
      throw ApiException.badData("no match[] parameter provided");
    }
    long start = ApiParams.time(r, "start", ApiParams.MIN_TIME);
    long end = ApiParams.time(r, "end", ApiParams.MAX_TIME);
    int limit = ApiParams.limit(r);
    List<Matcher[]> sets = ApiParams.matchers(r, selectors);
    List<Labels> out = new ArrayList<>();
    try (Querier q = storage.querier(start, end)) {
      if (sets.size() == 1) {
        // One selector: the querier's order is the answer's, so stop once past the limit.
        SeriesSet set = q.select(true, sets.get(0));
        while (set.next() && (limit == 0 || out.size() <= limit)) {
          out.add(set.labels());
        }
      } else {
        TreeSet<Labels> union = new TreeSet<>();
        for (Matcher[] ms : sets) {
          SeriesSet set = q.select(true, ms);
          while (set.next()) {
            union.add(set.labels());
          }
        }
        out.addAll(union);
      }
    }
    List<String> warnings = List.of();
    if (limit > 0 && out.size() > limit) {
      out = out.subList(0, limit);
      warnings = List.of(TRUNCATED);
    }
    List<Labels> result = out;
    return ApiResponse.of(g -> {
      g.writeStartArray();
      for (Labels l : result) {
        ApiJson.labels(g, l);
      }
      g.writeEndArray();
    }, warnings);
  }

  public ApiResponse labelNames(ApiRequest r) throws ApiException {
    long start = ApiParams.time(r, "start", ApiParams.MIN_TIME);
    long end = ApiParams.time(r, "end", ApiParams.MAX_TIME);
    int limit = ApiParams.limit(r);
    List<Matcher[]> sets = ApiParams.matchers(r, selectors);
    List<String> names;
    try (Querier q = storage.querier(start, end)) {
      if (sets.isEmpty()) {
        names = q.labelNames();
      } else {
        TreeSet<String> union = new TreeSet<>();
        for (Matcher[] ms : sets) {
          union.addAll(q.labelNames(ms));
        }
        names = new ArrayList<>(union);
      }
    }
    return truncated(names, limit);
  }

  public ApiResponse labelValues(ApiRequest r) throws ApiException {
    String name = r.pathParam("name");
    if (name.startsWith("U__")) {
      name = unescapeName(name);
    }
    if (!validLabelName(name)) {
      throw ApiException.badData("invalid label name: " + Printer.quote(name));
    }
    long start = ApiParams.time(r, "start", ApiParams.MIN_TIME);
    long end = ApiParams.time(r, "end", ApiParams.MAX_TIME);
    int limit = ApiParams.limit(r);
    List<Matcher[]> sets = ApiParams.matchers(r, selectors);
    List<String> values;
    try (Querier q = storage.querier(start, end)) {
      if (sets.isEmpty()) {
        values = q.labelValues(name);
      } else {
        TreeSet<String> union = new TreeSet<>();
        for (Matcher[] ms : sets) {
          union.addAll(q.labelValues(name, ms));
        }
        values = new ArrayList<>(union);
      }
    }
    return truncated(values, limit);
  }

  private static ApiResponse truncated(List<String> values, int limit) {
    if (limit > 0 && values.size() > limit) {
      return ApiResponse.strings(values.subList(0, limit), List.of(TRUNCATED));
    }
    return ApiResponse.strings(values, List.of());
  }

  /** Label names may be any non-empty UTF-8 text, as with Prometheus's UTF-8 validation. */
  static boolean validLabelName(String name) {
    return !name.isEmpty() && StandardCharsets.UTF_8.newEncoder().canEncode(name);
  }

  /**
   * Undoes the "values" escaping of a name in a URL path: {@code U__} then letters, digits and
   * colons as they are, {@code __} for an underscore and {@code _hex_} for any other code point.
   * Text that is not validly escaped is returned unchanged, as Prometheus does.
   */
  static String unescapeName(String escaped) {
    StringBuilder b = new StringBuilder();
    String s = escaped.substring(3);
    for (int i = 0; i < s.length(); ) {
      char c = s.charAt(i);
      if (c != '_') {
        b.append(c);
        i++;
        continue;
      }
      if (i + 1 < s.length() && s.charAt(i + 1) == '_') {
        b.append('_');
        i += 2;
        continue;
      }
      int close = s.indexOf('_', i + 1);
      // At most six hex digits: U+10FFFF is the largest code point.
      if (close < 0 || close - i - 1 > 6 || !s.substring(i + 1, close).matches("[0-9a-fA-F]+")) {
        return escaped;
      }
      int cp;
      try {
        cp = Integer.parseInt(s.substring(i + 1, close), 16);
      } catch (NumberFormatException e) {
        return escaped;
      }
      if (!Character.isValidCodePoint(cp) || (cp >= 0xD800 && cp <= 0xDFFF)) {
        return escaped;
      }
      b.appendCodePoint(cp);
      i = close + 1;
    }
    return b.toString();
  }
}
