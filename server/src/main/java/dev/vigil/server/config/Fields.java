package dev.vigil.server.config;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Typed access to the keys of one YAML mapping. Every key read is remembered, so {@link #finish}
 * can reject the ones nobody asked for: unknown fields are errors, as in Prometheus's strict
 * parsing. Bad values are reported to the {@link ParseContext} and replaced by the default, so
 * parsing continues.
 */
public final class Fields {
  private static final Node.Mapping EMPTY = new Node.Mapping(0, 0);

  private final ParseContext ctx;
  private final Node.Mapping map;
  private final String path;
  private final String type;
  private final Set<String> known = new HashSet<>();

  /**
   * @param node the mapping, or null / YAML null for an absent section
   * @param type the spec's name for the section, used in "field not found in ..." messages
   */
  public Fields(ParseContext ctx, Node node, String path, String type) {
    this.ctx = ctx;
    this.path = path;
    this.type = type;
    if (node instanceof Node.Mapping m) {
      this.map = m;
    } else {
      if (node != null && !isNull(node)) {
        ctx.error(node, path, "expected a mapping (" + type + "), got a " + node.kind());
      }
      this.map = EMPTY;
    }
  }

  public static boolean isNull(Node n) {
    return n instanceof Node.Scalar s && s.type() == Node.Scalar.Type.NULL;
  }

  public ParseContext ctx() {
    return ctx;
  }

  public String path(String key) {
    return path.isEmpty() ? key : path + "." + key;
  }

  /** The node under {@code key}; null when absent or YAML null (which means "use the default"). */
  public Node node(String key) {
    known.add(key);
    Node n = map.entries().get(key);
    return n == null || isNull(n) ? null : n;
  }

  public boolean has(String key) {
    return node(key) != null;
  }

  /** The location of the mapping itself, for errors about a missing field. */
  public Node.Mapping self() {
    return map;
  }

  public void error(String key, String message) {
    Node n = map.entries().get(key);
    ctx.error(n != null ? n : map, path(key), message);
  }

  public String string(String key, String def) {
    Node n = node(key);
    if (n == null) {
      return def;
    }
    if (n instanceof Node.Scalar s) {
      return s.text();
    }
    ctx.error(n, path(key), "expected a string, got a " + n.kind());
    return def;
  }

  /** A file name, resolved against the config file's directory. */
  public String file(String key) {
    return ctx.file(string(key, null));
  }

  public boolean bool(String key, boolean def) {
    Node n = node(key);
    if (n == null) {
      return def;
    }
    if (n instanceof Node.Scalar s && s.type() == Node.Scalar.Type.BOOL) {
      return Boolean.parseBoolean(s.text().toLowerCase(java.util.Locale.ROOT));
    }
    ctx.error(n, path(key), "expected a boolean (true or false), got " + describe(n));
    return def;
  }

  /** A non-negative integer (Prometheus's limits are unsigned). */
  public long count(String key, long def) {
    Node n = node(key);
    if (n == null) {
      return def;
    }
    if (n instanceof Node.Scalar s && s.type() == Node.Scalar.Type.INT) {
      try {
        long v = Long.parseLong(s.text());
        if (v >= 0) {
          return v;
        }
        ctx.error(n, path(key), "must not be negative, got " + v);
        return def;
      } catch (NumberFormatException e) {
        // fall through: out of range
      }
    }
    ctx.error(n, path(key), "expected a non-negative integer, got " + describe(n));
    return def;
  }

  public int intCount(String key, int def) {
    long v = count(key, def);
    if (v > Integer.MAX_VALUE) {
      error(key, "value " + v + " is too large");
      return def;
    }
    return (int) v;
  }

  public double number(String key, double def) {
    Node n = node(key);
    if (n == null) {
      return def;
    }
    if (n instanceof Node.Scalar s
        && (s.type() == Node.Scalar.Type.INT || s.type() == Node.Scalar.Type.FLOAT)) {
      try {
        return Double.parseDouble(s.text());
      } catch (NumberFormatException e) {
        // fall through
      }
    }
    ctx.error(n, path(key), "expected a number, got " + describe(n));
    return def;
  }

  public Duration duration(String key, Duration def) {
    Node n = node(key);
    if (n == null) {
      return def;
    }
    if (n instanceof Node.Scalar s) {
      try {
        return Durations.parse(s.text());
      } catch (IllegalArgumentException e) {
        ctx.error(n, path(key), e.getMessage());
        return def;
      }
    }
    ctx.error(n, path(key), "expected a duration, got a " + n.kind());
    return def;
  }

  public long size(String key, long def) {
    Node n = node(key);
    if (n == null) {
      return def;
    }
    if (n instanceof Node.Scalar s) {
      try {
        return Sizes.parse(s.text());
      } catch (IllegalArgumentException e) {
        ctx.error(n, path(key), e.getMessage());
        return def;
      }
    }
    ctx.error(n, path(key), "expected a size, got a " + n.kind());
    return def;
  }

  /** The items of a sequence (empty when absent); each item's path is {@code key[i]}. */
  public List<Node> items(String key) {
    Node n = node(key);
    if (n == null) {
      return List.of();
    }
    if (n instanceof Node.Sequence s) {
      return s.items();
    }
    ctx.error(n, path(key), "expected a list, got a " + n.kind());
    return List.of();
  }

  public List<String> strings(String key) {
    List<String> out = new ArrayList<>();
    List<Node> items = items(key);
    for (int i = 0; i < items.size(); i++) {
      Node n = items.get(i);
      if (n instanceof Node.Scalar s && s.type() != Node.Scalar.Type.NULL) {
        out.add(s.text());
      } else {
        ctx.error(n, path(key) + "[" + i + "]", "expected a string, got " + describe(n));
      }
    }
    return List.copyOf(out);
  }

  /** A mapping of strings to strings, in file order. */
  public Map<String, String> stringMap(String key) {
    Map<String, String> out = new LinkedHashMap<>();
    Node n = node(key);
    if (n == null) {
      return Map.of();
    }
    if (!(n instanceof Node.Mapping m)) {
      ctx.error(n, path(key), "expected a mapping, got a " + n.kind());
      return Map.of();
    }
    for (Map.Entry<String, Node> e : m.entries().entrySet()) {
      Node v = e.getValue();
      if (v instanceof Node.Scalar s) {
        out.put(e.getKey(), s.text() == null ? "" : s.text());
      } else {
        int[] at = m.keyLocations().get(e.getKey());
        ctx.errorAt(at[0], at[1], path(key) + "." + e.getKey() + ": expected a string, got a "
            + v.kind());
      }
    }
    return java.util.Collections.unmodifiableMap(out);
  }

  /** Keys of the mapping under {@code key} with their locations, for per-key validation. */
  public Node.Mapping mapping(String key) {
    Node n = node(key);
    if (n == null) {
      return null;
    }
    if (n instanceof Node.Mapping m) {
      return m;
    }
    ctx.error(n, path(key), "expected a mapping, got a " + n.kind());
    return null;
  }

  /** Keys the spec defines that Vigil reads but does not use (yet); they are accepted. */
  public void ignore(String... keys) {
    for (String k : keys) {
      known.add(k);
    }
  }

  /** Keys the spec defines but Vigil cannot honour: rejected rather than silently ignored. */
  public void unsupported(String... keys) {
    for (String k : keys) {
      if (has(k)) {
        error(k, k + " is not supported by Vigil");
      }
    }
  }

  /** Reports every key that no getter asked for. */
  public void finish() {
    for (Map.Entry<String, int[]> e : map.keyLocations().entrySet()) {
      if (!known.contains(e.getKey())) {
        int[] at = e.getValue();
        ctx.errorAt(at[0], at[1], "field \"" + e.getKey() + "\" not found in " + type);
      }
    }
  }

  public static String describe(Node n) {
    if (n instanceof Node.Scalar s) {
      return s.type() == Node.Scalar.Type.NULL ? "null" : "\"" + s.text() + "\"";
    }
    return "a " + n.kind();
  }
}
