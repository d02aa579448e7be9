package dev.vigil.server.template;

import dev.vigil.server.model.Labels;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/** Go's reflect-level rules for template values: truth, kinds, comparison, sorted map keys. */
final class Values {
  private Values() {}

  /** Go's invalid reflect.Value: a missing map key or an unset result. Prints "<no value>". */
  static final Object NO_VALUE = new Object() {
    @Override
    public String toString() {
      return "<no value>";
    }
  };

  /** Go's template truth: false, 0, nil, empty string/list/map are false. */
  static boolean isTrue(Object v) {
    if (v == null || v == NO_VALUE) {
      return false;
    } else if (v instanceof Boolean b) {
      return b;
    } else if (v instanceof String s) {
      return !s.isEmpty();
    } else if (Fmt.isInt(v)) {
      return ((Number) v).longValue() != 0;
    } else if (Fmt.isFloat(v)) {
      return ((Number) v).doubleValue() != 0;
    } else if (v instanceof Labels l) {
      return !l.isEmpty();
    } else if (v instanceof Map<?, ?> m) {
      return !m.isEmpty();
    }
    List<?> list = Fmt.asList(v);
    if (list != null) {
      return !list.isEmpty();
    }
    return true; // structs, functions
  }

  /** Map keys in Go's fmtsort order: numbers numerically, strings bytewise, others by text. */
  static List<Object> sortedKeys(Map<?, ?> m) {
    List<Object> keys = new ArrayList<>(m.keySet());
    keys.sort(KEY_ORDER);
    return keys;
  }

  private static final Comparator<Object> KEY_ORDER = (a, b) -> {
    if (a instanceof Number x && b instanceof Number y) {
      return Double.compare(x.doubleValue(), y.doubleValue());
    }
    return String.valueOf(a).compareTo(String.valueOf(b));
  };

  enum Kind { INVALID, BOOL, INT, FLOAT, STRING, OTHER }

  static Kind kind(Object v) {
    if (v == null || v == NO_VALUE) {
      return Kind.INVALID;
    } else if (v instanceof Boolean) {
      return Kind.BOOL;
    } else if (Fmt.isInt(v)) {
      return Kind.INT;
    } else if (Fmt.isFloat(v)) {
      return Kind.FLOAT;
    } else if (v instanceof String) {
      return Kind.STRING;
    }
    return Kind.OTHER;
  }

  static final String BAD_COMPARISON_TYPE = "invalid type for comparison";
  static final String BAD_COMPARISON = "incompatible types for comparison";
  static final String NO_COMPARISON = "missing argument for comparison";

  /** Go's eq for two values. */
  static boolean eq(Object a, Object b) throws TemplateException {
    Kind ka = kind(a);
    Kind kb = kind(b);
    if (ka != kb) {
      if (ka != Kind.INVALID && kb != Kind.INVALID) {
        throw new TemplateException(BAD_COMPARISON);
      }
      return false;
    }
    switch (ka) {
      case INVALID:
        return true;
      case BOOL:
      case STRING:
        return a.equals(b);
      case INT:
        return ((Number) a).longValue() == ((Number) b).longValue();
      case FLOAT:
        return ((Number) a).doubleValue() == ((Number) b).doubleValue();
      default:
        if (Fmt.asList(a) != null || a instanceof Map || b instanceof Map) {
          throw new TemplateException("non-comparable type " + Fmt.formatV(a) + ": "
              + Fmt.typeName(a));
        }
        return a.equals(b);
    }
  }

  /** Go's lt. */
  static boolean lt(Object a, Object b) throws TemplateException {
    Kind ka = kind(a);
    Kind kb = kind(b);
    if (ka == Kind.INVALID || ka == Kind.OTHER || kb == Kind.INVALID || kb == Kind.OTHER) {
      throw new TemplateException(BAD_COMPARISON_TYPE);
    }
    if (ka != kb) {
      throw new TemplateException(BAD_COMPARISON);
    }
    switch (ka) {
      case BOOL:
        throw new TemplateException(BAD_COMPARISON_TYPE);
      case INT:
        return ((Number) a).longValue() < ((Number) b).longValue();
      case FLOAT:
        return ((Number) a).doubleValue() < ((Number) b).doubleValue();
      default:
        return compareBytes((String) a, (String) b) < 0;
    }
  }

  /** Go compares strings bytewise (UTF-8); UTF-16 order differs only above the BMP. */
  static int compareBytes(String a, String b) {
    int n = Math.min(a.length(), b.length());
    for (int i = 0; i < n; ) {
      int x = a.codePointAt(i);
      int y = b.codePointAt(i);
      if (x != y) {
        return Integer.compare(x, y);
      }
      i += Character.charCount(x);
    }
    return Integer.compare(a.length(), b.length());
  }

  /** Go's len. */
  static long len(Object v) throws TemplateException {
    if (v == null || v == NO_VALUE) {
      throw new TemplateException("len of nil pointer");
    } else if (v instanceof String s) {
      return utf8Length(s);
    } else if (v instanceof Labels l) {
      return l.size();
    } else if (v instanceof Map<?, ?> m) {
      return m.size();
    }
    List<?> list = Fmt.asList(v);
    if (list != null) {
      return list.size();
    }
    throw new TemplateException("len of type " + Fmt.typeName(v));
  }

  static int utf8Length(String s) {
    int n = 0;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < 0x80) {
        n++;
      } else if (c < 0x800) {
        n += 2;
      } else if (Character.isHighSurrogate(c)) {
        n += 4;
        i++;
      } else {
        n += 3;
      }
    }
    return n;
  }

  /** Map-like lookup: value, or NO_VALUE when the key is absent; null when not map-like. */
  static Object mapGet(Object m, String key, boolean missingZero) {
    if (m instanceof Labels l) {
      String v = l.get(key);
      return v != null ? v : missingZero ? "" : NO_VALUE;
    }
    if (m instanceof Map<?, ?> map) {
      if (map.containsKey(key)) {
        return map.get(key);
      }
      return missingZero ? "" : NO_VALUE;
    }
    return null;
  }

  static boolean isMapLike(Object v) {
    return v instanceof Labels || v instanceof Map;
  }
}
