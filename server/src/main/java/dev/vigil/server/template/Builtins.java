package dev.vigil.server.template;

import dev.vigil.server.model.Labels;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Go text/template's predefined functions. */
final class Builtins {
  private Builtins() {}

  /** Identity matters: the executor short-circuits these two when they are the builtins. */
  static final TemplateFunction AND = args -> {
    WrongArgs.atLeast("and", args, 1);
    for (Object a : args) {
      if (!Values.isTrue(a)) {
        return a;
      }
    }
    return args.get(args.size() - 1);
  };

  static final TemplateFunction OR = args -> {
    WrongArgs.atLeast("or", args, 1);
    for (Object a : args) {
      if (Values.isTrue(a)) {
        return a;
      }
    }
    return args.get(args.size() - 1);
  };

  /**
   * Prometheus's {@code tmpl name data}: executes a template chosen at run time. The executor
   * recognises this instance (it needs the template set); called directly it can only fail.
   */
  static final TemplateFunction TMPL = args -> {
    throw new TemplateException("tmpl is only available during template execution");
  };

  static Map<String, TemplateFunction> table() {
    Map<String, TemplateFunction> m = new HashMap<>();
    m.put("and", AND);
    m.put("or", OR);
    m.put("not", args -> {
      WrongArgs.want("not", args, 1);
      return !Values.isTrue(args.get(0));
    });
    m.put("len", args -> {
      WrongArgs.want("len", args, 1);
      return Values.len(args.get(0));
    });
    m.put("index", Builtins::index);
    m.put("slice", Builtins::slice);
    m.put("print", Fmt::sprint);
    m.put("println", Fmt::sprintln);
    m.put("printf", args -> {
      WrongArgs.atLeast("printf", args, 1);
      if (!(args.get(0) instanceof String f)) {
        throw new TemplateException("wrong type for value; expected string; got "
            + Fmt.typeName(args.get(0)));
      }
      return Fmt.sprintf(f, args.subList(1, args.size()));
    });
    m.put("eq", args -> {
      WrongArgs.atLeast("eq", args, 1);
      if (args.size() < 2) {
        throw new TemplateException(Values.NO_COMPARISON);
      }
      for (int i = 1; i < args.size(); i++) {
        if (Values.eq(args.get(0), args.get(i))) {
          return true;
        }
      }
      return false;
    });
    m.put("ne", args -> {
      WrongArgs.want("ne", args, 2);
      return !Values.eq(args.get(0), args.get(1));
    });
    m.put("lt", args -> {
      WrongArgs.want("lt", args, 2);
      return Values.lt(args.get(0), args.get(1));
    });
    m.put("le", args -> {
      WrongArgs.want("le", args, 2);
      return Values.lt(args.get(0), args.get(1)) || Values.eq(args.get(0), args.get(1));
    });
    m.put("gt", args -> {
      WrongArgs.want("gt", args, 2);
      return !Values.lt(args.get(0), args.get(1)) && !Values.eq(args.get(0), args.get(1));
    });
    m.put("ge", args -> {
      WrongArgs.want("ge", args, 2);
      return !Values.lt(args.get(0), args.get(1));
    });
    m.put("html", args -> htmlEscape(evalArgs(args)));
    m.put("js", args -> jsEscape(evalArgs(args)));
    m.put("urlquery", args -> queryEscape(evalArgs(args)));
    m.put("call", args -> {
      WrongArgs.atLeast("call", args, 1);
      Object fn = args.get(0);
      if (fn == null) {
        throw new TemplateException("call of nil");
      }
      if (!(fn instanceof TemplateFunction f)) {
        throw new TemplateException("non-function " + Fmt.formatV(fn) + " of type "
            + Fmt.typeName(fn));
      }
      return f.apply(new ArrayList<>(args.subList(1, args.size())));
    });
    return m;
  }

  /** Go's evalArgs: a lone string as is, anything else through fmt.Sprint. */
  static String evalArgs(List<Object> args) {
    if (args.size() == 1 && args.get(0) instanceof String s) {
      return s;
    }
    return Fmt.sprint(args);
  }

  private static Object index(List<Object> args) throws TemplateException {
    WrongArgs.atLeast("index", args, 1);
    Object item = args.get(0);
    if (item == null) {
      throw new TemplateException("index of untyped nil");
    }
    for (Object idx : args.subList(1, args.size())) {
      if (item == null) {
        throw new TemplateException("index of nil pointer");
      }
      if (item instanceof Labels l) {
        if (!(idx instanceof String k)) {
          throw new TemplateException("value has type " + Fmt.typeName(idx)
              + "; should be string");
        }
        String v = l.get(k);
        item = v == null ? "" : v;
      } else if (item instanceof Map<?, ?> m) {
        Object v = m.get(idx);
        // Go yields the element type's zero value: "" for string maps, nil for interface maps.
        item = v == null && item instanceof AmData.StringMap ? "" : v;
      } else if (item instanceof String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        item = (long) (b[indexArg(idx, b.length)] & 0xff);
      } else {
        List<?> list = Fmt.asList(item);
        if (list == null) {
          throw new TemplateException("can't index item of type " + Fmt.typeName(item));
        }
        item = list.get(indexArg(idx, list.size()));
      }
    }
    return item;
  }

