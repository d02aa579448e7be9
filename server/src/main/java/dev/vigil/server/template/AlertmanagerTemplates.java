package dev.vigil.server.template;

import dev.vigil.server.alerting.NotificationData;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Alertmanager's template functions and data. Templates written for Alertmanager (its
 * default.tmpl included) run against {@link #data(NotificationData)} with {@link #funcs()}.
 * Alertmanager executes with missing keys as the zero value; use
 * {@link GoTemplate#missingKeyZero(boolean)}.
 */
public final class AlertmanagerTemplates {
  private AlertmanagerTemplates() {}

  /** The functions, with {@code now} and {@code since} on the system clock. */
  public static FuncMap funcs() {
    return funcs(Clock.systemUTC());
  }

  /** The functions, with {@code now} and {@code since} on {@code clock}. */
  public static FuncMap funcs(Clock clock) {
    FuncMap f = StringFuncs.alertmanagerCommon();
    f = f.with("trimSpace", StringFuncs.one("trimSpace", AlertmanagerTemplates::trimSpace));
    f = f.with("safeUrl", StringFuncs.one("safeUrl", s -> s));
    f = f.with("urlUnescape", StringFuncs.one("urlUnescape", AlertmanagerTemplates::unescape));
    f = f.with("base64encode", StringFuncs.one("base64encode",
        s -> Base64.getUrlEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8))));
    f = f.with("base64decode", StringFuncs.one("base64decode", s -> {
      try {
        return new String(Base64.getUrlDecoder().decode(s), StandardCharsets.UTF_8);
      } catch (IllegalArgumentException e) {
        throw new TemplateException("illegal base64 data: " + e.getMessage());
      }
    }));
    f = f.with("join", args -> {
      WrongArgs.want("join", args, 2);
      String sep = PrometheusTemplates.str(args.get(0));
      return String.join(sep, strings(args.get(1)));
    });
    f = f.with("stringSlice", args -> {
      List<String> out = new ArrayList<>();
      for (Object a : args) {
        out.add(PrometheusTemplates.str(a));
      }
      return List.copyOf(out);
    });
    f = f.with("list", args -> java.util.Collections.unmodifiableList(new ArrayList<>(args)));
    f = f.with("append", args -> {
      WrongArgs.atLeast("append", args, 1);
      List<?> base = Fmt.asList(args.get(0));
      if (base == null && args.get(0) != null) {
        throw new TemplateException("wrong type for value; expected []interface {}; got "
            + Fmt.typeName(args.get(0)));
      }
      List<Object> out = base == null ? new ArrayList<>() : new ArrayList<>(base);
      out.addAll(args.subList(1, args.size()));
      return java.util.Collections.unmodifiableList(out);
    });
    f = f.with("dict", args -> {
      if (args.size() % 2 != 0) {
        throw new TemplateException("dict requires an even number of arguments");
      }
      Map<String, Object> m = new LinkedHashMap<>();
      for (int i = 0; i < args.size(); i += 2) {
        if (!(args.get(i) instanceof String k)) {
          throw new TemplateException("dict keys must be strings");
        }
        m.put(k, args.get(i + 1));
      }
      return java.util.Collections.unmodifiableMap(m);
    });
    f = f.with("date", args -> {
      WrongArgs.want("date", args, 2);
      return time(args.get(1)).format(PrometheusTemplates.str(args.get(0)));
    });
    f = f.with("tz", args -> {
      WrongArgs.want("tz", args, 2);
      return time(args.get(1)).in(GoTime.zone(PrometheusTemplates.str(args.get(0))));
    });
    f = f.with("since", args -> {
      WrongArgs.want("since", args, 1);
      return new GoDuration(GoTime.nanosBetween(time(args.get(0)).instant(), clock.instant()));
    });
    f = f.with("now", args -> {
      WrongArgs.want("now", args, 0);
      return new GoTime(clock.instant(), clock.getZone());
    });
    f = f.with("humanizeDuration", args -> {
      WrongArgs.want("humanizeDuration", args, 1);
      return Humanize.duration(Humanize.toFloat(args.get(0)));
    });
    f = f.with("toJson", args -> {
      WrongArgs.want("toJson", args, 1);
      return Json.write(args.get(0));
    });
    return f;
  }

  /**
   * Alertmanager's template data for a notification: Receiver, Status, Alerts (with Firing and
   * Resolved; each alert has Status, Labels, Annotations, StartsAt, EndsAt, GeneratorURL,
   * Fingerprint), GroupLabels, CommonLabels, CommonAnnotations, ExternalURL. Label sets are KV
   * maps with SortedPairs, Names, Values and Remove.
   */
  public static Object data(NotificationData d) {
    return AmData.Data.of(d);
  }

  private static GoTime time(Object o) throws TemplateException {
    if (o instanceof GoTime t) {
      return t;
    }
    throw new TemplateException("wrong type for value; expected time.Time; got "
        + Fmt.typeName(o));
  }

  private static List<String> strings(Object o) throws TemplateException {
    List<?> l = Fmt.asList(o);
    if (l == null) {
      throw new TemplateException("wrong type for value; expected []string; got "
          + Fmt.typeName(o));
    }
    List<String> out = new ArrayList<>();
    for (Object e : l) {
      if (!(e instanceof String s)) {
        throw new TemplateException("wrong type for value; expected []string; got "
            + Fmt.typeName(o));
      }
      out.add(s);
    }
    return out;
  }

  /** Go's strings.TrimSpace (Unicode white space). */
  static String trimSpace(String s) {
    int a = 0;
    int b = s.length();
    while (a < b && isGoSpace(s.charAt(a))) {
      a++;
    }
    while (b > a && isGoSpace(s.charAt(b - 1))) {
      b--;
    }
    return s.substring(a, b);
  }

  private static boolean isGoSpace(char c) {
    return c == ' ' || (c >= '\t' && c <= '\r') || c == 0x85 || c == 0xA0
        || Character.isSpaceChar(c);
  }

  /** Go's url.QueryUnescape. */
  static String unescape(String s) throws TemplateException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] in = s.getBytes(StandardCharsets.UTF_8);
    for (int i = 0; i < in.length; i++) {
      byte c = in[i];
      if (c == '%') {
        if (i + 2 >= in.length || Character.digit(in[i + 1], 16) < 0
            || Character.digit(in[i + 2], 16) < 0) {
          String bad = new String(in, i, Math.min(3, in.length - i), StandardCharsets.UTF_8);
          throw new TemplateException("invalid URL escape " + Fmt.quote(bad));
        }
        out.write(Character.digit(in[i + 1], 16) * 16 + Character.digit(in[i + 2], 16));
        i += 2;
      } else if (c == '+') {
        out.write(' ');
      } else {
        out.write(c);
      }
    }
    return out.toString(StandardCharsets.UTF_8);
  }
}