  private static int indexArg(Object idx, int cap) throws TemplateException {
    if (idx == null) {
      throw new TemplateException("cannot index slice/array with nil");
    }
    if (!Fmt.isInt(idx)) {
      throw new TemplateException("cannot index slice/array with type " + Fmt.typeName(idx));
    }
    long x = ((Number) idx).longValue();
    if (x < 0 || x >= cap) {
      throw new TemplateException("index out of range: " + x);
    }
    return (int) x;
  }

  private static int sliceArg(Object idx, int cap) throws TemplateException {
    if (!Fmt.isInt(idx)) {
      throw new TemplateException(idx == null ? "cannot index slice/array with nil"
          : "cannot index slice/array with type " + Fmt.typeName(idx));
    }
    long x = ((Number) idx).longValue();
    if (x < 0 || x > cap) {
      throw new TemplateException("index out of range: " + x);
    }
    return (int) x;
  }

  private static Object slice(List<Object> args) throws TemplateException {
    WrongArgs.atLeast("slice", args, 1);
    Object item = args.get(0);
    if (item == null) {
      throw new TemplateException("slice of untyped nil");
    }
    List<Object> idx = args.subList(1, args.size());
    if (idx.size() > 3) {
      throw new TemplateException("too many slice indexes: " + idx.size());
    }
    if (item instanceof String s) {
      if (idx.size() == 3) {
        throw new TemplateException("cannot 3-index slice a string");
      }
      byte[] b = s.getBytes(StandardCharsets.UTF_8);
      int[] ix = sliceBounds(idx, b.length);
      return new String(b, ix[0], ix[1] - ix[0], StandardCharsets.UTF_8);
    }
    List<?> list = Fmt.asList(item);
    if (list == null) {
      throw new TemplateException("can't slice item of type " + Fmt.typeName(item));
    }
    int[] ix = sliceBounds(idx, list.size());
    return List.copyOf(new ArrayList<>(list.subList(ix[0], ix[1])));
  }

  private static int[] sliceBounds(List<Object> idx, int cap) throws TemplateException {
    int[] ix = {0, cap, cap};
    for (int i = 0; i < idx.size(); i++) {
      ix[i] = sliceArg(idx.get(i), cap);
    }
    if (ix[0] > ix[1]) {
      throw new TemplateException("invalid slice index: " + ix[0] + " > " + ix[1]);
    }
    if (idx.size() == 3 && ix[1] > ix[2]) {
      throw new TemplateException("invalid slice index: " + ix[1] + " > " + ix[2]);
    }
    return ix;
  }

  /** Go's template.HTMLEscapeString. */
  static String htmlEscape(String s) {
    StringBuilder b = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> b.append("&#34;");
        case '\'' -> b.append("&#39;");
        case '&' -> b.append("&amp;");
        case '<' -> b.append("&lt;");
        case '>' -> b.append("&gt;");
        case '\0' -> b.append('\uFFFD');
        default -> b.append(c);
      }
    }
    return b.toString();
  }

  /** Go's template.JSEscapeString. */
  static String jsEscape(String s) {
    StringBuilder b = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); ) {
      int cp = s.codePointAt(i);
      i += Character.charCount(cp);
      switch (cp) {
        case '\\' -> b.append("\\\\");
        case '\'' -> b.append("\\'");
        case '"' -> b.append("\\\"");
        case '<' -> b.append("\\u003C");
        case '>' -> b.append("\\u003E");
        case '&' -> b.append("\\u0026");
        case '=' -> b.append("\\u003D");
        default -> {
          if (cp < 0x80 ? (cp < ' ' || cp == 0x7f) : !Fmt.isPrint(cp)) {
            b.append(String.format("\\u%04X", cp));
          } else {
            b.appendCodePoint(cp);
          }
        }
      }
    }
    return b.toString();
  }

  /** Go's url.QueryEscape. */
  static String queryEscape(String s) {
    StringBuilder b = new StringBuilder();
    for (byte x : s.getBytes(StandardCharsets.UTF_8)) {
      int c = x & 0xff;
      if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
          || c == '-' || c == '_' || c == '.' || c == '~') {
        b.append((char) c);
      } else if (c == ' ') {
        b.append('+');
      } else {
        b.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
            .append(Character.toUpperCase(Character.forDigit(c & 15, 16)));
      }
    }
    return b.toString();
  }
}
